package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The media thread's agenda on made-up times: order, rescheduling, ends and failures. */
class MediaScheduleTest {

  private final List<String> ran = new ArrayList<>();
  private final List<String> failed = new ArrayList<>();

  /** A stream that logs each run and answers the next due time from a fixed period. */
  private MediaSchedule.Stream every(String name, long period, int runs) {
    int[] left = {runs};
    return now -> {
      ran.add(name + "@" + now);
      return --left[0] == 0 ? MediaSchedule.DONE : now + period;
    };
  }

  private int run(MediaSchedule s, long now) {
    return s.runDue(now, (stream, e) -> failed.add(e.getMessage()));
  }

  @Test
  void streamsRunEarliestFirstAndOnlyWhenDue() {
    MediaSchedule s = new MediaSchedule();
    s.add(every("b", 20, 100), 15);
    s.add(every("a", 20, 100), 5);
    s.add(every("c", 20, 100), 30);
    assertThat(s.nextDue()).isEqualTo(5);
    assertThat(run(s, 4)).isZero();
    assertThat(run(s, 15)).isEqualTo(2);
    assertThat(ran).containsExactly("a@15", "b@15");
    assertThat(s.nextDue()).as("c at 30, a and b again at 35").isEqualTo(30);
    assertThat(s.size()).isEqualTo(3);
  }

  @Test
  void aStreamDoneIsDropped() {
    MediaSchedule s = new MediaSchedule();
    s.add(every("once", 20, 1), 0);
    s.add(every("twice", 20, 2), 0);
    run(s, 0);
    assertThat(s.size()).isEqualTo(1);
    run(s, 20);
    assertThat(s.size()).isZero();
    assertThat(ran).containsExactly("once@0", "twice@0", "twice@20");
  }

  @Test
  void aStreamThatAnswersAPastTimeRunsOncePerPass() {
    MediaSchedule s = new MediaSchedule();
    s.add(
        now -> {
          ran.add("late@" + now);
          return now - 100;
        },
        0);
    assertThat(run(s, 10)).isEqualTo(1);
    assertThat(run(s, 11)).isEqualTo(1);
    assertThat(ran).containsExactly("late@10", "late@11");
  }

  @Test
  void aStreamThatThrowsIsDroppedAndReported() {
    MediaSchedule s = new MediaSchedule();
    s.add(
        now -> {
          throw new IllegalStateException("boom");
        },
        0);
    s.add(every("ok", 20, 100), 0);
    assertThat(run(s, 0)).isEqualTo(2);
    assertThat(failed).containsExactly("boom");
    assertThat(s.size()).isEqualTo(1);
    assertThat(ran).containsExactly("ok@0");
  }

  @Test
  void manyStreamsKeepTheirOrderAcrossGrowthAndAroundTheClockWrap() {
    MediaSchedule s = new MediaSchedule();
    long base = Long.MAX_VALUE - 1_000; // nanoTime values may wrap: compared by difference
    for (int i = 99; i >= 0; i--) {
      s.add(every("s" + i, 2_000, 100), base + i * 10);
    }
    assertThat(s.size()).isEqualTo(100);
    long now = base;
    List<String> order = new ArrayList<>();
    for (int step = 0; step < 100; step++) {
      now = s.nextDue();
      ran.clear();
      run(s, now);
      order.addAll(ran);
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("s" + i + "@" + (base + i * 10));
    }
    assertThat(order).isEqualTo(expected);
    assertThat(s.nextDue()).as("s0 again, past the wrap").isEqualTo(base + 2_000);
  }
}
