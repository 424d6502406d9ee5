package org.tfps.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void quantilesAreInterpolatedWithinTheirBucket() {
    Histogram h = new Histogram("t", "t");
    assertThat(h.quantileNanos(0.5)).isZero();
    for (int i = 0; i < 98; i++) {
      h.record(60_000); // the 50-100 us bucket
    }
    h.record(3_000_000); // 2.5-5 ms
    h.record(3_000_000);
    assertThat(h.quantileNanos(0.5)).isBetween(50_000L, 100_000L);
    assertThat(h.quantileNanos(0.99)).isBetween(2_500_000L, 5_000_000L);
    h.record(5_000_000_000L); // past the last bound
    assertThat(h.quantileNanos(1.0)).isEqualTo(1_000_000_000L);
  }
}
