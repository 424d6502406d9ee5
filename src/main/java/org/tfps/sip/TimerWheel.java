package org.tfps.sip;

import java.util.ArrayList;

/**
 * A hashed timing wheel for transaction timers: O(1) to schedule, no cancellation (a rescheduled
 * entry is recognised as stale when its old slot fires). Driven by {@link #advance(long)} from one
 * periodic tick, so tests move time by hand. Not thread-safe.
 */
final class TimerWheel {

  /** Timer resolution. RFC 3261 timers are multiples of T1 (500 ms); 10 ms is well inside. */
  static final int TICK_MS = 10;

  /** 4096 slots of 10 ms: 40.96 s, longer than Timer H and J (64*T1 = 32 s by default). */
  private static final int SLOTS = 4096;

  private static final int MASK = SLOTS - 1;

  /** Something with one pending deadline at a time. */
  abstract static class Timed {
    /** The tick this entry is due at; Long.MIN_VALUE when not scheduled. */
    long dueTick = Long.MIN_VALUE;

    abstract void onTimer(long nowMillis);
  }

  @SuppressWarnings("unchecked")
  private final ArrayList<Timed>[] slots = new ArrayList[SLOTS];

  private ArrayList<Timed> spare = new ArrayList<>();
  private long currentTick;

  TimerWheel(long nowMillis) {
    currentTick = nowMillis / TICK_MS;
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new ArrayList<>(4);
    }
  }

  /** Schedules (or reschedules) {@code t} for {@code dueMillis}; any earlier schedule is void. */
  void schedule(Timed t, long dueMillis) {
    long tick = Math.max(ceilDiv(dueMillis, TICK_MS), currentTick + 1);
    t.dueTick = tick;
    slots[(int) (tick & MASK)].add(t);
  }

  /** Voids any schedule of {@code t}. */
  void cancel(Timed t) {
    t.dueTick = Long.MIN_VALUE;
  }

  /** Fires every entry due at or before {@code nowMillis}, in tick order. */
  void advance(long nowMillis) {
    long target = nowMillis / TICK_MS;
    while (currentTick < target) {
      currentTick++;
      int index = (int) (currentTick & MASK);
      ArrayList<Timed> due = slots[index];
      if (due.isEmpty()) {
        continue;
      }
      slots[index] = spare;
      for (int i = 0; i < due.size(); i++) {
        Timed t = due.get(i);
        if (t.dueTick == currentTick) {
          t.dueTick = Long.MIN_VALUE;
          t.onTimer(nowMillis);
        } else if (t.dueTick > currentTick && (t.dueTick & MASK) == index) {
          slots[index].add(t); // due on a later turn of the wheel
        }
      }
      due.clear();
      spare = due;
    }
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
