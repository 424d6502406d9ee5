package org.tfps.decision;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tfps.engine.Baseline;
import org.tfps.engine.History;

/**
 * One account's ledger: the leases of its calls up ({@link Leases}, 16 bytes a call up), sliding
 * windows of the last minute's attempts and the last hour's spend (rings of buckets, so a busy
 * account costs no more memory than a quiet one), today's counters, a ring of the last days
 * (allowed calls and peak concurrency) from which the baseline is learned once per day, the known
 * countries, the block and the recent attempts the pattern detectors read. About a kilobyte plus
 * its recent attempts and leases.
 *
 * <p>Every method holds the state's monitor, so one state can be read by a decision while another
 * thread (this node's ledger, or a cluster member applying a call) counts into it. The same code
 * counts on every node and in the cluster, and {@link #writeTo}/{@link #readFrom} carry it between
 * them.
 */
public final class AccountState {

  /** Countries remembered per account; past it new countries are not learned. */
  static final int MAX_COUNTRIES = 64;

  /** Attempts kept per account: enough for every detector's threshold, small per account. */
  public static final int MAX_RECENT = 64;

  /**
   * Calls counted as up per account, at most: past it the oldest lease is dropped, so a limit of
   * concurrent calls above it is never reached.
   */
  public static final int MAX_LEASES = 1024;

  /** Ids of the cluster writes applied last, remembered to apply a write delivered twice once. */
  public static final int APPLIED_IDS = 256;

  /** Call-IDs of the leases ended last, remembered to tell a duplicate call record. */
  static final int MAX_ENDED = 64;

  // The state below is package-private for AccountStateCodec only; everything else goes through
  // the synchronized methods.

  static final int FORMAT = 3;

  /** The format with the ids of the writes applied lately. */
  static final int FORMAT_WITH_IDS = 4;

  long firstDay;
  long day;
  int calls;
  int offHours;
  int allowed;
  int peak;
  double spend;
  long lastSeen = Long.MIN_VALUE;
  boolean changed;

  /**
   * The last day's counts when it ended before a snapshot: day, calls, off hours, allowed, peak.
   */
  long[] closedDay;

  double closedSpend;
  final Buckets lastMinute;
  final Buckets lastHourSpend;

  /** How long an allowed call counts as up without its call record. */
  long leaseMillis;

  /** Allowed calls up, until their call record or {@code leaseMillis} ends them. */
  Leases leases = new Leases();

  final int[] dailyAllowed;
  final int[] dailyPeak;
  Baseline baseline = Baseline.none();
  Set<String> countries = Set.of();
  String blockReason = "";
  Instant blockedUntil;

  /** Replaced on each attempt counted (a history is immutable), so a decision reads it uncopied. */
  History recent = History.empty();

  /** Writes applied lately, by id, so a write delivered twice is counted once (cluster only). */
  long[] applied;

  int appliedNext;

  /** Set by a local ledger when it drops the state; whoever holds it then starts a new one. */
  boolean forgotten;

  /**
   * A new account first seen on {@code today} (an epoch day, or {@link Long#MIN_VALUE} for an
   * account known only for its block: its first call starts its days).
   */
  public AccountState(long today, int windowDays, Duration concurrencyWindow) {
    this(
        today,
        new Buckets(Duration.ofMinutes(1), 6),
        new Buckets(Duration.ofHours(1), 12),
        concurrencyWindow.toMillis(),
        new int[windowDays],
        new int[windowDays]);
  }

  AccountState(
      long today, Buckets minute, Buckets hourSpend, long leaseMillis, int[] daily, int[] peaks) {
    firstDay = today;
    day = today;
    lastMinute = minute;
    lastHourSpend = hourSpend;
    this.leaseMillis = leaseMillis;
    dailyAllowed = daily;
    dailyPeak = peaks;
  }

  /** Where the account stands at {@code at}, {@code today} being that instant's day in its zone. */
  public synchronized AccountUsage usage(long today, Instant at) {
    rollTo(today);
    return new AccountUsage(
        (int) lastMinute.sum(at),
        callsUp(at.toEpochMilli()),
        lastHourSpend.sum(at),
        calls,
        offHours,
        allowed,
        spend,
        baseline,
        countries,
        blockedUntil != null && at.isBefore(blockedUntil) ? blockReason : "",
        recent);
  }

  /**
   * Counts a decided call made on {@code today}; its attempt joins the recent ones, which keep
   * {@code historyWindow} and at most {@link #MAX_RECENT}.
   */
  public synchronized void count(long today, LedgerEntry e, Duration historyWindow) {
    rollTo(today);
    changed = true;
    lastSeen = Math.max(lastSeen, e.at().toEpochMilli());
    lastMinute.add(e.at(), 1);
    calls++;
    if (e.offHours()) {
      offHours++;
    }
    if (e.allowed()) {
      allowed++;
      spend += e.cost();
      lease(e.callId(), e.at().toEpochMilli());
      lastHourSpend.add(e.at(), e.cost());
      peak = Math.max(peak, e.concurrent());
      if (!e.country().isEmpty()
          && !countries.contains(e.country())
          && countries.size() < MAX_COUNTRIES) {
        Set<String> more = new HashSet<>(countries);
        more.add(e.country());
        countries = Set.copyOf(more);
      }
    }
    if (e.attempt() != null) {
      recent = recent.plus(e.attempt(), e.attempt().at().minus(historyWindow), MAX_RECENT);
    }
  }

  private int callsUp(long now) {
    return leases.up(now);
  }

  private void lease(String callId, long now) {
    if (callId != null && !callId.isEmpty()) {
      leases.add(callId, now, now + leaseMillis);
    }
  }

  /** Ends the lease of {@code callId}: its call record arrived at {@code now}. */
  public synchronized CallEnd endCall(String callId, Instant now) {
    return leases.end(callId, now.toEpochMilli());
  }

  /**
   * The lease time of the calls counted from now on: the ledger's {@code concurrency-window}, so a
   * changed setting reaches accounts whose state was created before it (their leases up keep their
   * end).
   */
  public synchronized void useLeaseTime(Duration window) {
    leaseMillis = window.toMillis();
  }

  /**
   * Counts a call once: a cluster may deliver the same write twice (it retries a write whose member
   * left before acknowledging it), so each carries an id and the last {@link #APPLIED_IDS} ids
   * applied are remembered.
   *
   * @return false when {@code writeId} was already applied
   */
  public synchronized boolean countOnce(
      long writeId, long today, LedgerEntry e, Duration historyWindow) {
    if (!remember(writeId)) {
      return false;
    }
    count(today, e, historyWindow);
    return true;
  }

  /**
   * Counts the calls of one cluster write once (as {@link #countOnce(long, long, LedgerEntry,
   * Duration)}): all of them, in order, or none when {@code writeId} was already applied.
   *
   * @param days each call's epoch day in the account's zone
   * @return false when {@code writeId} was already applied
   */
  public synchronized boolean countOnce(
      long writeId, List<LedgerEntry> calls, long[] days, Duration historyWindow) {
    if (!remember(writeId)) {
      return false;
    }
    for (int i = 0; i < calls.size(); i++) {
      count(days[i], calls.get(i), historyWindow);
    }
    return true;
  }

  /**
   * True when the write {@code writeId} was applied to this state (one of the last {@link
   * #APPLIED_IDS}): a member's own view adds only the calls of writes its copy does not have yet.
   */
  public synchronized boolean applied(long writeId) {
    if (applied != null) {
      for (long id : applied) {
        if (id == writeId) {
          return true;
        }
      }
    }
    return false;
  }

  /** Remembers {@code writeId}; false when it was already applied. */
  private boolean remember(long writeId) {
    if (applied == null) {
      applied = new long[APPLIED_IDS];
    }
    for (long id : applied) {
      if (id == writeId) {
        return false;
      }
    }
    applied[appliedNext] = writeId;
    appliedNext = (appliedNext + 1) % applied.length;
    return true;
  }

  /** Blocks the account until {@code until}; the block that lasts longer wins. */
  public synchronized void block(String reason, Instant until) {
    // A block read back late never shortens a newer one.
    if (blockedUntil == null || until.isAfter(blockedUntil)) {
      blockReason = reason;
      blockedUntil = until;
    }
  }

  /** Lifts the block (an operator's unblock). */
  public synchronized void unblock() {
    blockReason = "";
    blockedUntil = null;
    changed = true;
  }

  /**
   * Starts today's quotas and the rate windows again from zero (an operator's reset): calls, spend
   * and the per-minute and per-hour windows. Calls up keep their leases, and the learned baseline
   * and known countries stay.
   */
  public synchronized void reset(long today) {
    rollTo(today);
    calls = 0;
    offHours = 0;
    allowed = 0;
    spend = 0;
    lastMinute.clear();
    lastHourSpend.clear();
    changed = true;
  }

  /**
   * True when the account made no call for a whole learning window before {@code now} and no block
   * is in force: what was learned of it no longer describes it.
   */
  public synchronized boolean idle(Instant now) {
    long before = now.toEpochMilli() - dailyAllowed.length * 86_400_000L;
    boolean blocked = blockedUntil != null && now.isBefore(blockedUntil);
    return lastSeen < before && !blocked;
  }

  /**
   * The day counters not yet snapshotted (a day that ended before the snapshot, then the current
   * day), marked clean; {@link #markChanged} puts back what could not be written.
   */
  public synchronized List<DayCount> takeChanged(String account) {
    List<DayCount> out = new ArrayList<>(2);
    if (closedDay != null) {
      long[] c = closedDay;
      out.add(
          new DayCount(
              account,
              LocalDate.ofEpochDay(c[0]),
              (int) c[1],
              (int) c[2],
              (int) c[3],
              closedSpend,
              (int) c[4]));
      closedDay = null;
    }
    if (changed && day != Long.MIN_VALUE) {
      changed = false;
      out.add(
          new DayCount(
              account,
              LocalDate.ofEpochDay(day),
              calls,
              offHours,
              allowed,
              spend,
              peak,
              String.join(",", new java.util.TreeSet<>(countries)),
              leases.toText()));
    }
    return out;
  }

  /** A snapshot of {@code c} failed: it is written again next time. */
  public synchronized void markChanged(DayCount c) {
    long d = c.day().toEpochDay();
    if (d == day) {
      changed = true;
    } else if (closedDay == null) {
      // A day that ended before the snapshot: keep it for the next one.
      closedDay = new long[] {d, c.calls(), c.offHours(), c.allowed(), c.peak()};
      closedSpend = c.spend();
    }
  }

  /**
   * An account's state as a snapshot kept it: its days in order (the last one becomes its current
   * day, the earlier ones its learning window).
   */
  public static AccountState restored(
      List<DayCount> days, int windowDays, Duration concurrencyWindow) {
    List<DayCount> sorted = new ArrayList<>(days);
    sorted.sort(java.util.Comparator.comparing(DayCount::day));
    AccountState s =
        new AccountState(sorted.get(0).day().toEpochDay(), windowDays, concurrencyWindow);
    for (DayCount c : sorted) {
      s.rollTo(c.day().toEpochDay());
      s.calls = c.calls();
      s.offHours = c.offHours();
      s.allowed = c.allowed();
      s.spend = c.spend();
      s.peak = c.peak();
    }
    DayCount last = sorted.get(sorted.size() - 1);
    s.lastSeen = last.day().plusDays(1).toEpochDay() * 86_400_000L;
    s.changed = false;
    if (last.countries() != null && !last.countries().isEmpty()) {
      Set<String> kept = new HashSet<>();
      for (String c : last.countries().split(",")) {
        if (c.matches("[A-Z]{2}") && kept.size() < MAX_COUNTRIES) {
          kept.add(c);
        }
      }
      s.countries = Set.copyOf(kept);
    }
    if (last.leases() != null) {
      s.leases = Leases.fromText(last.leases());
    }
    return s;
  }

  /**
   * Merges what a snapshot kept into this state: a state known only for its block takes the
   * counters (keeping the block); a state that already counts calls keeps what it has.
   *
   * @return true when the counters were taken
   */
  public synchronized boolean takeRestored(AccountState restored) {
    if (day != Long.MIN_VALUE) {
      return false;
    }
    synchronized (restored) {
      firstDay = restored.firstDay;
      day = restored.day;
      calls = restored.calls;
      offHours = restored.offHours;
      allowed = restored.allowed;
      spend = restored.spend;
      peak = restored.peak;
      lastSeen = Math.max(lastSeen, restored.lastSeen);
      System.arraycopy(restored.dailyAllowed, 0, dailyAllowed, 0, dailyAllowed.length);
      System.arraycopy(restored.dailyPeak, 0, dailyPeak, 0, dailyPeak.length);
      baseline = restored.baseline;
      countries = restored.countries;
      leases = restored.leases;
    }
    return true;
  }

  /**
   * Adds what a snapshot kept to a state that started counting without it (the database answered
   * only after calls were decided): the snapshot's counts of the current day are added to this
   * state's, and its earlier days fill the days before this state's first one. Right when no
   * snapshot was written between this state's first call and now (the caller makes sure).
   */
  public synchronized void addRestored(AccountState r) {
    if (day == Long.MIN_VALUE) {
      takeRestored(r);
      return;
    }
    synchronized (r) {
      if (r.day > day) {
        return; // a snapshot from a later day than this state's: a clock moved back; keep ours
      }
      int window = dailyAllowed.length;
      if (r.day == day) {
        calls += r.calls;
        offHours += r.offHours;
        allowed += r.allowed;
        spend += r.spend;
        peak = Math.max(peak, r.peak);
        changed = true;
      }
      long from = Math.max(r.firstDay, day - window);
      for (long d = from; d < Math.min(day, firstDay); d++) {
        int slot = (int) Math.floorMod(d, (long) window);
        boolean kept = d >= r.day - window;
        dailyAllowed[slot] = d == r.day ? r.allowed : kept && d < r.day ? r.dailyAllowed[slot] : 0;
        dailyPeak[slot] = d == r.day ? r.peak : kept && d < r.day ? r.dailyPeak[slot] : 0;
      }
      if (!r.countries.isEmpty()) {
        Set<String> more = new HashSet<>(countries);
        for (String c : r.countries) {
          if (more.size() < MAX_COUNTRIES) {
            more.add(c);
          }
        }
        countries = Set.copyOf(more);
      }
      if (leases.up(Long.MIN_VALUE + 1) == 0) {
        leases = r.leases; // ours hold no call up: the ones kept are the account's
      }
      if (r.firstDay < firstDay) {
        firstDay = r.firstDay;
        int days = (int) Math.min(window, day - firstDay);
        baseline = days == 0 ? Baseline.none() : learn(days, window);
      }
    }
  }

  /**
   * Moves today's counters into the ring when {@code today} is a later day (days without calls
   * count as zero) and recomputes the baseline. A block-only account starts on its first call.
   */
  private void rollTo(long today) {
    int window = dailyAllowed.length;
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

  /**
   * Writes the whole state (for the cluster's copies and migrations): {@link AccountStateCodec}.
   */
  public synchronized void writeTo(DataOutput out) throws IOException {
    AccountStateCodec.write(this, out);
  }

  /** Reads a state {@link #writeTo} wrote. */
  public static AccountState readFrom(DataInput in) throws IOException {
    return AccountStateCodec.read(in);
  }
}
