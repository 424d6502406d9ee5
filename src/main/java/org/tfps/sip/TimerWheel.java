package org.tfps.sip;

/**
 * A hashed timing wheel for transaction timers: O(1) to schedule, reschedule and cancel (each slot
 * is an intrusive doubly linked list, so an ended transaction leaves nothing behind for the
 * collector to trace). Driven by {@link #advance(long)} from one periodic tick, so tests move time
 * by hand. Not thread-safe.
 */
final class TimerWheel {

  /** Timer resolution. RFC 3261 timers are multiples of T1 (500 ms); 10 ms is well inside. */
  static final int TICK_MS = 10;

  /** 4096 slots of 10 ms: 40.96 s per turn; longer timers wait for later turns. */
  private static final int SLOTS = 4096;

  private static final int MASK = SLOTS - 1;

  /** Something with one pending deadline at a time. */
  abstract static class Timed {
    /** The tick this entry is due at; meaningful only while linked. */
    long dueTick;

    Timed prev;
    Timed next;
    boolean linked;

    abstract void onTimer(long nowMillis);
  }

  /** Slot heads: sentinels whose next/prev form a circular list. */
  private final Timed[] slots = new Timed[SLOTS];

  private long currentTick;

  TimerWheel(long nowMillis) {
    currentTick = nowMillis / TICK_MS;
    for (int i = 0; i < SLOTS; i++) {
      Timed head =
          new Timed() {
            @Override
            void onTimer(long nowMillis) {}
          };
      head.prev = head;
      head.next = head;
      slots[i] = head;
    }
  }

  /** Schedules (or reschedules) {@code t} for {@code dueMillis}; any earlier schedule is void. */
  void schedule(Timed t, long dueMillis) {
    cancel(t);
    long tick = Math.max(ceilDiv(dueMillis, TICK_MS), currentTick + 1);
    t.dueTick = tick;
    Timed head = slots[(int) (tick & MASK)];
    t.prev = head.prev;
    t.next = head;
    head.prev.next = t;
    head.prev = t;
    t.linked = true;
  }

  /** Voids any schedule of {@code t}. */
  void cancel(Timed t) {
    if (!t.linked) {
      return;
    }
    t.prev.next = t.next;
    t.next.prev = t.prev;
    t.prev = null;
    t.next = null;
    t.linked = false;
  }

  /** Fires every entry due at or before {@code nowMillis}, in tick order. */
  void advance(long nowMillis) {
    long target = nowMillis / TICK_MS;
    while (currentTick < target) {
      currentTick++;
      Timed head = slots[(int) (currentTick & MASK)];
      Timed t = head.next;
      while (t != head) {
        Timed next = t.next;
        if (t.dueTick <= currentTick) {
          cancel(t);
          t.onTimer(nowMillis); // may reschedule t, never into this tick
        }
        t = next;
      }
    }
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
