package org.tfps.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.AccountState;
import org.tfps.decision.AccountUsage;
import org.tfps.decision.CallEnd;
import org.tfps.decision.DayCount;
import org.tfps.decision.KeptLedger;
import org.tfps.decision.LedgerEntry;
import org.tfps.decision.LedgerSettings;
import org.tfps.decision.LocalAccountLedger;

/**
 * Every account's state in one Hazelcast map partitioned across the members, each entry with one
 * synchronous backup on another member, so any member answers any call with the same state and the
 * loss of one member loses nothing.
 *
 * <p>The call path never waits on the network. A call reads its account from this member's own copy
 * when it holds one (the partition's owner or its backup: in a pair every member holds every
 * account, also while partitions move), in place and without a copy ({@link LocalCopies});
 * otherwise it asks the owner asynchronously, within the decision deadline. A decided call is
 * counted where the account lives without waiting: this member gathers its counts for a batch
 * interval ({@code tfps.cluster.batch-interval}, 5 ms by default) and sends them as one batch per
 * owner, which applies them and sends them on to the backups before it answers ({@link
 * CountBatcher}, {@link Replicas}). Until then the count is in this member's own view: its reads
 * add the counts their copy has not applied yet, so a call's next call on this member sees it at
 * once. A call therefore sees its own member's calls at once, and the other members' up to about a
 * batch interval and a network round trip before it.
 */
final class ClusterLedger implements KeptLedger {

  static final String MAP = "tfps-accounts";

  /** Counts not yet acknowledged, at most (then they fail, and are logged). */
  static final int MAX_QUEUED = 200_000;

  private static final Logger log = LoggerFactory.getLogger(ClusterLedger.class);

  /** How long starting may wait for the blocks and counters read back to land. */
  private static final long SETTLE_MILLIS = 30_000;

  /** Completions run on the thread that completed them ({@link Completions#DIRECT}). */
  private static final Executor DIRECT = Completions.DIRECT;

  private final IMap<String, AccountState> map;
  private final LocalCopies copies;
  private final LedgerSettings settings;
  private final Topology topology;

  /** Sends the batches and takes their answers. */
  private final ScheduledExecutorService writes =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tfps-cluster-writes");
            t.setDaemon(true);
            return t;
          });

  private final CountBatcher counts;

  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong failedWrites = new AtomicLong();
  private final AtomicLong untracked = new AtomicLong();
  private volatile long lastFailureLog;
  private volatile int owned;

  /**
   * @param batchInterval how long this member gathers its counts before it sends them (one batch
   *     per member)
   */
  ClusterLedger(
      HazelcastInstance hz, LedgerSettings settings, Topology topology, Duration batchInterval) {
    this.map = hz.getMap(MAP);
    this.copies = new LocalCopies(hz, MAP);
    this.settings = settings;
    this.topology = topology;
    this.counts =
        new CountBatcher(
            new Replicas(hz, MAP),
            settings,
            writes,
            new CountBatcher.Timing(
                batchInterval.toNanos() / 1_000,
                CountBatcher.RETRY_PAUSE_MILLIS,
                CountBatcher.GIVE_UP_MILLIS),
            MAX_QUEUED,
            (account, calls, cause) -> failed(account, cause, calls));
  }

  @Override
  public Future<AccountUsage> usage(String account, ZoneId zone, Instant at) {
    long today = LocalAccountLedger.day(at, zone);
    // Taken before the read: a write acknowledged meanwhile is then in the copy read, and skipped.
    List<CountBatch.Write> mine = counts.pending(account);
    AccountState here = copies.read(account);
    if (here != LocalCopies.NOT_HERE) {
      return Future.succeededFuture(view(here, mine, zone, today, at));
    }
    // Another member holds it: ask, within the decision's deadline, back on the caller's context.
    return Completions.onCallerContext(map.getAsync(account), s -> view(s, mine, zone, today, at));
  }

  /** The account as {@code s} has it, with this member's counts {@code s} has not applied yet. */
  private AccountUsage view(
      AccountState s, List<CountBatch.Write> mine, ZoneId zone, long today, Instant at) {
    if (mine.isEmpty()) {
      return s == null ? AccountUsage.none() : s.usage(today, at);
    }
    List<LedgerEntry> notApplied = new ArrayList<>();
    if (s == null) {
      for (CountBatch.Write w : mine) {
        notApplied.addAll(w.calls());
      }
      return AccountUsage.none().plus(notApplied, zone, at, settings.concurrencyWindow());
    }
    synchronized (s) {
      AccountUsage u = s.usage(today, at);
      for (CountBatch.Write w : mine) {
        if (!s.applied(w.id())) {
          notApplied.addAll(w.calls());
        }
      }
      return u.plus(notApplied, zone, at, settings.concurrencyWindow());
    }
  }

  @Override
  public void record(String account, ZoneId zone, LedgerEntry entry) {
    if (topology.full() && copies.read(account) == null && counts.pending(account).isEmpty()) {
      untracked.incrementAndGet();
      return;
    }
    if (!counts.add(account, LocalAccountLedger.day(entry.at(), zone), entry)) {
      failed(account, new IllegalStateException(MAX_QUEUED + " counts already wait"));
    }
  }

  /**
   * Ends the lease where the account lives (a retried end answers {@link CallEnd#ALREADY_ENDED}),
   * answered on the caller's context.
   */
  @Override
  public Future<CallEnd> endCall(String account, String callId, Instant at) {
    return Completions.onCallerContext(
        send(account, new Processors.EndCall(callId, at)), r -> CallEnd.values()[(Integer) r]);
  }

  @Override
  public void block(String account, String reason, Instant until) {
    send(account, new Processors.Block(settings, reason, until));
  }

  @Override
  public Future<Void> unblock(String account) {
    return Completions.onCallerContext(send(account, new Processors.Unblock()), r -> null);
  }

  @Override
  public Future<Void> reset(String account, ZoneId zone, Instant at) {
    return Completions.onCallerContext(
        send(account, new Processors.Reset(at.atZone(zone).toLocalDate().toEpochDay())), r -> null);
  }

  private CompletionStage<Object> send(String account, Processors.Base p) {
    pending.incrementAndGet();
    CompletionStage<Object> done;
    try {
      done = map.submitToKey(account, p);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    done.whenCompleteAsync(
        (r, e) -> {
          pending.decrementAndGet();
          if (e != null) {
            failed(account, e);
          }
        },
        DIRECT);
    return done;
  }

  private void failed(String account, Throwable e) {
    failed(account, e, 1);
  }

  /** {@code calls} calls (or a block, an end...) of {@code account} not written to the cluster. */
  private void failed(String account, Throwable e, int calls) {
    failedWrites.addAndGet(calls);
    long now = System.currentTimeMillis();
    if (now - lastFailureLog > 10_000) {
      lastFailureLog = now;
      log.warn(
          "an account's state was not updated in the cluster (account {}): {}; {} so far",
          account,
          e.toString(),
          failedWrites.get());
    }
  }

  /** Writes sent to the cluster that failed (a member lost mid-write, a cluster shutting down). */
  long failedWrites() {
    return failedWrites.get();
  }

  @Override
  public int forgetIdle(Instant now) {
    Map<String, Object> results = map.executeOnKeys(map.localKeySet(), new Processors.Forget(now));
    int forgotten = 0;
    for (Object r : results.values()) {
      if (Boolean.TRUE.equals(r)) {
        forgotten++;
      }
    }
    return forgotten;
  }

  /**
   * The changed counters of the accounts this member owns: each member snapshots its own, and a
   * member that took over a partition snapshots it again (the database keeps the larger count).
   */
  @Override
  public List<DayCount> changedSinceSnapshot() {
    Set<String> owned = map.localKeySet();
    List<DayCount> out = new ArrayList<>();
    if (owned.isEmpty()) {
      return out;
    }
    for (Object encoded : map.executeOnKeys(owned, new Processors.TakeChanged()).values()) {
      if (encoded instanceof byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
          for (int i = in.readInt(); i > 0; i--) {
            out.add(Processors.readDayCount(in));
          }
        } catch (IOException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
    }
    return out;
  }

  @Override
  public void markChanged(List<DayCount> counts) {
    for (DayCount c : counts) {
      send(c.account(), new Processors.MarkChanged(c));
    }
  }

  /**
   * Puts back the snapshot where each account lives and waits until it and every block sent before
   * it landed: the first call is decided with them. Accounts the cluster already counts (a member
   * restarting while another runs) keep the cluster's state.
   */
  @Override
  public void restore(List<DayCount> counts) {
    for (Map.Entry<String, List<DayCount>> e : LocalAccountLedger.byAccount(counts).entrySet()) {
      send(e.getKey(), new Processors.Restore(settings, e.getValue()));
    }
    settle();
  }

  /**
   * As {@link #restore}: the cluster cannot tell calls counted since this member started from calls
   * other members counted before, so accounts the cluster already counts keep its state (a cluster
   * whose every member started while the database was down starts those from zero).
   */
  @Override
  public void restoreLate(List<DayCount> counts) {
    restore(counts);
  }

  /** Waits (bounded) until every write sent so far completed. */
  void settle() {
    settle(SETTLE_MILLIS);
  }

  /** Waits at most {@code millis} until every write sent so far completed. */
  void settle(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while ((pending.get() > 0 || counts.waiting() > 0) && System.currentTimeMillis() < deadline) {
      try {
        TimeUnit.MILLISECONDS.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (pending.get() > 0 || counts.waiting() > 0) {
      log.warn(
          "{} account writes still in flight, {} waiting, after {} ms",
          pending.get(),
          counts.waiting(),
          millis);
    }
  }

  /** Stops sending counts (the member is leaving). */
  void close() {
    writes.shutdownNow();
  }

  /**
   * Accounts this member owns, as last counted by {@link #countOwned} (the map's statistics walk
   * every partition, so a scrape of the metrics does not run them on its event loop).
   */
  @Override
  public int size() {
    return owned;
  }

  /** Counts the accounts this member owns (off the event loops, every few seconds). */
  int countOwned() {
    owned = (int) map.getLocalMapStats().getOwnedEntryCount();
    return owned;
  }

  int settingsMaxAccounts() {
    return settings.maxAccounts();
  }

  @Override
  public long untracked() {
    return untracked.get();
  }
}
