package org.tfps.ivr;

import java.util.function.LongSupplier;

/**
 * When each 20 ms frame of an outgoing stream is due, from a monotonic clock ({@link
 * System#nanoTime} in production, a fake in tests). Frame n is due at {@code start + n × period},
 * computed from the start every time, so timer and sleep errors never accumulate: a late frame
 * makes the next delay shorter, not the schedule later. The media thread sleeps until {@link
 * #nextDue} (of the earliest of all calls), then asks {@link #poll}. Not thread-safe: one pacer per
 * stream.
 */
public final class Pacer {

  /** 20 ms in nanoseconds: the G.711 frame TFPS sends (a=ptime:20). */
  public static final long FRAME_NANOS = 20_000_000L;

  /**
   * Frames sent back to back after a stall (a GC pause, a busy event loop) before the rest are
   * skipped. Two frames (40 ms) fit any jitter buffer; sending a second's worth at once would only
   * overflow it. Skipped frames advance the RTP timestamp, not the sequence (RFC 3550 5.1).
   */
  public static final int MAX_LATE_FRAMES = 2;

  private final LongSupplier clock;
  private final long period;
  private final long start;
  private long next;
  private long skipped;
  private long lastLateness;

  /** A pacer whose frame 0 is due now. */
  public Pacer(LongSupplier nanoClock) {
    this(nanoClock, FRAME_NANOS);
  }

  public Pacer(LongSupplier nanoClock, long periodNanos) {
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("period " + periodNanos + " ns is not positive");
    }
    this.clock = nanoClock;
    this.period = periodNanos;
    this.start = nanoClock.getAsLong();
  }

  /** When frame {@code n} is due, on the clock's scale. */
  public long due(long n) {
    return start + n * period;
  }

  /** The index of the next frame to send. */
  public long next() {
    return next;
  }

  /** When the next frame ({@link #next()}) is due, on the clock's scale. */
  public long nextDue() {
    return due(next);
  }

  /** Nanoseconds from now until the next frame is due; 0 when it is due or late. */
  public long nanosUntilDue() {
    return Math.max(0, due(next) - clock.getAsLong());
  }

  /**
   * The frame to send now, or -1 when the next one is not due yet. When more than {@link
   * #MAX_LATE_FRAMES} frames are overdue the oldest are skipped, so the stream catches up with the
   * clock instead of bursting.
   */
  public long poll() {
    long now = clock.getAsLong();
    long late = now - due(next);
    if (late < 0) {
      return -1;
    }
    long overdue = late / period;
    if (overdue > MAX_LATE_FRAMES) {
      long skip = overdue - MAX_LATE_FRAMES;
      next += skip;
      skipped += skip;
      late = now - due(next);
    }
    lastLateness = late;
    return next++;
  }

  /**
   * How late the frame {@link #poll} last returned was, in nanoseconds after its due time: the send
   * jitter a benchmark records (issue 7: p99 at most 5 ms with 50 calls).
   */
  public long lastLatenessNanos() {
    return lastLateness;
  }

  /** Frames skipped so far because the sender fell behind. */
  public long skipped() {
    return skipped;
  }
}
