package org.tfps.engine;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/** The shared step of the pattern detectors: distinct values among recent matching attempts. */
final class RecentDistinct {

  /** Evidence lists name at most this many values, so a long attack keeps headers short. */
  static final int EVIDENCE_VALUES = 5;

  private RecentDistinct() {}

  /** "a, b, c, d, e and 12 more": the first values, in first-seen order. */
  static String list(Set<String> values) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (String v : values) {
      if (n == EVIDENCE_VALUES) {
        return sb.append(" and ").append(values.size() - n).append(" more").toString();
      }
      if (n++ > 0) {
        sb.append(", ");
      }
      sb.append(v);
    }
    return sb.toString();
  }

  /** Which attempts of a history a detector counts. */
  @FunctionalInterface
  interface Match {
    boolean test(History history, int index);
  }

  /**
   * The distinct {@code key}s of the history attempts within {@code window} before this call that
   * {@code match}, plus this call's {@code current} key, in first-seen order; null when fewer than
   * {@code threshold}.
   *
   * <p>The common case (an account that dials the same few numbers) is counted without a set: the
   * distinct keys go in a small array, and the scan stops once {@code threshold} are found; only
   * then is the set built, for the evidence. {@code match} and the time read the history's columns
   * ({@link History}), so an attempt is fetched only when it matches.
   */
  static Set<String> atLeast(
      CallAttempt attempt,
      CallFacts facts,
      Duration window,
      Match match,
      Function<PastAttempt, String> key,
      String current,
      int threshold) {
    History history = facts.history();
    long since = History.nanos(attempt.at().minus(window));
    String[] found = null;
    int distinct = 0;
    for (int i = 0; i < history.size(); i++) {
      if (match.test(history, i) && history.time(i) >= since) {
        if (found == null) {
          found = new String[Math.max(1, threshold)];
          found[distinct++] = current;
        }
        if (distinct >= threshold) {
          break;
        }
        String k = key.apply(history.get(i));
        if (!contains(found, distinct, k)) {
          found[distinct++] = k;
        }
      }
    }
    if (found == null || distinct < threshold) {
      return null;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < history.size(); i++) {
      if (match.test(history, i) && history.time(i) >= since) {
        seen.add(key.apply(history.get(i)));
      }
    }
    seen.add(current);
    return seen;
  }

  /**
   * {@code dialed} as this call's destination holds it. The number normalizer's cache hands every
   * call to a number the same {@code Destination}, and the history keeps its dial string, so the
   * history's attempts to one number share one string: comparing them is a reference check, not a
   * walk through every attempt's own copy (most of this step's cost with a full history).
   */
  static String shared(String dialed, CallFacts facts) {
    String held = facts.destination().dialed();
    return dialed.equals(held) ? held : dialed;
  }

  private static boolean contains(String[] values, int n, String v) {
    for (int i = 0; i < n; i++) {
      if (values[i].equals(v)) {
        return true;
      }
    }
    return false;
  }
}
