package org.tfps.engine;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

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

  /**
   * The distinct {@code key}s of the history attempts within {@code window} before this call that
   * {@code match}, plus this call's {@code current} key, in first-seen order; null when fewer than
   * {@code threshold} (the common case, which allocates nothing).
   */
  static Set<String> atLeast(
      CallAttempt attempt,
      CallFacts facts,
      Duration window,
      Predicate<PastAttempt> match,
      Function<PastAttempt, String> key,
      String current,
      int threshold) {
    Set<String> seen = null;
    java.time.Instant since = attempt.at().minus(window);
    for (PastAttempt p : facts.history()) {
      if (!p.at().isBefore(since) && match.test(p)) {
        if (seen == null) {
          seen = new LinkedHashSet<>();
        }
        seen.add(key.apply(p));
      }
    }
    if (seen == null || seen.size() + (seen.contains(current) ? 0 : 1) < threshold) {
      return null;
    }
    seen.add(current);
    return seen;
  }
}
