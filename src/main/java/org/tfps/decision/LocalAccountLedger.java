package org.tfps.decision;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tfps.engine.Baseline;

/**
 * Account counters, learning and blocks kept in this node's memory: sliding windows of the last
 * minute's attempts, the concurrency window's allowed calls and the last hour's spend (rings of
 * buckets, so a busy account costs no more memory than a quiet one), today's counters, a ring of
 * the last {@code windowDays} days (allowed calls and peak concurrency) from which the baseline
 * (mean and standard deviation) is computed once per day, the known countries, and the block. About
 * a kilobyte per account. The cluster-wide ledger (Hazelcast, MySQL) replaces it with issue 4.
 */
public final class LocalAccountLedger implements AccountLedger {

  /** Countries remembered per account; past it new countries are not learned. */
  static final int MAX_COUNTRIES = 64;

  private final int windowDays;
  private final Duration concurrencyWindow;
  private final int maxAccounts;
  private final Map<String, State> accounts = new ConcurrentHashMap<>();
  private final AtomicLong untracked = new AtomicLong();

  /**
   * @param windowDays days of history the baseline is learned over
   * @param concurrencyWindow allowed calls within it are counted as up
   * @param maxAccounts accounts tracked; calls of further accounts are decided without usage and
   *     counted in {@link #untracked()} (accounts idle for a whole learning window are forgotten by
   *     {@link #forgetIdle}, never by a call)
   */
  public LocalAccountLedger(int windowDays, Duration concurrencyWindow, int maxAccounts) {
    this.windowDays = windowDays;
    this.concurrencyWindow = concurrencyWindow;
    this.maxAccounts = maxAccounts;
  }

  @Override
  public Future<AccountUsage> usage(String account, ZoneId zone, Instant at) {
    State s = accounts.get(account);
    if (s == null) {
      return Future.succeededFuture(AccountUsage.none());
    }
    synchronized (s) {
      s.rollTo(day(at, zone), windowDays);
      return Future.succeededFuture(
          new AccountUsage(
              (int) s.lastMinute.sum(at),
              (int) s.allowedRecently.sum(at),
              s.lastHourSpend.sum(at),
              s.calls,
              s.offHours,
              s.allowed,
              s.spend,
              s.baseline,
              s.countries,
              s.blockedUntil != null && at.isBefore(s.blockedUntil) ? s.blockReason : ""));
    }
  }

  @Override
  public void record(String account, ZoneId zone, LedgerEntry e) {
    long today = day(e.at(), zone);
    while (true) {
      State s = state(account, today);
      if (s == null) {
        return;
      }
      synchronized (s) {
        if (s.forgotten) {
          continue; // forgetIdle removed it meanwhile: start a new one
        }
        count(s, today, e);
        return;
      }
    }
  }

  private void count(State s, long today, LedgerEntry e) {
    s.rollTo(today, windowDays);
    s.changed = true;
    s.lastSeen = Math.max(s.lastSeen, e.at().toEpochMilli());
    s.lastMinute.add(e.at(), 1);
    s.calls++;
    if (e.offHours()) {
      s.offHours++;
    }
    if (e.allowed()) {
      s.allowed++;
      s.spend += e.cost();
      s.allowedRecently.add(e.at(), 1);
      s.lastHourSpend.add(e.at(), e.cost());
      s.peak = Math.max(s.peak, e.concurrent());
      if (!e.country().isEmpty()
          && !s.countries.contains(e.country())
          && s.countries.size() < MAX_COUNTRIES) {
        Set<String> more = new HashSet<>(s.countries);
        more.add(e.country());
        s.countries = Set.copyOf(more);
      }
    }
  }

  @Override
  public void block(String account, String reason, Instant until) {
    // A block is always kept, past the bound too: it is rare and must never be lost.
    while (true) {
      State s = accounts.computeIfAbsent(account, k -> newState(Long.MIN_VALUE));
      synchronized (s) {
        if (s.forgotten) {
          continue;
        }
        // The block that lasts longer wins: a block read back late never shortens a newer one.
        if (s.blockedUntil == null || until.isAfter(s.blockedUntil)) {
          s.blockReason = reason;
          s.blockedUntil = until;
        }
        return;
      }
    }
  }

  /**
   * Forgets accounts with no call for a whole learning window and no block in force: what was
   * learned of them no longer describes them. Called periodically, off the call path.
   *
   * @return accounts forgotten
   */
  public int forgetIdle(Instant now) {
    long before = now.toEpochMilli() - windowDays * 86_400_000L;
    int forgotten = 0;
    for (Map.Entry<String, State> entry : accounts.entrySet()) {
      State s = entry.getValue();
      synchronized (s) {
        boolean blocked = s.blockedUntil != null && now.isBefore(s.blockedUntil);
        if (s.lastSeen < before && !blocked) {
          // Marked under its lock: a record() or block() holding this state starts a new one.
          s.forgotten = true;
          accounts.remove(entry.getKey(), s);
          forgotten++;
        }
      }
    }
    return forgotten;
  }

  /**
   * Today's counters of every account that called since the last snapshot (each account's own
   * calendar day), and marks them clean. Called off the call path; {@link #markChanged} puts back
   * the ones that could not be written.
   */
  public List<DayCount> changedSinceSnapshot() {
    List<DayCount> out = new ArrayList<>();
    for (Map.Entry<String, State> e : accounts.entrySet()) {
      State s = e.getValue();
      synchronized (s) {
        if (s.closedDay != null) {
          long[] c = s.closedDay;
          out.add(
              new DayCount(
                  e.getKey(),
                  LocalDate.ofEpochDay(c[0]),
                  (int) c[1],
                  (int) c[2],
                  (int) c[3],
                  s.closedSpend,
                  (int) c[4]));
          s.closedDay = null;
        }
        if (s.changed && s.day != Long.MIN_VALUE) {
          s.changed = false;
          out.add(
              new DayCount(
                  e.getKey(),
                  LocalDate.ofEpochDay(s.day),
                  s.calls,
                  s.offHours,
                  s.allowed,
                  s.spend,
                  s.peak));
        }
      }
    }
    return out;
  }

  /** The snapshot of these accounts failed: they are written again next time. */
  public void markChanged(List<DayCount> counts) {
    for (DayCount c : counts) {
      State s = accounts.get(c.account());
      if (s == null) {
        continue;
      }
      synchronized (s) {
        long day = c.day().toEpochDay();
        if (day == s.day) {
          s.changed = true;
        } else if (s.closedDay == null) {
          // A day that ended before the snapshot: keep it for the next one.
          s.closedDay = new long[] {day, c.calls(), c.offHours(), c.allowed(), c.peak()};
          s.closedSpend = c.spend();
        }
      }
    }
  }

  /**
   * Puts back what a snapshot kept: for each account, its days in order (the last one becomes its
   * current day, the earlier ones its learning window), so today's quotas and the learned baseline
   * survive a restart. Accounts already called since the start keep what they have; accounts known
   * only for a block read back take the counters and keep the block.
   */
  public void restore(List<DayCount> counts) {
    Map<String, List<DayCount>> byAccount = new java.util.TreeMap<>();
    for (DayCount c : counts) {
      byAccount.computeIfAbsent(c.account(), k -> new ArrayList<>()).add(c);
    }
    for (Map.Entry<String, List<DayCount>> e : byAccount.entrySet()) {
      List<DayCount> days = e.getValue();
      days.sort(java.util.Comparator.comparing(DayCount::day));
      long first = days.get(0).day().toEpochDay();
      State fresh = newState(first);
      for (DayCount c : days) {
        fresh.rollTo(c.day().toEpochDay(), windowDays);
        fresh.calls = c.calls();
        fresh.offHours = c.offHours();
        fresh.allowed = c.allowed();
        fresh.spend = c.spend();
        fresh.peak = c.peak();
      }
      fresh.lastSeen = days.get(days.size() - 1).day().plusDays(1).toEpochDay() * 86_400_000L;
      fresh.changed = false;
      State existing = accounts.putIfAbsent(e.getKey(), fresh);
      if (existing != null) {
        synchronized (existing) {
          if (existing.day == Long.MIN_VALUE) {
            // Known only for its block (read back first): keep the block, take the counters.
            fresh.blockReason = existing.blockReason;
            fresh.blockedUntil = existing.blockedUntil;
            existing.forgotten = true;
            accounts.put(e.getKey(), fresh);
          }
        }
      }
    }
  }

  /** Accounts tracked. */
  public int size() {
    return accounts.size();
  }

  /** Calls not counted because {@code maxAccounts} accounts were already tracked. */
  public long untracked() {
    return untracked.get();
  }

  private State state(String account, long today) {
    State s = accounts.get(account);
    if (s != null) {
      return s;
    }
    if (accounts.size() >= maxAccounts) {
      untracked.incrementAndGet();
      return null;
    }
    return accounts.computeIfAbsent(account, k -> newState(today));
  }

  private State newState(long today) {
    return new State(today, windowDays, concurrencyWindow);
  }

  private static long day(Instant at, ZoneId zone) {
    return LocalDate.ofInstant(at, zone).toEpochDay();
  }

  /** One account. Guarded by its own monitor. */
  private static final class State {
    long firstDay;
    long day;
    int calls;
    int offHours;
    int allowed;
    int peak;
    double spend;
    long lastSeen = Long.MIN_VALUE;
    boolean forgotten;
    boolean changed;

    /**
     * The last day's counts when it ended before a snapshot: day, calls, off hours, allowed, peak.
     */
    long[] closedDay;

    double closedSpend;
    final Buckets lastMinute = new Buckets(Duration.ofMinutes(1), 6);
    final Buckets allowedRecently;
    final Buckets lastHourSpend = new Buckets(Duration.ofHours(1), 12);
    final int[] dailyAllowed;
    final int[] dailyPeak;
    Baseline baseline = Baseline.none();
    Set<String> countries = Set.of();
    String blockReason = "";
    Instant blockedUntil;

    State(long today, int windowDays, Duration concurrencyWindow) {
      allowedRecently = new Buckets(concurrencyWindow, 12);
      firstDay = today;
      day = today;
      dailyAllowed = new int[windowDays];
      dailyPeak = new int[windowDays];
    }

    /**
     * Moves today's counters into the ring when {@code today} is a later day (days without calls
     * count as zero) and recomputes the baseline. A block-only account starts on its first call.
     */
    void rollTo(long today, int window) {
      if (day == Long.MIN_VALUE) {
        firstDay = today;
        day = today;
        return;
      }
      if (today <= day) {
        return;
      }
      if (changed) {
        // The day ends with counts not yet snapshotted: keep them for the next snapshot.
        closedDay = new long[] {day, calls, offHours, allowed, peak};
        closedSpend = spend;
      }
      for (long d = Math.max(day, today - window); d < today; d++) {
        int slot = (int) Math.floorMod(d, (long) window);
        dailyAllowed[slot] = d == day ? allowed : 0;
        dailyPeak[slot] = d == day ? peak : 0;
      }
      day = today;
      calls = 0;
      offHours = 0;
      allowed = 0;
      peak = 0;
      spend = 0;
      int days = (int) Math.min(window, today - firstDay);
      baseline = days == 0 ? Baseline.none() : learn(days, window);
    }

    private Baseline learn(int days, int window) {
      double sum = 0;
      double sumSq = 0;
      double peakSum = 0;
      double peakSq = 0;
      for (int i = 1; i <= days; i++) {
        int slot = (int) Math.floorMod(day - i, (long) window);
        sum += dailyAllowed[slot];
        sumSq += (double) dailyAllowed[slot] * dailyAllowed[slot];
        peakSum += dailyPeak[slot];
        peakSq += (double) dailyPeak[slot] * dailyPeak[slot];
      }
      double mean = sum / days;
      double peakMean = peakSum / days;
      return new Baseline(
          days,
          mean,
          Math.sqrt(Math.max(0, sumSq / days - mean * mean)),
          peakMean,
          Math.sqrt(Math.max(0, peakSq / days - peakMean * peakMean)));
    }
  }
}
