package org.tfps.engine;

import java.time.Duration;
import java.util.Set;

/**
 * R23: the same subscriber number dialled with several different dial prefixes within minutes
 * ({@code 80046910291628}, then {@code +46910291628}, {@code 0046910291628}, ...): a compromised
 * device searching for the prefix that gets an outside line. It is caught before the first
 * expensive call connects. Numbers are compared on their trailing digits, so it works whatever each
 * form normalizes to.
 */
public final class PrefixProbingRule implements Rule {

  public static final String CODE = "R23";

  /** Trailing digits that identify a subscriber number across dial forms. */
  static final int TAIL_DIGITS = 8;

  private final Duration window;
  private final int forms;
  private final Action action;

  /**
   * @param window how far back to look
   * @param forms distinct dial forms of one number (this call included) that fire the rule
   */
  public PrefixProbingRule(Duration window, int forms, Action action) {
    this.window = window;
    this.forms = forms;
    this.action = action;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    String tail = tail(attempt.dialed());
    if (tail == null) {
      return null;
    }
    long key = History.numberKey(tail);
    String dialed = RecentDistinct.shared(attempt.dialed(), facts);
    Set<String> seen =
        RecentDistinct.atLeast(
            attempt, facts, window, (h, i) -> h.tail(i) == key, PastAttempt::dialed, dialed, forms);
    if (seen == null) {
      return null;
    }
    return new Finding(
        CODE,
        "prefix-probing",
        action,
        100,
        "number ending "
            + tail
            + " dialled "
            + seen.size()
            + " ways within "
            + window.toMinutes()
            + " min: "
            + RecentDistinct.list(seen));
  }

  private static boolean isDialString(String dialed) {
    for (int i = 0; i < dialed.length(); i++) {
      char c = dialed.charAt(i);
      if ((c < '0' || c > '9') && !(c == '+' && i == 0)) {
        return false;
      }
    }
    return true;
  }

  /** The last {@link #TAIL_DIGITS} digits of a dial string made of digits (and a leading +). */
  public static String tail(String dialed) {
    if (dialed == null || dialed.length() < TAIL_DIGITS || !isDialString(dialed)) {
      return null;
    }
    return dialed.substring(dialed.length() - TAIL_DIGITS);
  }

  /**
   * The {@link #tail} of {@code dialed} as a number, one per tail ({@link History#numberKey}), or
   * -1 when it has none.
   */
  public static long tailKey(String dialed) {
    String tail = tail(dialed);
    return tail == null ? -1 : History.numberKey(tail);
  }
}
