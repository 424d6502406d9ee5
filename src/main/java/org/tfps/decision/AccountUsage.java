package org.tfps.decision;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tfps.engine.Baseline;
import org.tfps.engine.History;
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
    History recent) {

  public AccountUsage {
    knownCountries = Set.copyOf(knownCountries);
    recent = recent == null ? History.empty() : recent;
  }

  /**
   * This usage with {@code calls} added: calls this node counted that the state this usage was read
   * from has not applied yet (a cluster applies a count where the account lives a moment after the
   * call, and a node's next call of the account must see it at once). As {@link AccountState#count}
   * would count them: today's counters take the calls of {@code at}'s day in {@code zone}, the
   * windows those of the last minute and hour before {@code at}, an allowed call is up for {@code
   * leaseTime} from its decision and teaches its country, and the attempts join the recent ones
   * (the last {@link AccountState#MAX_RECENT} kept).
   */
  public AccountUsage plus(List<LedgerEntry> calls, ZoneId zone, Instant at, Duration leaseTime) {
    if (calls.isEmpty()) {
      return this;
    }
    long now = at.toEpochMilli();
    long today = LocalAccountLedger.day(at, zone);
    int minute = callsLastMinute;
    int up = recentlyAllowed;
    double hourSpend = spendLastHour;
    int calledToday = callsToday;
    int offHours = offHoursToday;
    int allowed = allowedToday;
    double spend = spendToday;
    Set<String> countries = knownCountries;
    List<PastAttempt> attempts = new ArrayList<>();
    for (LedgerEntry e : calls) {
      long t = e.at().toEpochMilli();
      if (t > now - 60_000) {
        minute++;
      }
      boolean sameDay = LocalAccountLedger.day(e.at(), zone) == today;
      if (sameDay) {
        calledToday++;
        if (e.offHours()) {
          offHours++;
        }
      }
      if (e.allowed()) {
        if (sameDay) {
          allowed++;
          spend += e.cost();
        }
        if (t > now - 3_600_000) {
          hourSpend += e.cost();
        }
        if (e.callId() != null && !e.callId().isEmpty() && t + leaseTime.toMillis() > now) {
          up++;
        }
        if (!e.country().isEmpty()
            && !countries.contains(e.country())
            && countries.size() < AccountState.MAX_COUNTRIES) {
          Set<String> more = new HashSet<>(countries);
          more.add(e.country());
          countries = more;
        }
      }
      if (e.attempt() != null) {
        attempts.add(e.attempt());
      }
    }
    return new AccountUsage(
        minute,
        up,
        hourSpend,
        calledToday,
        offHours,
        allowed,
        spend,
        baseline,
        countries,
        blocked,
        recent.plus(attempts, AccountState.MAX_RECENT));
  }

  /** An account with no usage: new, or its ledger did not answer in time. */
  public static AccountUsage none() {
    return new AccountUsage(0, 0, 0, 0, 0, 0, 0, Baseline.none(), Set.of(), "", History.empty());
  }
}
