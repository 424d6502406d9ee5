/**
 * Operators' call history: streaming readers of the CDR files softswitches write (Asterisk cdr_csv,
 * FreeSWITCH mod_cdr_csv, CGRateS CSV export, a documented generic CSV) into {@link
 * org.tfps.history.HistoricalCall}s, each bad row reported with its line, column and {@link
 * org.tfps.history.BadRow.Reason}; and the what-if replay of such a file through a fresh decision
 * use case ({@link org.tfps.history.WhatIf}, its {@link org.tfps.history.WhatIfReport}). Depends on
 * the JDK, the {@code engine} model, {@code decision} and Vert.x's {@code Future} and JSON only; no
 * I/O beyond the stream it is handed (docs/cdr-import.md, docs/what-if.md).
 */
package org.tfps.history;
