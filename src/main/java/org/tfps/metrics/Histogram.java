package org.tfps.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A latency histogram with fixed buckets, recorded in nanoseconds and exposed in seconds. */
public final class Histogram implements Metric {

  /** Bucket upper bounds in nanoseconds: 5 us to 1 s, fine where decisions should land. */
  static final long[] BOUNDS_NANOS = {
    5_000,
    10_000,
    25_000,
    50_000,
    100_000,
    250_000,
    500_000,
    1_000_000,
    2_500_000,
    5_000_000,
    10_000_000,
    25_000_000,
    50_000_000,
    100_000_000,
    250_000_000,
    1_000_000_000
  };

  private final String name;
  private final String help;
  private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
  private final LongAdder sumNanos = new LongAdder();

  Histogram(String name, String help) {
    this.name = name;
    this.help = help;
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  /** Records one observation. */
  public void record(long nanos) {
    int i = 0;
    while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
      i++;
    }
    buckets[i].increment();
    sumNanos.add(nanos);
  }

  /**
   * The {@code q} quantile (0..1) in nanoseconds, interpolated within its bucket as Prometheus's
   * histogram_quantile does; 0 without observations, the last bound past it.
   */
  public long quantileNanos(double q) {
    long[] counts = new long[buckets.length];
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = buckets[i].sum();
      total += counts[i];
    }
    if (total == 0) {
      return 0;
    }
    double rank = q * total;
    long seen = 0;
    for (int i = 0; i < BOUNDS_NANOS.length; i++) {
      if (seen + counts[i] >= rank && counts[i] > 0) {
        long low = i == 0 ? 0 : BOUNDS_NANOS[i - 1];
        return low + (long) ((BOUNDS_NANOS[i] - low) * ((rank - seen) / counts[i]));
      }
      seen += counts[i];
    }
    return BOUNDS_NANOS[BOUNDS_NANOS.length - 1];
  }

  /** Observations so far. */
  public long count() {
    long n = 0;
    for (LongAdder b : buckets) {
      n += b.sum();
    }
    return n;
  }

  @Override
  public void render(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    long cumulative = 0;
    for (int i = 0; i < BOUNDS_NANOS.length; i++) {
      cumulative += buckets[i].sum();
      out.append(name)
          .append("_bucket{le=\"")
          .append(BOUNDS_NANOS[i] / 1e9)
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    cumulative += buckets[BOUNDS_NANOS.length].sum();
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
    out.append(name).append("_sum ").append(sumNanos.sum() / 1e9).append('\n');
    out.append(name).append("_count ").append(cumulative).append('\n');
  }
}
