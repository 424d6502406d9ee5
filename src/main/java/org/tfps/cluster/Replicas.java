package org.tfps.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.IPartition;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapServiceContext;
import com.hazelcast.map.impl.record.Record;
import com.hazelcast.map.impl.recordstore.RecordStore;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.NodeEngineImpl;
import com.hazelcast.spi.impl.PartitionSpecificRunnable;
import com.hazelcast.spi.impl.operationservice.impl.OperationServiceImpl;
import com.hazelcast.wan.impl.CallerProvenance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.AccountState;

/**
 * Applies count batches to this member's copies of the accounts, and carries batches to the other
 * members ({@link CountBatcher.Transport}).
 *
 * <p>Each partition's writes are applied on that partition's own thread, where Hazelcast runs every
 * operation of the partition, migrations included (one task per partition thread takes all the
 * partitions that thread runs). Writes of a partition this member owns are applied after checking
 * it still owns it and that it is not moving; writes sent to it as a backup, when it holds a copy
 * of the partition (as backup, or as owner after a failover). Other partitions are refused, and
 * their writes are sent again by the member that counted them. An owner that applied a batch from
 * another member sends the writes on to their backup, unless the backup is that member (which
 * applies them itself on the answer), and answers once the backups applied them: an acknowledged
 * count is held by both copies. Each write is applied once per copy ({@link
 * AccountState#countOnce(long, java.util.List, long[], Duration)}), so a write sent again after a
 * member left, or to a copy that had it already, changes nothing.
 *
 * <p>These counts bypass Hazelcast's own backups (one operation, one backup and one acknowledgement
 * per partition and per call was the cost this replaces), so they neither raise nor read its
 * replica versions: the copies stay equal because each write is applied to both before it is
 * acknowledged, and sent again until it is. Internal types, like {@link LocalCopies};
 * ClusterLedgerIT runs them on every build.
 */
final class Replicas implements CountBatcher.Transport {

  private static final Logger log = LoggerFactory.getLogger(Replicas.class);

  private final NodeEngineImpl engine;
  private final InternalPartitionService partitions;
  private final OperationServiceImpl operations;
  private final MapServiceContext maps;
  private final AccountKeys keys;
  private final Address self;
  private final String map;

  Replicas(HazelcastInstance hz, String map) {
    this(((HazelcastInstanceProxy) hz).getOriginal().node.getNodeEngine(), map);
  }

  Replicas(NodeEngine engine, String map) {
    this.engine = (NodeEngineImpl) engine;
    this.partitions = this.engine.getPartitionService();
    this.operations = this.engine.getOperationService();
    MapService service = this.engine.getService(MapService.SERVICE_NAME);
    this.maps = service.getMapServiceContext();
    this.keys = AccountKeys.of(engine);
    this.self = this.engine.getThisAddress();
    this.map = map;
  }

  @Override
  public int partition(String account) {
    return keys.of(account).partition();
  }

  @Override
  public Object owner(int partition) {
    return partitions.getPartitionOwner(partition);
  }

  @Override
  public Object self() {
    return self;
  }

  @Override
  public CompletionStage<CountBatcher.Applied> applyHere(CountBatch batch) {
    return apply(batch);
  }

  @Override
  public CompletionStage<CountBatcher.Reply> send(Object member, CountBatch batch) {
    CompletableFuture<CountBatcher.Reply> reply = new CompletableFuture<>();
    operations
        .<int[]>invokeOnTargetAsync(
            MapService.SERVICE_NAME, new CountsOperation(batch, map), (Address) member)
        .whenCompleteAsync(
            (r, e) -> {
              if (e != null) {
                reply.completeExceptionally(e);
              } else {
                reply.complete(reply(r));
              }
            },
            Completions.DIRECT);
    return reply;
  }

  @Override
  public boolean fatal(Throwable error) {
    return error instanceof HazelcastInstanceNotActiveException || !engine.isRunning();
  }

  /**
   * Applies a batch another member sent: its backups, and its owned writes, which then go on to
   * their backups. Completes with the partitions refused and the owned ones whose backup is {@code
   * sender} (it applies those itself), once the other backups applied theirs.
   */
  CompletableFuture<int[]> exchange(CountBatch batch, Address sender) {
    CompletableFuture<int[]> done = new CompletableFuture<>();
    apply(batch)
        .whenComplete(
            (applied, error) -> {
              if (error != null) {
                done.completeExceptionally(error);
                return;
              }
              List<Integer> refused = new ArrayList<>();
              for (int p : applied.refused()) {
                refused.add(p);
              }
              List<Integer> yours = new ArrayList<>();
              Map<Address, List<CountBatch.Part>> onward = new LinkedHashMap<>();
              for (CountBatch.Part part : batch.owned()) {
                Object backup = applied.backupOf().get(part.partition());
                if (backup == null || refused.contains(part.partition())) {
                  continue;
                }
                if (backup.equals(sender)) {
                  yours.add(part.partition());
                } else {
                  onward.computeIfAbsent((Address) backup, a -> new ArrayList<>()).add(part);
                }
              }
              if (onward.isEmpty()) {
                done.complete(encode(refused, yours));
                return;
              }
              AtomicInteger left = new AtomicInteger(onward.size());
              onward.forEach(
                  (backup, parts) ->
                      send(backup, batch.backupsOnly(parts))
                          .whenComplete(
                              (reply, failed) -> {
                                synchronized (refused) {
                                  if (failed != null && !gone(failed)) {
                                    // Not known to be held there: the sender sends them again.
                                    parts.forEach(p -> refused.add(p.partition()));
                                  } else if (reply != null) {
                                    for (int p : reply.refused()) {
                                      refused.add(p);
                                    }
                                  }
                                }
                                if (left.decrementAndGet() == 0) {
                                  synchronized (refused) {
                                    done.complete(encode(refused, yours));
                                  }
                                }
                              }));
            });
    return done;
  }

  /** A reply as it travels: the refused partitions' count and ids, then the sender's own. */
  static int[] encode(List<Integer> refused, List<Integer> yours) {
    int[] out = new int[2 + refused.size() + yours.size()];
    out[0] = refused.size();
    for (int i = 0; i < refused.size(); i++) {
      out[1 + i] = refused.get(i);
    }
    int at = 1 + refused.size();
    out[at] = yours.size();
    for (int i = 0; i < yours.size(); i++) {
      out[at + 1 + i] = yours.get(i);
    }
    return out;
  }

  static CountBatcher.Reply reply(int[] encoded) {
    int refused = encoded[0];
    int yours = encoded[1 + refused];
    return new CountBatcher.Reply(
        Arrays.copyOfRange(encoded, 1, 1 + refused),
        Arrays.copyOfRange(encoded, 2 + refused, 2 + refused + yours));
  }

  /**
   * A backup that left holds nothing to acknowledge: Hazelcast makes a new backup from the owner's
   * copy, which has the counts.
   */
  private static boolean gone(Throwable error) {
    Throwable e = error instanceof CompletionException c ? c.getCause() : error;
    return e instanceof MemberLeftException || e instanceof TargetNotMemberException;
  }

  /**
   * Applies {@code batch} to this member's copies, each partition on its own thread: the owned
   * parts when this member owns the partition and it is not moving, the backups when this member
   * holds a copy of the partition; the others are refused. Completes with the refused partitions
   * and the backup of each owned partition applied.
   */
  CompletableFuture<CountBatcher.Applied> apply(CountBatch batch) {
    CompletableFuture<CountBatcher.Applied> done = new CompletableFuture<>();
    // One task per partition thread, each taking the parts of the partitions that thread runs.
    Map<Integer, List<Job>> byThread = new LinkedHashMap<>();
    for (CountBatch.Part p : batch.backups()) {
      byThread
          .computeIfAbsent(threadOf(p.partition()), t -> new ArrayList<>())
          .add(new Job(p, false));
    }
    for (CountBatch.Part p : batch.owned()) {
      byThread
          .computeIfAbsent(threadOf(p.partition()), t -> new ArrayList<>())
          .add(new Job(p, true));
    }
    if (byThread.isEmpty()) {
      done.complete(new CountBatcher.Applied(new int[0], Map.of()));
      return done;
    }
    AtomicInteger left = new AtomicInteger(byThread.size());
    for (List<Job> jobs : byThread.values()) {
      execute(
          jobs.get(0).part.partition(),
          () -> {
            for (Job j : jobs) {
              run(batch, j);
            }
            if (left.decrementAndGet() == 0) {
              done.complete(outcome(byThread));
            }
          });
    }
    return done;
  }

  private int threadOf(int partition) {
    return operations.getOperationExecutor().toPartitionThreadIndex(partition);
  }

  /** One part to apply as its partition's owner or as a copy, and what came of it. */
  private static final class Job {
    final CountBatch.Part part;
    final boolean owned;
    boolean refused;
    Address backup;

    Job(CountBatch.Part part, boolean owned) {
      this.part = part;
      this.owned = owned;
    }
  }

  /** Applies one part, on its partition's thread. */
  private void run(CountBatch batch, Job j) {
    int id = j.part.partition();
    try {
      IPartition p = partitions.getPartition(id);
      if (j.owned ? !p.isLocal() || p.isMigrating() : !p.isOwnerOrBackup(self)) {
        j.refused = true;
        return;
      }
      apply(batch, j.part, p.isLocal());
      if (j.owned) {
        j.backup = p.getReplicaAddress(1);
      }
    } catch (RuntimeException e) {
      j.refused = true;
      log.warn("counts not applied to partition {}: {}", id, e.toString());
    }
  }

  private static CountBatcher.Applied outcome(Map<Integer, List<Job>> byThread) {
    List<Integer> refused = new ArrayList<>();
    Map<Integer, Object> backups = new HashMap<>();
    for (List<Job> jobs : byThread.values()) {
      for (Job j : jobs) {
        if (j.refused) {
          refused.add(j.part.partition());
        } else if (j.owned && j.backup != null) {
          backups.put(j.part.partition(), j.backup);
        }
      }
    }
    return new CountBatcher.Applied(toArray(refused), backups);
  }

  /** Runs {@code task} on the thread of {@code partition}, where its operations run. */
  private void execute(int partition, Runnable task) {
    operations.execute(
        new PartitionSpecificRunnable() {
          @Override
          public int getPartitionId() {
            return partition;
          }

          @Override
          public void run() {
            task.run();
          }
        });
  }

  /**
   * Counts each write of {@code part} into this member's copy of its account (on the partition's
   * thread): the live object, changed in place; a new account is put in the record store as the
   * owner's entry or a backup's.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private void apply(CountBatch batch, CountBatch.Part part, boolean owner) {
    RecordStore store = maps.getPartitionContainer(part.partition()).getRecordStore(map);
    Duration lease = Duration.ofMillis(batch.concurrencyMillis());
    Duration history = Duration.ofMillis(batch.historyMillis());
    for (CountBatch.Write w : part.writes()) {
      Data key = keys.of(w.account()).data();
      Object record = store.getStorage().get(key);
      AccountState s = record == null ? null : (AccountState) ((Record) record).getValue();
      boolean created = s == null;
      if (created) {
        s = new AccountState(w.days()[0], batch.windowDays(), lease);
      }
      s.useLeaseTime(lease);
      s.countOnce(w.id(), w.calls(), w.days(), history);
      if (created) {
        if (owner) {
          store.setWithUncountedAccess(key, s, false, -1, -1);
        } else {
          store.putBackupForEntryProcessor(key, s, false, -1, -1, -1, CallerProvenance.NOT_WAN);
        }
      }
    }
  }

  private static int[] toArray(List<Integer> ids) {
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i);
    }
    return out;
  }
}
