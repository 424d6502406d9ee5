package org.tfps.decision;

import java.time.LocalDate;

/**
 * One account's counters for one calendar day (in its time zone), as the ledger snapshots them to
 * the database and reads them back after a restart.
 *
 * @param peak the most calls up at once that day
 * @param countries the countries the account called, comma-separated, on its current day's count;
 *     null on other days
 * @param leases its calls up (encoded leases, base64), on its current day's count; null on other
 *     days or when it has none
 */
public record DayCount(
    String account,
    LocalDate day,
    int calls,
    int offHours,
    int allowed,
    double spend,
    int peak,
    String countries,
    String leases) {

  /** A day's counters without the account's countries and leases. */
  public DayCount(
      String account, LocalDate day, int calls, int offHours, int allowed, double spend, int peak) {
    this(account, day, calls, offHours, allowed, spend, peak, null, null);
  }
}
