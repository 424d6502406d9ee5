/**
 * Operators' call history: streaming readers of the CDR files softswitches write (Asterisk cdr_csv,
 * FreeSWITCH mod_cdr_csv, CGRateS CSV export, a documented generic CSV) into {@link
 * org.tfps.history.HistoricalCall}s, each bad row reported with its line, column and {@link
 * org.tfps.history.BadRow.Reason}. Depends on the JDK and the {@code engine} model only; no I/O
 * beyond the {@code Reader} it is handed (docs/cdr-import.md).
 */
package org.tfps.history;
