package org.tfps.engine;

import java.util.Set;

/**
 * What TFPS knows of the calling account when a call arrives: its limits, where it stands today,
 * what it has learned of it, and whether it is blocked.
 *
 * @param limits the account's limits (operator overrides already applied)
 * @param businessHours true when the call arrives inside the account's business hours
 * @param concurrentCalls calls the account has up now, this one excluded: as the softswitch reports
 *     it (P-tfps), or estimated from recently allowed calls
 * @param callsLastMinute call attempts in the last minute, this one excluded
 * @param spendLastHour estimated spend of the allowed calls of the last hour, in the rate deck's
 *     currency
 * @param callsToday call attempts today (calendar day in the account's time zone), this one
 *     excluded
 * @param offHoursCallsToday those of them made out of business hours
 * @param allowedToday allowed calls today, the figure the baseline learns from
 * @param spendToday estimated spend of today's allowed calls, in the rate deck's currency
 * @param baseline what the account's own traffic looks like
 * @param knownCountries destination countries of the account's allowed calls, besides its home
 *     country (verified destinations join them with the verify dialog, issue 7)
 * @param blocked why the account is blocked (R13), or empty when it is not
 */
public record AccountFacts(
    Limits limits,
    boolean businessHours,
    int concurrentCalls,
    int callsLastMinute,
    double spendLastHour,
    int callsToday,
    int offHoursCallsToday,
    int allowedToday,
    double spendToday,
    Baseline baseline,
    Set<String> knownCountries,
    String blocked) {

  public AccountFacts {
    knownCountries = Set.copyOf(knownCountries);
  }

  /** An account TFPS knows nothing of: no limits, inside business hours, nothing learned. */
  public static AccountFacts unknown() {
    return new AccountFacts(
        Limits.none(), true, 0, 0, 0, 0, 0, 0, 0, Baseline.none(), Set.of(), "");
  }
}
