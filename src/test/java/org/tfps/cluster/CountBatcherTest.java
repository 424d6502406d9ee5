package org.tfps.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tfps.decision.LedgerEntry;
import org.tfps.decision.LedgerSettings;

/**
 * The sender's side of the batched counts against a fake cluster: what goes where, when a count is
 * acknowledged, and what is sent again. The interval and the pause are an hour, so nothing moves
 * unless the test says so ({@link CountBatcher#flushNow}, {@link CountBatcher#retryNow}).
 */
class CountBatcherTest {

  private static final Instant T = Instant.parse("2026-11-23T14:00:00Z");
  private static final LedgerSettings SETTINGS =
      new LedgerSettings(28, Duration.ofMinutes(3), Duration.ofMinutes(10), 1000);
  private static final long HOUR_MICROS = TimeUnit.HOURS.toMicros(1);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Fake cluster = new Fake();
  private final List<String> failed = new ArrayList<>();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private CountBatcher batcher(long maxWaiting, long giveUpMillis) {
    return new CountBatcher(
        cluster,
        SETTINGS,
        timer,
        new CountBatcher.Timing(HOUR_MICROS, TimeUnit.HOURS.toMillis(1), giveUpMillis),
        maxWaiting,
        (account, calls, cause) -> {
          synchronized (failed) {
            failed.add(account + " x" + calls);
          }
        });
  }

  private CountBatcher batcher() {
    return batcher(1000, TimeUnit.HOURS.toMillis(1));
  }

  private static LedgerEntry call(int n) {
    return new LedgerEntry(T.plusMillis(n), false, true, "GB", 0.25, 1, "cid-" + n, null);
  }

  /** Waits until the timer ran everything handed to it so far. */
  private void sync() throws Exception {
    timer.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }

  private Sent next() throws Exception {
    sync();
    Sent s = cluster.sent.poll(10, TimeUnit.SECONDS);
    assertThat(s).as("a batch was sent").isNotNull();
    return s;
  }

  private void nothingSent() throws Exception {
    sync();
    assertThat(cluster.sent).isEmpty();
  }

  private static List<String> accounts(List<CountBatch.Part> parts) {
    List<String> out = new ArrayList<>();
    for (CountBatch.Part p : parts) {
      for (CountBatch.Write w : p.writes()) {
        out.add(w.account() + ":" + w.calls().size());
      }
    }
    return out;
  }

  @Test
  void theCallsOfOneAccountGoAsOneWriteAndStayInItsViewUntilBothCopiesHaveThem() throws Exception {
    CountBatcher b = batcher();
    cluster.place("acct1", 1, "B");
    b.add("acct1", 20415, call(1));
    b.add("acct1", 20415, call(2));
    b.add("acct1", 20415, call(3));
    long id = b.pending("acct1").get(0).id();
    assertThat(b.pending("acct1")).singleElement().satisfies(w -> assertThat(w.calls()).hasSize(3));
    b.flushNow();
    Sent s = next();
    assertThat(s.member).isEqualTo("B");
    assertThat(accounts(s.batch.owned())).containsExactly("acct1:3");
    assertThat(s.batch.owned().get(0).writes().get(0).id()).isEqualTo(id);
    assertThat(s.batch.backups()).isEmpty();
    assertThat(s.batch.concurrencyMillis()).isEqualTo(180_000);
    assertThat(b.pending("acct1")).extracting(CountBatch.Write::id).containsExactly(id);
    assertThat(b.waiting()).isEqualTo(3);
    // The owner applied it and its backup (a third member) has it: done.
    s.reply(new int[0], new int[0]);
    sync();
    assertThat(b.pending("acct1")).isEmpty();
    assertThat(b.waiting()).isZero();
    assertThat(failed).isEmpty();
  }

  @Test
  void aWriteOfAPartitionThisMemberOwnsIsAppliedHereThenSentToItsBackup() throws Exception {
    CountBatcher b = batcher();
    cluster.place("mine", 4, "A");
    cluster.place("theirs", 5, "B");
    b.add("mine", 20415, call(1));
    b.add("theirs", 20415, call(2));
    b.flushNow();
    Sent first = next();
    Sent second = next();
    Sent here = first.member.equals("here") ? first : second;
    Sent toB = here == first ? second : first;
    assertThat(accounts(here.batch.owned())).containsExactly("mine:1");
    assertThat(accounts(toB.batch.owned())).containsExactly("theirs:1");
    // B is busy with a batch: the backup of "mine" waits for it, then goes in the next one.
    here.applied(new int[0], Map.of(4, "B"));
    nothingSent();
    toB.reply(new int[0], new int[0]);
    Sent backup = next();
    assertThat(backup.member).isEqualTo("B");
    assertThat(backup.batch.owned()).isEmpty();
    assertThat(accounts(backup.batch.backups())).containsExactly("mine:1");
    assertThat(b.pending("mine")).hasSize(1);
    assertThat(b.pending("theirs")).isEmpty();
    backup.reply(new int[0], new int[0]);
    sync();
    assertThat(b.pending("mine")).isEmpty();
    assertThat(b.waiting()).isZero();
  }

  @Test
  void whenThisMemberIsTheBackupTheOwnerSaysSoAndItAppliesTheWriteItself() throws Exception {
    CountBatcher b = batcher();
    cluster.place("acct", 9, "B");
    b.add("acct", 20415, call(1));
    b.flushNow();
    next().reply(new int[0], new int[] {9});
    Sent here = next();
    assertThat(here.member).isEqualTo("here");
    assertThat(here.batch.owned()).isEmpty();
    assertThat(accounts(here.batch.backups())).containsExactly("acct:1");
    assertThat(b.pending("acct")).hasSize(1);
    here.applied(new int[0], Map.of());
    sync();
    assertThat(b.pending("acct")).isEmpty();
  }

  @Test
  void oneBatchAtATimeGoesToAMemberAndWhatIsCountedMeanwhileGoesInTheNext() throws Exception {
    CountBatcher b = batcher();
    cluster.place("a", 1, "B");
    cluster.place("c", 2, "B");
    b.add("a", 20415, call(1));
    b.flushNow();
    Sent first = next();
    b.add("c", 20415, call(2));
    b.add("a", 20415, call(3));
    b.flushNow();
    nothingSent();
    first.reply(new int[0], new int[0]);
    Sent second = next();
    assertThat(accounts(second.batch.owned())).containsExactlyInAnyOrder("c:1", "a:1");
  }

  @Test
  void aRefusedPartitionGoesAgainToItsOwnerOfThatMomentWithTheWritesBehindItInOrder()
      throws Exception {
    CountBatcher b = batcher();
    cluster.place("moving", 3, "B");
    cluster.place("staying", 6, "B");
    b.add("moving", 20415, call(1));
    b.flushNow();
    Sent first = next();
    long firstId = first.batch.owned().get(0).writes().get(0).id();
    b.add("moving", 20415, call(2));
    b.add("staying", 20415, call(3));
    b.flushNow();
    nothingSent();
    // B no longer owns partition 3 (it moved to C): refused.
    cluster.place("moving", 3, "C");
    first.reply(new int[] {3}, new int[0]);
    // The write of "staying" goes on; the second of "moving" waits behind the first.
    Sent next = next();
    assertThat(accounts(next.batch.owned())).containsExactly("staying:1");
    next.reply(new int[0], new int[0]);
    nothingSent();
    assertThat(b.pending("moving")).hasSize(2);
    b.retryNow();
    Sent again = next();
    assertThat(again.member).isEqualTo("C");
    List<CountBatch.Write> writes = again.batch.owned().get(0).writes();
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0).id()).isEqualTo(firstId);
    assertThat(writes.get(0).calls().get(0).callId()).isEqualTo("cid-1");
    assertThat(writes.get(1).calls().get(0).callId()).isEqualTo("cid-2");
    again.reply(new int[0], new int[0]);
    sync();
    assertThat(b.waiting()).isZero();
    assertThat(failed).isEmpty();
  }

  @Test
  void aWriteRefusedByItsBackupGoesAgainFromItsOwner() throws Exception {
    CountBatcher b = batcher();
    cluster.place("mine", 4, "A");
    b.add("mine", 20415, call(1));
    b.flushNow();
    next().applied(new int[0], Map.of(4, "B"));
    next().reply(new int[] {4}, new int[0]); // B holds no copy of 4 yet
    nothingSent();
    b.retryNow();
    Sent again = next();
    assertThat(again.member).isEqualTo("here");
    assertThat(accounts(again.batch.owned())).containsExactly("mine:1");
  }

  @Test
  void aFailedSendIsSentAgainAndAFatalOneIsGivenUpAndReported() throws Exception {
    CountBatcher b = batcher();
    cluster.place("x", 1, "B");
    b.add("x", 20415, call(1));
    b.flushNow();
    next().fail(new RuntimeException("member left"));
    nothingSent();
    b.retryNow();
    next().fail(new IllegalStateException("closed")); // the fake's fatal error
    sync();
    assertThat(failed).containsExactly("x x1");
    assertThat(b.pending("x")).isEmpty();
    assertThat(b.waiting()).isZero();
  }

  @Test
  void aSendThatThrowsIsSentAgainAndHoldsUpNothing() throws Exception {
    CountBatcher b = batcher();
    cluster.place("x", 1, "B");
    cluster.throwing = true;
    b.add("x", 20415, call(1));
    b.flushNow();
    nothingSent();
    assertThat(b.pending("x")).hasSize(1);
    cluster.throwing = false;
    b.retryNow();
    next().reply(new int[0], new int[0]);
    sync();
    assertThat(b.waiting()).isZero();
  }

  @Test
  void aWriteNotAcknowledgedInTimeIsGivenUpAndAFullBatcherRefuses() throws Exception {
    CountBatcher b = batcher(2, 0);
    cluster.place("x", 1, "B");
    assertThat(b.add("x", 20415, call(1))).isTrue();
    assertThat(b.add("x", 20415, call(2))).isTrue();
    assertThat(b.add("x", 20415, call(3))).isFalse();
    b.flushNow();
    next().reply(new int[] {1}, new int[0]);
    b.retryNow();
    sync();
    assertThat(failed).containsExactly("x x2");
    assertThat(b.waiting()).isZero();
    assertThat(b.add("x", 20415, call(4))).isTrue();
  }

  @Test
  void aPartitionWithoutAnOwnerYetWaitsForOne() throws Exception {
    CountBatcher b = batcher();
    cluster.partitions.put("early", 8);
    b.add("early", 20415, call(1));
    b.flushNow();
    nothingSent();
    cluster.place("early", 8, "B");
    b.retryNow();
    assertThat(next().member).isEqualTo("B");
  }

  /** A batch handed to the fake cluster, and how the test answers it. */
  private static final class Sent {
    final String member;
    final CountBatch batch;
    final CompletableFuture<Object> answer = new CompletableFuture<>();

    Sent(String member, CountBatch batch) {
      this.member = member;
      this.batch = batch;
    }

    void reply(int[] refused, int[] yours) {
      answer.complete(new CountBatcher.Reply(refused, yours));
    }

    void applied(int[] refused, Map<Integer, Object> backups) {
      answer.complete(new CountBatcher.Applied(refused, backups));
    }

    void fail(Throwable e) {
      answer.completeExceptionally(e);
    }
  }

  /** This member is "A"; the test places accounts in partitions and partitions on members. */
  private static final class Fake implements CountBatcher.Transport {
    final Map<String, Integer> partitions = new ConcurrentHashMap<>();
    final Map<Integer, String> owners = new ConcurrentHashMap<>();
    final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    volatile boolean throwing;

    void place(String account, int partition, String owner) {
      partitions.put(account, partition);
      owners.put(partition, owner);
    }

    @Override
    public int partition(String account) {
      return partitions.get(account);
    }

    @Override
    public Object self() {
      return "A";
    }

    @Override
    public Object owner(int partition) {
      return owners.get(partition);
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<CountBatcher.Applied> applyHere(CountBatch batch) {
      Sent s = new Sent("here", batch);
      sent.add(s);
      return (CompletionStage<CountBatcher.Applied>) (CompletionStage<?>) s.answer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<CountBatcher.Reply> send(Object member, CountBatch batch) {
      if (throwing) {
        throw new IllegalArgumentException("no connection");
      }
      Sent s = new Sent((String) member, batch);
      sent.add(s);
      return (CompletionStage<CountBatcher.Reply>) (CompletionStage<?>) s.answer;
    }

    @Override
    public boolean fatal(Throwable error) {
      return error instanceof IllegalStateException && "closed".equals(error.getMessage());
    }
  }
}
