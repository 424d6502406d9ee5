package org.tfps.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.tfps.decision.LedgerEntry;
import org.tfps.decision.LedgerSettings;

/**
 * Sends this member's counts where their accounts live, a batch at a time. The calls of one account
 * counted during one interval ({@code tfps.cluster.batch-interval}) make one write, and each write
 * must reach both copies of its account (its partition's owner, then its backup) before it is
 * acknowledged:
 *
 * <ul>
 *   <li>a write of a partition this member owns is applied here, then sent to the backup;
 *   <li>a write of a partition another member owns is sent there; the owner applies it, and when
 *       this member is the partition's backup (in a pair, always) answers so and this member
 *       applies it as backup; otherwise the owner sends it on to the backup before it answers.
 * </ul>
 *
 * Each interval this member sends each other member one batch (what that member owns, and the
 * backups of what this member owns), so a pair exchanges two messages per interval whatever the
 * call rate. A partition refused (moving, no longer the receiver's, not held by it) has its writes
 * sent again, to the owner of that moment, after {@link #RETRY_PAUSE_MILLIS}; each copy applies a
 * write once, whatever the number of tries.
 *
 * <p>Until a write is acknowledged it is this member's: {@link #pending} gives it (with its id) to
 * this member's reads, which add the writes their copy has not applied, so a call's count is seen
 * by the account's next call here at once. One batch at a time is in flight to each member, and one
 * application at a time runs here, so the writes of an account reach each copy in the order they
 * were made; what is counted meanwhile goes in the next.
 *
 * <p>Sends, applications and their completions run on one thread ({@code timer}); {@link #add} and
 * {@link #pending} are called from any thread.
 */
final class CountBatcher {

  /** How batches reach the members that hold the accounts. */
  interface Transport {

    /** The account's partition (it never changes). */
    int partition(String account);

    /** This member. */
    Object self();

    /** The member that owns {@code partition} now, or null while none does. */
    Object owner(int partition);

    /** Applies {@code batch} to this member's copies. */
    CompletionStage<Applied> applyHere(CountBatch batch);

    /** Sends {@code batch} to {@code member}, which applies it to its copies. */
    CompletionStage<Reply> send(Object member, CountBatch batch);

    /** True when a send that failed with {@code error} cannot succeed later (shutting down). */
    boolean fatal(Throwable error);
  }

  /**
   * What this member did with a batch it applied.
   *
   * @param refused the partitions it did not apply
   * @param backupOf for each owned partition it applied, the partition's backup (absent: none)
   */
  record Applied(int[] refused, Map<Integer, Object> backupOf) {}

  /**
   * What a member did with a batch sent to it.
   *
   * @param refused the partitions it did not apply
   * @param yours the owned partitions it applied whose backup is the sender: the sender applies
   *     them as backup (they are acknowledged then); the other owned ones are on their backup too
   */
  record Reply(int[] refused, int[] yours) {}

  /** Where counts that could not be applied are reported. */
  interface Failures {
    void failed(String account, int calls, Throwable cause);
  }

  /** Refused partitions are sent again after this pause (as Hazelcast retries its operations). */
  static final long RETRY_PAUSE_MILLIS = 50;

  /** A write not acknowledged after this long is given up (a failed write). */
  static final long GIVE_UP_MILLIS = 30_000;

  /** How long counts gather before they are sent, and when refused ones are sent again. */
  record Timing(long intervalMicros, long retryPauseMillis, long giveUpMillis) {}

  /** Writes in one batch at most; the rest go in the next. */
  static final int MAX_WRITES_PER_BATCH = 4096;

  private final Transport transport;
  private final LedgerSettings settings;
  private final ScheduledExecutorService timer;
  private final Timing timing;
  private final long maxWaiting;
  private final Failures failures;

  private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Outbox> dirty = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicLong waiting = new AtomicLong();

  // The timer thread's own.
  private final Map<Object, Lane> lanes = new HashMap<>();
  private final Lane here = new Lane(null);
  private final Map<Integer, ArrayDeque<Sent>> held = new LinkedHashMap<>();
  private boolean retryScheduled;

  /**
   * @param timer a single thread: runs the sends, the applications and their completions
   * @param maxWaiting counts not yet acknowledged at most; past it {@link #add} refuses
   */
  CountBatcher(
      Transport transport,
      LedgerSettings settings,
      ScheduledExecutorService timer,
      Timing timing,
      long maxWaiting,
      Failures failures) {
    this.transport = transport;
    this.settings = settings;
    this.timer = timer;
    this.timing = timing;
    this.maxWaiting = maxWaiting;
    this.failures = failures;
  }

  /**
   * Counts a call of {@code account} made on epoch day {@code day}; false when it cannot be kept
   * ({@code maxWaiting} counts wait already).
   */
  boolean add(String account, long day, LedgerEntry entry) {
    if (waiting.get() >= maxWaiting) {
      return false;
    }
    while (true) {
      Outbox o = outboxes.computeIfAbsent(account, a -> new Outbox(a, transport.partition(a)));
      synchronized (o) {
        if (o.closed) {
          continue; // emptied and dropped meanwhile: take a new one
        }
        o.add(day, entry);
        if (!o.queued) {
          o.queued = true;
          dirty.add(o);
        }
      }
      break;
    }
    waiting.incrementAndGet();
    if (!flushScheduled.get() && flushScheduled.compareAndSet(false, true)) {
      try {
        timer.schedule(this::flush, timing.intervalMicros(), TimeUnit.MICROSECONDS);
      } catch (RejectedExecutionException closed) {
        flushScheduled.set(false);
      }
    }
    return true;
  }

  /**
   * The writes of {@code account} this member counted and not yet acknowledged, in order (the last
   * may still be gathering calls): a read adds those its copy has not applied.
   */
  List<CountBatch.Write> pending(String account) {
    Outbox o = outboxes.get(account);
    if (o == null) {
      return List.of();
    }
    synchronized (o) {
      if (o.sent.isEmpty() && o.count == 0) {
        return List.of();
      }
      List<CountBatch.Write> out = new ArrayList<>(o.sent.size() + 1);
      for (Sent s : o.sent) {
        out.add(s.write);
      }
      if (o.count > 0) {
        out.add(o.gathering());
      }
      return out;
    }
  }

  /** Counts not acknowledged yet (gathering, in flight, or waiting to be sent again). */
  long waiting() {
    return waiting.get();
  }

  /** Sends what gathered now, not after the interval (tests). */
  void flushNow() {
    timer.execute(this::flush);
  }

  /** Sends the refused writes again now, not after the pause (tests). */
  void retryNow() {
    timer.execute(this::retry);
  }

  /** Makes the gathered calls writes and sends them. On the timer thread. */
  private void flush() {
    flushScheduled.set(false);
    long now = System.nanoTime();
    Outbox o;
    while ((o = dirty.poll()) != null) {
      Sent s;
      synchronized (o) {
        o.queued = false;
        if (o.count == 0) {
          continue;
        }
        s = new Sent(o, o.gathering(), now);
        o.count = 0;
        o.calls.clear();
        o.sent.add(s);
      }
      route(s);
    }
    sendIdle();
  }

  /** Queues a write for its partition's owner: here, or the lane to that member. */
  private void route(Sent s) {
    ArrayDeque<Sent> h = held.get(s.partition());
    if (h != null) {
      h.add(s); // behind the account's earlier writes
      return;
    }
    Object owner;
    try {
      owner = transport.owner(s.partition());
    } catch (RuntimeException e) {
      owner = null; // shutting down: given up after the retries
    }
    if (owner == null) {
      hold(s);
      return;
    }
    s.asBackup = false;
    lane(owner).waiting.add(s);
  }

  private Lane lane(Object member) {
    return member.equals(transport.self()) ? here : lanes.computeIfAbsent(member, Lane::new);
  }

  /** Queues {@code s} in {@code lane}, or behind the account's held writes. */
  private void enqueue(Lane lane, Sent s) {
    ArrayDeque<Sent> h = held.get(s.partition());
    if (h != null) {
      h.add(s);
    } else {
      lane.waiting.add(s);
    }
  }

  private void hold(Sent s) {
    held.computeIfAbsent(s.partition(), p -> new ArrayDeque<>()).add(s);
    if (!retryScheduled) {
      retryScheduled = true;
      try {
        timer.schedule(this::retry, timing.retryPauseMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        retryScheduled = false;
      }
    }
  }

  private void sendIdle() {
    if (here.inFlight == null && !here.waiting.isEmpty()) {
      send(here);
    }
    for (Lane lane : List.copyOf(lanes.values())) {
      if (lane.inFlight == null && !lane.waiting.isEmpty()) {
        send(lane);
      }
    }
  }

  /** Sends (or applies here) what waits in {@code lane}, at most one batch in flight. */
  private void send(Lane lane) {
    List<Sent> sending = new ArrayList<>(Math.min(lane.waiting.size(), MAX_WRITES_PER_BATCH));
    Map<Integer, List<CountBatch.Write>> owned = new LinkedHashMap<>();
    Map<Integer, List<CountBatch.Write>> backups = new LinkedHashMap<>();
    while (!lane.waiting.isEmpty() && sending.size() < MAX_WRITES_PER_BATCH) {
      Sent s = lane.waiting.poll();
      sending.add(s);
      (s.asBackup ? backups : owned)
          .computeIfAbsent(s.partition(), p -> new ArrayList<>())
          .add(s.write);
    }
    CountBatch batch = new CountBatch(settings, parts(owned), parts(backups));
    lane.inFlight = sending;
    if (lane == here) {
      whenDone(() -> transport.applyHere(batch), (a, e) -> appliedHere(sending, a, e));
    } else {
      whenDone(() -> transport.send(lane.owner, batch), (r, e) -> replied(lane, sending, r, e));
    }
  }

  private static List<CountBatch.Part> parts(Map<Integer, List<CountBatch.Write>> byPartition) {
    List<CountBatch.Part> parts = new ArrayList<>(byPartition.size());
    byPartition.forEach((p, writes) -> parts.add(new CountBatch.Part(p, writes)));
    return parts;
  }

  /** Starts {@code start} and runs {@code then} on the timer thread once it completes. */
  private <T> void whenDone(Supplier<CompletionStage<T>> start, BiConsumer<T, Throwable> then) {
    CompletionStage<T> s;
    try {
      s = start.get();
    } catch (RuntimeException e) {
      s = CompletableFuture.failedFuture(e); // shutting down, for one
    }
    s.whenCompleteAsync(
        (r, e) -> {
          try {
            timer.execute(() -> then.accept(r, e));
          } catch (RejectedExecutionException closed) {
            // closed: the member is leaving, and these counts with it
          }
        },
        Completions.DIRECT);
  }

  /** This member applied a batch: its owned writes go on to their backups. */
  private void appliedHere(List<Sent> sent, Applied applied, Throwable error) {
    here.inFlight = null;
    if (error != null && transport.fatal(error)) {
      sent.forEach(s -> settle(s, error));
    } else {
      for (Sent s : sent) {
        if (error != null || contains(applied.refused(), s.partition())) {
          hold(s);
        } else if (s.asBackup) {
          settle(s, null);
        } else {
          Object backup = applied.backupOf().get(s.partition());
          if (backup == null) {
            settle(s, null); // no other member holds a copy
          } else {
            s.asBackup = true;
            enqueue(lane(backup), s);
          }
        }
      }
      holdBehindHeld();
    }
    sendIdle();
  }

  /** A member answered a batch: its writes are done, applied here as backup, or sent again. */
  private void replied(Lane lane, List<Sent> sent, Reply reply, Throwable error) {
    lane.inFlight = null;
    if (error != null && transport.fatal(error)) {
      sent.forEach(s -> settle(s, error));
    } else {
      for (Sent s : sent) {
        if (error != null || contains(reply.refused(), s.partition())) {
          hold(s);
        } else if (!s.asBackup && contains(reply.yours(), s.partition())) {
          s.asBackup = true;
          enqueue(here, s);
        } else {
          settle(s, null);
        }
      }
      holdBehindHeld();
    }
    if (lane.waiting.isEmpty() && lane.inFlight == null) {
      lanes.remove(lane.owner, lane);
    }
    sendIdle();
  }

  /** What waits behind a refused write of the same partition waits with it, in order. */
  private void holdBehindHeld() {
    if (held.isEmpty()) {
      return;
    }
    List<Lane> all = new ArrayList<>(lanes.values());
    all.add(here);
    for (Lane lane : all) {
      if (lane.waiting.isEmpty()) {
        continue;
      }
      ArrayDeque<Sent> keep = new ArrayDeque<>(lane.waiting.size());
      for (Sent s : lane.waiting) {
        if (held.containsKey(s.partition())) {
          hold(s);
        } else {
          keep.add(s);
        }
      }
      lane.waiting.clear();
      lane.waiting.addAll(keep);
    }
  }

  /** Sends the refused writes again, each to its partition's owner now, in order. */
  private void retry() {
    retryScheduled = false;
    long now = System.nanoTime();
    List<ArrayDeque<Sent>> again = new ArrayList<>(held.values());
    held.clear();
    for (ArrayDeque<Sent> queue : again) {
      for (Sent s : queue) {
        if (now - s.since >= TimeUnit.MILLISECONDS.toNanos(timing.giveUpMillis())) {
          settle(
              s,
              new IllegalStateException(
                  "not acknowledged by the account's copies within "
                      + timing.giveUpMillis()
                      + " ms"));
        } else {
          route(s);
        }
      }
    }
    sendIdle();
  }

  /** The write is done: acknowledged by both copies ({@code error} null), or given up. */
  private void settle(Sent s, Throwable error) {
    Outbox o = s.outbox;
    synchronized (o) {
      if (o.sent.peekFirst() == s) {
        o.sent.pollFirst();
      } else {
        o.sent.remove(s);
      }
      if (o.sent.isEmpty() && o.count == 0 && !o.queued) {
        o.closed = true;
        outboxes.remove(o.account, o);
      }
    }
    int calls = s.write.calls().size();
    waiting.addAndGet(-calls);
    if (error != null) {
      failures.failed(o.account, calls, error);
    }
  }

  private static boolean contains(int[] values, int v) {
    if (values != null) {
      for (int x : values) {
        if (x == v) {
          return true;
        }
      }
    }
    return false;
  }

  /** One account's counts: those gathering for the next batch, and the writes not acknowledged. */
  private static final class Outbox {
    final String account;
    final int partition;
    final ArrayList<LedgerEntry> calls = new ArrayList<>(4);
    long[] days = new long[4];
    int count;
    long id;
    final ArrayDeque<Sent> sent = new ArrayDeque<>(2);
    boolean queued;
    boolean closed;

    Outbox(String account, int partition) {
      this.account = account;
      this.partition = partition;
    }

    void add(long day, LedgerEntry entry) {
      if (count == 0) {
        id = ThreadLocalRandom.current().nextLong() | 1; // 0 marks an empty slot
      }
      if (count == days.length) {
        days = Arrays.copyOf(days, count * 2);
      }
      days[count++] = day;
      calls.add(entry);
    }

    /** The calls gathering, as the write they will be sent as. */
    CountBatch.Write gathering() {
      return new CountBatch.Write(account, id, Arrays.copyOf(days, count), calls);
    }
  }

  /** A write made and not yet acknowledged; {@code asBackup} once its owner applied it. */
  private static final class Sent {
    final Outbox outbox;
    final CountBatch.Write write;
    final long since;
    boolean asBackup;

    Sent(Outbox outbox, CountBatch.Write write, long since) {
      this.outbox = outbox;
      this.write = write;
      this.since = since;
    }

    int partition() {
      return outbox.partition;
    }
  }

  /** The writes for one member (or this one): at most one batch in flight, the rest waiting. */
  private static final class Lane {
    final Object owner;
    final ArrayDeque<Sent> waiting = new ArrayDeque<>();
    List<Sent> inFlight;

    Lane(Object owner) {
      this.owner = owner;
    }
  }
}
