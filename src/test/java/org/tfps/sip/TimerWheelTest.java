package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

  private final List<String> fired = new ArrayList<>();

  private TimerWheel.Timed timer(String name) {
    return new TimerWheel.Timed() {
      @Override
      void onTimer(long nowMillis) {
        fired.add(name + "@" + nowMillis);
      }
    };
  }

  @Test
  void firesInOrderAtTickResolution() {
    TimerWheel w = new TimerWheel(1_000);
    w.schedule(timer("b"), 1_500);
    w.schedule(timer("a"), 1_200);
    w.advance(1_199);
    assertThat(fired).isEmpty();
    w.advance(1_200);
    assertThat(fired).containsExactly("a@1200");
    w.advance(2_000);
    assertThat(fired).containsExactly("a@1200", "b@2000");
  }

  @Test
  void rescheduleAndCancelLeaveNothingBehind() {
    TimerWheel w = new TimerWheel(0);
    TimerWheel.Timed t = timer("t");
    TimerWheel.Timed u = timer("u");
    w.schedule(t, 100);
    w.schedule(t, 300); // moves it
    w.schedule(u, 100);
    w.cancel(u);
    w.cancel(u); // twice is harmless
    w.advance(200);
    assertThat(fired).isEmpty();
    w.advance(300);
    assertThat(fired).containsExactly("t@300");
    assertThat(t.linked).isFalse();
  }

  @Test
  void timersLongerThanOneTurnWaitForTheirTurn() {
    TimerWheel w = new TimerWheel(0);
    w.schedule(timer("long"), 100_000); // 2.4 turns of 40.96 s
    w.schedule(timer("short"), 50);
    w.advance(99_990);
    assertThat(fired).containsExactly("short@99990");
    w.advance(100_000);
    assertThat(fired).containsExactly("short@99990", "long@100000");
  }

  @Test
  void aTimerMayRescheduleItselfWhenItFires() {
    TimerWheel w = new TimerWheel(0);
    int[] count = {0};
    TimerWheel.Timed repeat =
        new TimerWheel.Timed() {
          @Override
          void onTimer(long nowMillis) {
            if (++count[0] < 5) {
              w.schedule(this, nowMillis + 500);
            }
          }
        };
    w.schedule(repeat, 500);
    for (long now = 0; now <= 5_000; now += 10) {
      w.advance(now);
    }
    assertThat(count[0]).isEqualTo(5);
  }
}
