package org.tfps.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tfps.engine.Action;

/**
 * The last hour of decisions, minute by minute, for GET /v1/stats: verdicts by code, calls per
 * second, and the accounts and destinations most denied or sent to verify. Memory is bounded: per
 * minute at most {@link #MAX_KEYS} accounts and destinations are told apart (the rest count as
 * "other"). Fed with every decision, from any event loop.
 */
public final class DecisionStats implements DecisionLog {

  /** Minutes kept. */
  public static final int MINUTES = 60;

  /** Accounts (and destinations) told apart per minute. */
  static final int MAX_KEYS = 1000;

  /** Shown for keys past {@link #MAX_KEYS}. */
  public static final String OTHER = "(other)";

  private final Clock clock;
  private final java.util.concurrent.atomic.AtomicReferenceArray<Minute> ring =
      new java.util.concurrent.atomic.AtomicReferenceArray<>(MINUTES);

  /**
   * One minute's counts. The calls and codes are counted without a lock (every call goes through
   * here, on every event loop); the accounts and destinations of flagged calls under the minute's
   * own lock (a tenth of the calls in an attack, far fewer in normal traffic).
   */
  private static final class Minute {
    final long epochMinute;
    final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder>
        byCode = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
    final Map<String, Long> accounts = new HashMap<>();
    final Map<String, Long> destinations = new HashMap<>();

    Minute(long epochMinute) {
      this.epochMinute = epochMinute;
    }

    void count(String code) {
      calls.increment();
      java.util.concurrent.atomic.LongAdder n = byCode.get(code);
      if (n == null) {
        n = byCode.computeIfAbsent(code, k -> new java.util.concurrent.atomic.LongAdder());
      }
      n.increment();
    }
  }

  /** One minute as shown: when it starts, and its calls by deciding code. */
  public record Interval(Instant start, Map<String, Long> byCode) {}

  /** An account or destination and how many of its calls were denied or sent to verify. */
  public record Top(String key, long calls) {}

  /** What the last hour looks like. */
  public record Snapshot(
      List<Interval> intervals,
      double callsPerSecondLastMinute,
      long callsLastHour,
      List<Top> accounts,
      List<Top> destinations) {}

  public DecisionStats(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void decided(Decision d) {
    Minute m = minute(Math.floorDiv(d.attempt().at().toEpochMilli(), 60_000L));
    if (m == null) {
      return; // older than the ring
    }
    m.count(d.verdict().code());
    if (d.verdict().action() != Action.ALLOW) {
      String destination =
          d.destination().e164().isEmpty() ? d.destination().dialed() : d.destination().e164();
      synchronized (m) {
        count(m.accounts, d.attempt().account());
        count(m.destinations, destination);
      }
    }
  }

  private static void count(Map<String, Long> m, String key) {
    if (m.size() >= MAX_KEYS && !m.containsKey(key)) {
      key = OTHER;
    }
    m.merge(key, 1L, Long::sum);
  }

  /** The minute's counts, made when it starts; null for a minute older than the ring. */
  private Minute minute(long epochMinute) {
    int slot = (int) Math.floorMod(epochMinute, (long) MINUTES);
    Minute m = ring.get(slot);
    if (m != null && m.epochMinute == epochMinute) {
      return m;
    }
    synchronized (this) {
      m = ring.get(slot);
      if (m == null || m.epochMinute < epochMinute) {
        m = new Minute(epochMinute);
        ring.set(slot, m);
        return m;
      }
      return m.epochMinute == epochMinute ? m : null;
    }
  }

  /** The last hour, oldest minute first, with the {@code top} most denied accounts and numbers. */
  public Snapshot snapshot(int top) {
    long now = Math.floorDiv(clock.millis(), 60_000L);
    List<Interval> intervals = new ArrayList<>();
    Map<String, Long> accounts = new HashMap<>();
    Map<String, Long> destinations = new HashMap<>();
    long calls = 0;
    long lastMinute = 0;
    for (long e = now - MINUTES + 1; e <= now; e++) {
      Minute m = ring.get((int) Math.floorMod(e, (long) MINUTES));
      if (m == null || m.epochMinute != e) {
        continue;
      }
      Map<String, Long> byCode = new TreeMap<>();
      m.byCode.forEach((k, v) -> byCode.put(k, v.sum()));
      intervals.add(new Interval(Instant.ofEpochSecond(e * 60), new LinkedHashMap<>(byCode)));
      long n = m.calls.sum();
      calls += n;
      if (e == now - 1) {
        lastMinute = n;
      }
      synchronized (m) {
        m.accounts.forEach((k, v) -> accounts.merge(k, v, Long::sum));
        m.destinations.forEach((k, v) -> destinations.merge(k, v, Long::sum));
      }
    }
    return new Snapshot(
        intervals, lastMinute / 60.0, calls, top(accounts, top), top(destinations, top));
  }

  private static List<Top> top(Map<String, Long> m, int n) {
    return m.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(e -> new Top(e.getKey(), e.getValue()))
        .toList();
  }
}
