package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pacer on a fake monotonic clock: due times, no drift, catching up after a stall. */
class PacerTest {

  private static final long MS = 1_000_000L;

  /** A monotonic clock that only moves when told. */
  static final class FakeNanos implements java.util.function.LongSupplier {
    long now = 1_234_567_890L;

    @Override
    public long getAsLong() {
      return now;
    }
  }

  @Test
  void frameNIsDueAtStartPlusNTimes20Ms() {
    FakeNanos clock = new FakeNanos();
    long start = clock.now;
    Pacer pacer = new Pacer(clock);
    assertThat(pacer.due(0)).isEqualTo(start);
    assertThat(pacer.due(50)).isEqualTo(start + 1_000 * MS);
    assertThat(pacer.poll()).isZero();
    assertThat(pacer.poll()).isEqualTo(-1);
    assertThat(pacer.nanosUntilDue()).isEqualTo(20 * MS);
  }

  @Test
  void lateTimersDoNotDelayTheSchedule() {
    FakeNanos clock = new FakeNanos();
    long start = clock.now;
    Pacer pacer = new Pacer(clock);
    pacer.poll();
    // Each timer fires 3 ms late; the schedule stays at start + n * 20 ms.
    for (int n = 1; n <= 1_000; n++) {
      clock.now += pacer.nanosUntilDue() + 3 * MS;
      assertThat(pacer.poll()).isEqualTo(n);
      assertThat(pacer.lastLatenessNanos()).isEqualTo(3 * MS);
      assertThat(pacer.nanosUntilDue()).isEqualTo(17 * MS);
    }
    assertThat(pacer.due(1_001)).isEqualTo(start + 1_001 * 20 * MS);
    assertThat(pacer.skipped()).isZero();
  }

  @Test
  void earlyWakeUpsSendNothing() {
    FakeNanos clock = new FakeNanos();
    Pacer pacer = new Pacer(clock);
    pacer.poll();
    clock.now += 19 * MS;
    assertThat(pacer.poll()).isEqualTo(-1);
    assertThat(pacer.nanosUntilDue()).isEqualTo(MS);
    clock.now += MS;
    assertThat(pacer.poll()).isEqualTo(1);
    assertThat(pacer.lastLatenessNanos()).isZero();
  }

  @Test
  void aStallSkipsAllButTheLastFramesInsteadOfBursting() {
    FakeNanos clock = new FakeNanos();
    Pacer pacer = new Pacer(clock);
    pacer.poll(); // frame 0
    clock.now += 205 * MS; // frames 1..10 due; 10 is 5 ms late
    assertThat(pacer.poll()).isEqualTo(8);
    assertThat(pacer.skipped()).isEqualTo(7);
    assertThat(pacer.lastLatenessNanos()).isEqualTo(45 * MS);
    assertThat(pacer.poll()).isEqualTo(9);
    assertThat(pacer.poll()).isEqualTo(10);
    assertThat(pacer.lastLatenessNanos()).isEqualTo(5 * MS);
    assertThat(pacer.poll()).isEqualTo(-1);
    assertThat(pacer.nanosUntilDue()).isEqualTo(15 * MS);
  }

  @Test
  void aShortStallIsCaughtUpFrameByFrame() {
    FakeNanos clock = new FakeNanos();
    Pacer pacer = new Pacer(clock);
    pacer.poll();
    clock.now += 41 * MS; // frames 1 and 2 due
    assertThat(pacer.poll()).isEqualTo(1);
    assertThat(pacer.poll()).isEqualTo(2);
    assertThat(pacer.poll()).isEqualTo(-1);
    assertThat(pacer.skipped()).isZero();
  }
}
