package org.tfps.decision;

import java.util.List;
import java.util.Set;
import org.tfps.engine.Baseline;
import org.tfps.engine.PastAttempt;

/**
 * Where an account stands on the calendar day of a call, and what TFPS learned of it.
 *
 * @param callsLastMinute call attempts in the last minute
 * @param recentlyAllowed calls up: allowed calls whose lease neither a call record nor the
 *     concurrency window ended (used when the softswitch gives no count)
 * @param spendLastHour estimated spend of the allowed calls of the last hour
 * @param callsToday call attempts today
 * @param offHoursToday those made out of business hours
 * @param allowedToday allowed calls today
 * @param spendToday estimated spend of today's allowed calls
 * @param baseline the learned baseline over the past days (today excluded)
 * @param knownCountries countries of allowed calls (the home country is always known)
 * @param blocked why the account is blocked, or empty
 * @param recent its attempts within the history window, oldest first (for the pattern detectors)
 */
public record AccountUsage(
    int callsLastMinute,
    int recentlyAllowed,
    double spendLastHour,
    int callsToday,
    int offHoursToday,
    int allowedToday,
    double spendToday,
    Baseline baseline,
    Set<String> knownCountries,
    String blocked,
    List<PastAttempt> recent) {

  public AccountUsage {
    knownCountries = Set.copyOf(knownCountries);
    recent = List.copyOf(recent);
  }

  /** An account with no usage: new, or its ledger did not answer in time. */
  public static AccountUsage none() {
    return new AccountUsage(0, 0, 0, 0, 0, 0, 0, Baseline.none(), Set.of(), "", List.of());
  }
}
