package org.tfps.engine;

/**
 * What an account's own allowed traffic looks like, learned over a sliding window of calendar days.
 *
 * @param days full days observed since the account was first seen, at most the window
 * @param dailyMean mean allowed calls per day over those days
 * @param dailySd their standard deviation
 * @param concurrencyMean mean of each day's peak of concurrent calls
 * @param concurrencySd its standard deviation
 */
public record Baseline(
    int days, double dailyMean, double dailySd, double concurrencyMean, double concurrencySd) {

  /** Nothing learned yet: a new or unknown account. */
  public static Baseline none() {
    return new Baseline(0, 0, 0, 0, 0);
  }
}
