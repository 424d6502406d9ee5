package org.tfps.decision;

import org.tfps.engine.Limits;

/**
 * An account's own limits; a null field takes the configured default (see {@link Limits} for what
 * each one bounds).
 */
public record LimitSettings(
    Integer concurrentBusiness,
    Integer concurrentOffHours,
    Integer perMinuteBusiness,
    Integer perMinuteOffHours,
    Integer perDay,
    Integer perDayOffHours,
    Double maxRatePerMinute,
    Double maxSpendPerHour,
    Double maxSpendPerDay) {

  /** No limit of its own: every limit is the default. */
  public static LimitSettings defaults() {
    return new LimitSettings(null, null, null, null, null, null, null, null, null);
  }

  /** Every limit of {@code l}, none left to a default. */
  public static LimitSettings of(Limits l) {
    return new LimitSettings(
        l.concurrentBusiness(),
        l.concurrentOffHours(),
        l.perMinuteBusiness(),
        l.perMinuteOffHours(),
        l.perDay(),
        l.perDayOffHours(),
        l.maxRatePerMinute(),
        l.maxSpendPerHour(),
        l.maxSpendPerDay());
  }

  /** These limits over {@code d}: each null field takes d's value. */
  public Limits over(Limits d) {
    return new Limits(
        or(concurrentBusiness, d.concurrentBusiness()),
        or(concurrentOffHours, d.concurrentOffHours()),
        or(perMinuteBusiness, d.perMinuteBusiness()),
        or(perMinuteOffHours, d.perMinuteOffHours()),
        or(perDay, d.perDay()),
        or(perDayOffHours, d.perDayOffHours()),
        or(maxRatePerMinute, d.maxRatePerMinute()),
        or(maxSpendPerHour, d.maxSpendPerHour()),
        or(maxSpendPerDay, d.maxSpendPerDay()));
  }

  private static int or(Integer own, int d) {
    return own == null ? d : own;
  }

  private static double or(Double own, double d) {
    return own == null ? d : own;
  }
}
