package org.tfps.engine;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An account's business hours: the union of one or more recurring intervals, each written in the
 * TFPS v2 / OpenSIPS time-recurrence form ({@code tz|dtstart|dtend|duration|freq|...}) or as RFC
 * 5545 content lines ({@code DTSTART;TZID=...:... DTEND:... RRULE:...}); docs/business-hours.md has
 * the formats. Recurrences are evaluated by lib-recur.
 *
 * <p>{@link #contains} runs on every call decision. It answers from an immutable {@code Window}
 * (the answer and the span of time over which it holds, from one boundary to the next), published
 * through a volatile field: the common case is one volatile read and two comparisons, no lock and
 * no allocation. Only an instant outside the window (a boundary was crossed, or the clock jumped)
 * makes it recompute, with lib-recur fast-forwarded to just before that instant.
 */
public final class BusinessHours {

  /**
   * Instants are clamped to years 1..9999, the range lib-recur and the spec formats can express, so
   * that {@code Instant.MIN}/{@code MAX} neither overflow millis nor reach the window sentinels.
   */
  private static final long MIN_MILLIS = -62_135_596_800_000L;

  private static final long MAX_MILLIS = 253_402_300_799_999L;

  /**
   * Extending an inside window over back-to-back or overlapping intervals stops after this many
   * intervals; the window then ends early (still correct) and the next call recomputes.
   */
  static final int MAX_MERGE = 1_000;

  /** The answer {@code inside} for every instant in [from, until) (epoch millis). */
  private record Window(long from, long until, boolean inside) {
    boolean holds(long at) {
      return at >= from && at < until;
    }
  }

  /** A window that holds nowhere, so the first call computes. */
  private static final Window NONE = new Window(Long.MAX_VALUE, Long.MIN_VALUE, false);

  private final List<String> specs;
  private final List<Recurrence> recurrences;
  private volatile Window window;

  private BusinessHours(List<String> specs, List<Recurrence> recurrences, Window initial) {
    this.specs = List.copyOf(specs);
    this.recurrences = List.copyOf(recurrences);
    this.window = initial;
  }

  /**
   * Parses one or more specs (their union). Each spec is one of the two forms in
   * docs/business-hours.md.
   *
   * @param defaultZone the zone of a spec that names none (an empty tz field, a DTSTART without
   *     TZID)
   * @throws IllegalArgumentException with a one-line message an operator can act on, naming the
   *     spec (by position, from 1), the bad field and its value
   */
  public static BusinessHours parse(List<String> specs, ZoneId defaultZone) {
    Objects.requireNonNull(specs, "specs");
    Objects.requireNonNull(defaultZone, "defaultZone");
    if (specs.isEmpty()) {
      throw new IllegalArgumentException(
          "no business hours spec given (an account without hours is always inside)");
    }
    List<Recurrence> recurrences = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      String spec = specs.get(i);
      String where = specs.size() == 1 ? "" : "spec " + (i + 1) + ": ";
      if (spec == null || spec.isBlank()) {
        throw new IllegalArgumentException(where + "the spec is empty");
      }
      try {
        recurrences.add(RecurrenceParser.parse(spec.strip(), defaultZone));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    return new BusinessHours(specs, recurrences, NONE);
  }

  /** Always inside (24x7): an account with no hours configured. */
  public static BusinessHours always() {
    return new BusinessHours(
        List.of(), List.of(), new Window(Long.MIN_VALUE, Long.MAX_VALUE, true));
  }

  /**
   * True when {@code at} falls inside one of the intervals (start inclusive, end exclusive).
   * Thread-safe; lock-free unless {@code at} is past the cached window.
   */
  public boolean contains(Instant at) {
    long millis = millis(at);
    Window w = window;
    if (w.holds(millis)) {
      return w.inside;
    }
    return recompute(millis);
  }

  /** The specs as given (for status and explanations); empty for {@link #always()}. */
  public List<String> specs() {
    return specs;
  }

  @Override
  public String toString() {
    return specs.isEmpty() ? "BusinessHours[always]" : "BusinessHours" + specs;
  }

  /** Serialized: lib-recur iteration is not thread-safe, and one recomputation serves all. */
  private synchronized boolean recompute(long at) {
    Window w = window;
    if (!w.holds(at)) {
      w = compute(at);
      window = w;
    }
    return w.inside;
  }

  /**
   * The window around {@code at}. Each recurrence is fast-forwarded to {@code at - 2 * maxLength},
   * so every interval that covers {@code at}, or ends within {@code maxLength} before it, is seen.
   *
   * <p>Inside: from the earliest start among the intervals covering {@code at} to the end of the
   * run of overlapping or touching intervals (across all specs). Outside: from the latest end
   * before {@code at} (at most {@code maxLength} back) to the next start.
   */
  private Window compute(long at) {
    List<Recurrence.Cursor> cursors = new ArrayList<>(recurrences.size());
    long quietFrom = Long.MIN_VALUE;
    long coverFrom = Long.MAX_VALUE;
    long coverUntil = Long.MIN_VALUE;
    for (Recurrence r : recurrences) {
      Recurrence.Cursor c = r.from(saturatedMinus(at, 2 * r.maxLength()));
      long quiet = saturatedMinus(at, r.maxLength());
      while (c.hasNext() && c.start() <= at) {
        long end = c.end();
        if (end > at) {
          coverFrom = Math.min(coverFrom, c.start());
          coverUntil = Math.max(coverUntil, end);
        } else {
          quiet = Math.max(quiet, end);
        }
        c.advance();
      }
      quietFrom = Math.max(quietFrom, quiet);
      cursors.add(c);
    }
    if (coverUntil > at) {
      return new Window(coverFrom, extend(cursors, coverUntil), true);
    }
    long next = Long.MAX_VALUE;
    for (Recurrence.Cursor c : cursors) {
      if (c.hasNext()) {
        next = Math.min(next, c.start());
      }
    }
    return new Window(quietFrom, next, false);
  }

  /** Extends an inside run that ends at {@code until} over intervals that start by its end. */
  private static long extend(List<Recurrence.Cursor> cursors, long until) {
    int merged = 0;
    boolean grew = true;
    while (grew && merged < MAX_MERGE) {
      grew = false;
      for (Recurrence.Cursor c : cursors) {
        while (c.hasNext() && c.start() <= until && merged++ < MAX_MERGE) {
          long end = c.end();
          if (end > until) {
            until = end;
            grew = true;
          }
          c.advance();
        }
      }
    }
    return until;
  }

  private static long millis(Instant at) {
    long seconds = at.getEpochSecond();
    if (seconds < MIN_MILLIS / 1000) {
      return MIN_MILLIS;
    }
    if (seconds > MAX_MILLIS / 1000) {
      return MAX_MILLIS;
    }
    return at.toEpochMilli();
  }

  private static long saturatedMinus(long a, long b) {
    long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
  }
}
