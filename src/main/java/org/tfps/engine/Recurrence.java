package org.tfps.engine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.InstanceIterator;
import org.dmfs.rfc5545.RecurrenceSet;

/**
 * One parsed business-hours spec in lib-recur terms: the instants at which its intervals start, how
 * long each lasts, and an optional hard end that cuts them. Built by {@link RecurrenceParser}.
 *
 * <p>Not safe for concurrent iteration: lib-recur's {@code RecurrenceRule.iterator} writes to the
 * rule, so {@link BusinessHours} iterates under its own lock (only when its cached answer expires).
 */
final class Recurrence {

  /**
   * The longest one interval may last. It bounds the look-back that each recomputation scans (twice
   * this, see {@link BusinessHours}); a quarter covers seasonal closures, longer ones are a union.
   */
  static final long MAX_LENGTH_SECONDS = 92L * 86_400;

  /**
   * Added to the nominal length when bounding the look-back: a wall-clock length can be longer in
   * real time by a DST shift (at most 2 h in the tz database); a day is generous and costs little.
   */
  private static final long DST_MARGIN_MILLIS = 86_400_000L;

  private final RecurrenceSet starts;
  private final ZoneId zone;
  private final long wallSeconds;
  private final long exactSeconds;
  private final long hardEnd;
  private final long maxLength;

  /**
   * @param starts the interval starts, in {@code zone}
   * @param wallSeconds the wall-clock part of the length: the end is this many seconds later on the
   *     local clock (a DTEND, or the days of a DURATION), so 09:00-17:00 stays so across DST
   * @param exactSeconds the elapsed-time part of the length (the hours of a DURATION)
   * @param hardEnd epoch millis at which every interval is cut (exclusive), or {@link
   *     Long#MAX_VALUE}
   */
  Recurrence(RecurrenceSet starts, ZoneId zone, long wallSeconds, long exactSeconds, long hardEnd) {
    this.starts = starts;
    this.zone = zone;
    this.wallSeconds = wallSeconds;
    this.exactSeconds = exactSeconds;
    this.hardEnd = hardEnd;
    this.maxLength = (wallSeconds + exactSeconds) * 1000 + DST_MARGIN_MILLIS;
  }

  /** An upper bound, in millis, on the real length of one interval. */
  long maxLength() {
    return maxLength;
  }

  /** The exclusive end, in epoch millis, of the interval that starts at {@code start}. */
  long end(long start) {
    long end = start;
    if (wallSeconds > 0) {
      LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(start), zone);
      end = local.plusSeconds(wallSeconds).atZone(zone).toInstant().toEpochMilli();
    }
    return Math.min(end + exactSeconds * 1000, hardEnd);
  }

  /** The intervals, in start order, from the first that starts at or after {@code from}. */
  Cursor from(long from) {
    InstanceIterator it = starts.iterator();
    it.fastForward(new DateTime(DateTime.UTC, from));
    return new Cursor(it);
  }

  /** A position in the intervals; {@link #start} is {@link Long#MAX_VALUE} after the last. */
  final class Cursor {
    private final InstanceIterator it;
    private long start;

    private Cursor(InstanceIterator it) {
      this.it = it;
      advance();
    }

    boolean hasNext() {
      return start != Long.MAX_VALUE;
    }

    /** The start of the current interval (epoch millis). */
    long start() {
      return start;
    }

    /** The end of the current interval (epoch millis, exclusive). */
    long end() {
      return Recurrence.this.end(start);
    }

    /** Moves to the next interval; intervals at or past the hard end would be empty: none. */
    void advance() {
      start = Long.MAX_VALUE;
      if (it.hasNext()) {
        long next = it.next().getTimestamp();
        if (next < hardEnd) {
          start = next;
        }
      }
    }
  }
}
