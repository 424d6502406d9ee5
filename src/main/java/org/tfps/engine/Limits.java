package org.tfps.engine;

/**
 * An account's limits. A limit of 0 is no limit. Money is in the rate deck's currency.
 *
 * @param concurrentBusiness calls up at once, in business hours (R08)
 * @param concurrentOffHours calls up at once, out of business hours (R10)
 * @param perMinuteBusiness call attempts per minute, in business hours (R09)
 * @param perMinuteOffHours call attempts per minute, out of business hours (R09)
 * @param perDay call attempts per calendar day in the account's time zone (R11)
 * @param perDayOffHours call attempts out of business hours per calendar day (R11)
 * @param maxRatePerMinute the dearest per-minute rate one call may have (R14)
 * @param maxSpendPerHour estimated spend in the last hour (R15)
 * @param maxSpendPerDay estimated spend in the calendar day (R15)
 */
public record Limits(
    int concurrentBusiness,
    int concurrentOffHours,
    int perMinuteBusiness,
    int perMinuteOffHours,
    int perDay,
    int perDayOffHours,
    double maxRatePerMinute,
    double maxSpendPerHour,
    double maxSpendPerDay) {

  /** No limits at all. */
  public static Limits none() {
    return new Limits(0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
