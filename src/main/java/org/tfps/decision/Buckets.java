package org.tfps.decision;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * A sum over a sliding window, kept as a ring of equal buckets, so a busy account costs the same
 * memory as a quiet one. The window is accurate to one bucket: {@link #sum} covers between {@code
 * window - window / buckets} and {@code window}. Not thread-safe: the ledger guards it with the
 * account's monitor.
 */
final class Buckets {

  private final long width;
  private final double[] sums;
  private long newest = Long.MIN_VALUE;

  Buckets(Duration window, int buckets) {
    this(Math.max(1, window.toMillis() / buckets), new double[buckets]);
  }

  private Buckets(long width, double[] sums) {
    this.width = width;
    this.sums = sums;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(width);
    out.writeLong(newest);
    out.writeShort(sums.length);
    for (double v : sums) {
      out.writeDouble(v);
    }
  }

  static Buckets readFrom(DataInput in) throws IOException {
    long width = in.readLong();
    long newest = in.readLong();
    double[] sums = new double[in.readUnsignedShort()];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = in.readDouble();
    }
    Buckets b = new Buckets(width, sums);
    b.newest = newest;
    return b;
  }

  /** Empties the window. */
  void clear() {
    java.util.Arrays.fill(sums, 0);
  }

  /** Adds {@code value} at {@code at}; values older than the window are ignored. */
  void add(Instant at, double value) {
    long b = Math.floorDiv(at.toEpochMilli(), width);
    if (newest == Long.MIN_VALUE) {
      newest = b;
    }
    if (b > newest) {
      long clear = Math.min(b - newest, sums.length);
      for (long i = 1; i <= clear; i++) {
        sums[slot(newest + i)] = 0;
      }
      newest = b;
    } else if (b <= newest - sums.length) {
      return;
    }
    sums[slot(b)] += value;
  }

  /** The sum of the window ending at {@code at}. */
  double sum(Instant at) {
    if (newest == Long.MIN_VALUE) {
      return 0;
    }
    long b = Math.floorDiv(at.toEpochMilli(), width);
    double s = 0;
    for (long i = Math.max(b - sums.length + 1, newest - sums.length + 1);
        i <= Math.min(b, newest);
        i++) {
      s += sums[slot(i)];
    }
    return s;
  }

  private int slot(long bucket) {
    return (int) Math.floorMod(bucket, (long) sums.length);
  }
}
