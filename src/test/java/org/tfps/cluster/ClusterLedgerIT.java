package org.tfps.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.AccountUsage;
import org.tfps.decision.CallEnd;
import org.tfps.decision.DayCount;
import org.tfps.decision.LedgerEntry;
import org.tfps.decision.LedgerSettings;
import org.tfps.engine.PastAttempt;

/** Real Hazelcast members (in this JVM, on loopback) sharing the accounts' state. */
class ClusterLedgerIT {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final LedgerSettings SETTINGS =
      new LedgerSettings(28, Duration.ofMinutes(3), Duration.ofMinutes(10), 100_000);
  private static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");

  private final Vertx vertx = Vertx.vertx();
  private final List<ClusterMember> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (ClusterMember m : started) {
      try {
        m.crash();
      } catch (RuntimeException alreadyGone) {
        // stopped by the test
      }
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private ClusterMember member(int port, List<Integer> all) throws Exception {
    TfpsConfig.Cluster c =
        new TfpsConfig.Cluster(
            all.stream().map(p -> "127.0.0.1:" + p).toList(),
            "tfps-it",
            "127.0.0.1",
            port,
            Duration.ofMillis(5)); // tfps.cluster.batch-interval's default
    ClusterMember m =
        ClusterMember.start(vertx, c, "n" + port, SETTINGS, 1000).await(60, TimeUnit.SECONDS);
    started.add(m);
    return m;
  }

  private static LedgerEntry call(Instant at, String dialed) {
    return new LedgerEntry(
        at,
        false,
        true,
        "GB",
        0.25,
        1,
        "cid-" + at.toEpochMilli() + "-" + dialed,
        PastAttempt.of(at, dialed, "+" + dialed, List.of()));
  }

  private static AccountUsage usage(ClusterMember m, String account, Instant at) throws Exception {
    return m.ledger().usage(account, UTC, at).await(5, TimeUnit.SECONDS);
  }

  @Test
  void aPairAnswersWithTheSameStateAndTheSurvivorKeepsItWhenOneCrashes() throws Exception {
    int pa = freePort();
    int pb = freePort();
    ClusterMember a = member(pa, List.of(pa, pb));
    ClusterMember b = member(pb, List.of(pa, pb));
    assertThat(a.members()).isEqualTo(2);
    // 40 accounts (spread over both members' partitions), 5 calls each, counted on A.
    for (int i = 0; i < 40; i++) {
      for (int c = 0; c < 5; c++) {
        a.ledger().record("acct" + i, UTC, call(NOW.plusSeconds(c), "4420794601" + c));
      }
    }
    a.ledger().block("acct7", "R23 at 14:00", NOW.plus(Duration.ofHours(24)));
    a.settle();
    for (int i = 0; i < 40; i++) {
      AccountUsage onB = usage(b, "acct" + i, NOW.plusSeconds(10));
      assertThat(onB.callsToday()).as("acct%d on B", i).isEqualTo(5);
      assertThat(onB.recent()).hasSize(5);
      assertThat(onB.knownCountries()).containsExactly("GB");
    }
    assertThat(usage(b, "acct7", NOW.plusSeconds(10)).blocked()).isEqualTo("R23 at 14:00");
    // A call allowed on A is up on B, and a call record posted to B ends it for both.
    assertThat(usage(b, "acct3", NOW.plusSeconds(10)).recentlyAllowed()).isEqualTo(5);
    String callId = "cid-" + NOW.plusSeconds(2).toEpochMilli() + "-44207946012";
    assertThat(b.ledger().endCall("acct3", callId, NOW.plusSeconds(10)).await(5, TimeUnit.SECONDS))
        .isEqualTo(CallEnd.ENDED);
    assertThat(usage(a, "acct3", NOW.plusSeconds(11)).recentlyAllowed()).isEqualTo(4);
    assertThat(a.ledger().endCall("acct3", callId, NOW.plusSeconds(11)).await(5, TimeUnit.SECONDS))
        .isEqualTo(CallEnd.ALREADY_ENDED);
    assertThat(a.ledger().endCall("nobody", callId, NOW.plusSeconds(11)).await(5, TimeUnit.SECONDS))
        .isEqualTo(CallEnd.UNKNOWN);
    // A calls on B adds to what A counted.
    b.ledger().record("acct1", UTC, call(NOW.plusSeconds(11), "442079460199"));
    b.settle();
    assertThat(usage(a, "acct1", NOW.plusSeconds(12)).callsToday()).isEqualTo(6);

    a.crash();
    // B alone: every account still there, whichever member owned it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (b.members() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(b.members()).isEqualTo(1);
    for (int i = 0; i < 40; i++) {
      assertThat(usage(b, "acct" + i, NOW.plusSeconds(20)).callsToday())
          .as("acct%d after A crashed", i)
          .isEqualTo(i == 1 ? 6 : 5);
    }
    assertThat(usage(b, "acct7", NOW.plusSeconds(20)).blocked()).startsWith("R23");
    assertThat(b.failedWrites()).isZero();
  }

  @Test
  void aCallIsSeenAtOnceByTheNextCallOfItsAccountOnTheSameMember() throws Exception {
    int pa = freePort();
    int pb = freePort();
    ClusterMember a = member(pa, List.of(pa, pb));
    member(pb, List.of(pa, pb));
    // Counts are applied where each account lives a moment later; the member's own view has them
    // at once, whichever member owns the account (in a pair, half of them each).
    for (int c = 1; c <= 3; c++) {
      for (int i = 0; i < 40; i++) {
        a.ledger().record("now" + i, UTC, call(NOW.plusSeconds(c), "4420794601" + c));
        AccountUsage u = usage(a, "now" + i, NOW.plusSeconds(c));
        assertThat(u.callsToday()).as("now%d after %d calls", i, c).isEqualTo(c);
        assertThat(u.recent()).hasSize(c);
        assertThat(u.recentlyAllowed()).isEqualTo(c);
      }
    }
    a.settle();
    for (int i = 0; i < 40; i++) {
      assertThat(usage(a, "now" + i, NOW.plusSeconds(4)).callsToday()).isEqualTo(3);
    }
  }

  @Test
  void countsAcknowledgedByTheOwnerAreOnItsBackupWhenTheOwnerCrashes() throws Exception {
    int pa = freePort();
    int pb = freePort();
    ClusterMember a = member(pa, List.of(pa, pb));
    ClusterMember b = member(pb, List.of(pa, pb));
    for (int i = 0; i < 40; i++) {
      for (int c = 0; c < 3; c++) {
        a.ledger().record("ack" + i, UTC, call(NOW.plusSeconds(c), "1212555010" + c));
      }
    }
    a.settle(); // every count acknowledged: on its owner and on its backup
    b.crash();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (a.members() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(a.members()).isEqualTo(1);
    for (int i = 0; i < 40; i++) {
      AccountUsage u = usage(a, "ack" + i, NOW.plusSeconds(5));
      assertThat(u.callsToday()).as("ack%d after B crashed", i).isEqualTo(3);
      assertThat(u.recent()).hasSize(3);
    }
    assertThat(a.failedWrites()).isZero();
  }

  @Test
  void theOtherMemberKilledUnderLoadLosesNoCountOfTheSurvivorAndCountsNoneTwice() throws Exception {
    int pa = freePort();
    int pb = freePort();
    ClusterMember a = member(pa, List.of(pa, pb));
    ClusterMember b = member(pb, List.of(pa, pb));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    int accounts = 200;
    // Load on A until a moment after the kill: at most 200,000 calls or 30 s.
    Thread load =
        new Thread(
            () -> {
              long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
              for (int n = 0; running.get() && n < 200_000 && System.nanoTime() < end; n++) {
                a.ledger().record("kill" + (n % accounts), UTC, call(NOW, "4420794" + (1000 + n)));
                sent.incrementAndGet();
                if (n % 20 == 19) {
                  LockSupport.parkNanos(1_000_000); // about 20 calls a millisecond at most
                }
              }
            });
    load.start();
    Thread.sleep(500);
    long beforeKill = sent.get();
    b.crash();
    Thread.sleep(500);
    running.set(false);
    load.join(40_000);
    a.settle();
    long counted = 0;
    for (int i = 0; i < accounts; i++) {
      counted += usage(a, "kill" + i, NOW).callsToday();
    }
    System.out.printf(
        "CLUSTER-KILL calls=%d (%d before the kill) counted=%d failed=%d%n",
        sent.get(), beforeKill, counted, a.failedWrites());
    assertThat(beforeKill).isGreaterThan(1000);
    assertThat(sent.get()).isGreaterThan(beforeKill);
    assertThat(counted).isEqualTo(sent.get());
    assertThat(a.failedWrites()).isZero();
  }

  @Test
  void threeMembersOneJoinsAndOneLeavesUnderLoadNothingLostNoCallWithoutState() throws Exception {
    int p1 = freePort();
    int p2 = freePort();
    int p3 = freePort();
    List<Integer> all = List.of(p1, p2, p3);
    ClusterMember m1 = member(p1, all);
    ClusterMember m2 = member(p2, all);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    AtomicLong unanswered = new AtomicLong();
    AtomicLong slowest = new AtomicLong();
    int accounts = 200;
    // Bounded load on m2: at most 60,000 calls or 30 s, whichever comes first.
    Thread load =
        new Thread(
            () -> {
              long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
              for (int n = 0; running.get() && n < 60_000 && System.nanoTime() < end; n++) {
                String account = "load" + (n % accounts);
                long t0 = System.nanoTime();
                Future<AccountUsage> u = m2.ledger().usage(account, UTC, NOW);
                try {
                  u.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                  unanswered.incrementAndGet();
                }
                slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                m2.ledger().record(account, UTC, call(NOW, "1212555" + (1000 + n % 9000)));
                sent.incrementAndGet();
              }
            });
    load.start();
    Thread.sleep(500);
    ClusterMember m3 = member(p3, all);
    assertThat(m3.members()).isEqualTo(3);
    Thread.sleep(1000);
    m1.close().await(70, TimeUnit.SECONDS); // leaves gracefully: its partitions move first
    Thread.sleep(500);
    running.set(false);
    load.join(40_000);
    m2.settle();
    long counted = 0;
    for (int i = 0; i < accounts; i++) {
      counted += usage(m3, "load" + i, NOW).callsToday();
    }
    System.out.printf(
        "CLUSTER-LOAD calls=%d counted=%d failed=%d slowest-read-ms=%d%n",
        sent.get(), counted, m2.failedWrites(), slowest.get() / 1_000_000);
    assertThat(sent.get()).isGreaterThan(1000);
    assertThat(counted).isEqualTo(sent.get());
    assertThat(unanswered.get()).isZero();
    assertThat(m2.failedWrites()).isZero();
  }

  @Test
  void aSnapshotTakesEachChangedAccountOnceFromItsOwnerAndRestoreKeepsWhatTheClusterCounts()
      throws Exception {
    int pa = freePort();
    int pb = freePort();
    ClusterMember a = member(pa, List.of(pa, pb));
    ClusterMember b = member(pb, List.of(pa, pb));
    for (int i = 0; i < 30; i++) {
      a.ledger().record("s" + i, UTC, call(NOW, "12125550100"));
    }
    a.settle();
    List<DayCount> taken = new ArrayList<>(a.ledger().changedSinceSnapshot());
    taken.addAll(b.ledger().changedSinceSnapshot());
    assertThat(taken).extracting(DayCount::account).doesNotHaveDuplicates().hasSize(30);
    assertThat(a.ledger().changedSinceSnapshot()).isEmpty();
    // A restart of one member reads back older counters: the cluster's count stays.
    a.ledger().restore(List.of(new DayCount("s1", NOW.atZone(UTC).toLocalDate(), 9, 0, 9, 0, 1)));
    assertThat(usage(b, "s1", NOW).callsToday()).isEqualTo(1);
    // An account the cluster does not know takes the snapshot.
    a.ledger()
        .restore(List.of(new DayCount("new", NOW.atZone(UTC).toLocalDate(), 4, 1, 3, 0.5, 2)));
    assertThat(usage(b, "new", NOW).allowedToday()).isEqualTo(3);
  }
}
