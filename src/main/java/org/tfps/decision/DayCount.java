package org.tfps.decision;

import java.time.LocalDate;

/**
 * One account's counters for one calendar day (in its time zone), as the ledger snapshots them to
 * the database and reads them back after a restart.
 *
 * @param peak the most calls up at once that day
 */
public record DayCount(
    String account, LocalDate day, int calls, int offHours, int allowed, double spend, int peak) {}
