package org.tfps.engine;

import java.time.Duration;
import java.util.Set;

/**
 * R24: several different numbers of one foreign range within minutes (all digits equal but the last
 * few): an attacker testing which numbers of a revenue-share range answer. Ranges in the account's
 * home country are left alone: an office calling several colleagues of one company does exactly
 * this (domestic abuse is the cost rules' job).
 */
public final class SequentialDialingRule implements Rule {

  public static final String CODE = "R24";

  private final Duration window;
  private final int numbers;
  private final int suffixDigits;
  private final Action action;

  /**
   * @param numbers distinct numbers of one range (this call included) that fire the rule
   * @param suffixDigits how many trailing digits may differ (1 to 3)
   */
  public SequentialDialingRule(Duration window, int numbers, int suffixDigits, Action action) {
    this.window = window;
    this.numbers = numbers;
    this.suffixDigits = suffixDigits;
    this.action = action;
  }

  @Override
  public boolean judgesDestination() {
    return true;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    String e164 = facts.destination().e164();
    if (e164.length() < suffixDigits + 6
        || facts.destination().country().equals(facts.homeCountry())) {
      return null;
    }
    String range = e164.substring(0, e164.length() - suffixDigits);
    long key = History.numberKey(e164);
    RecentDistinct.Match inRange;
    if (key == History.NO_NUMBER) {
      inRange =
          (h, i) -> {
            String number = h.get(i).e164();
            return number.length() == e164.length() && number.startsWith(range);
          };
    } else {
      long[] keys = History.range(key, suffixDigits);
      inRange = (h, i) -> h.number(i) >= keys[0] && h.number(i) < keys[1];
    }
    Set<String> seen =
        RecentDistinct.atLeast(attempt, facts, window, inRange, PastAttempt::e164, e164, numbers);
    if (seen == null) {
      return null;
    }
    return new Finding(
        CODE,
        "sequential-dialing",
        action,
        80,
        seen.size()
            + " numbers of range "
            + range
            + "x".repeat(suffixDigits)
            + " within "
            + window.toMinutes()
            + " min: "
            + RecentDistinct.list(seen));
  }
}
