package org.tfps.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.NodeEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tfps.config.TfpsConfig;

/** A real Hazelcast member's serialization and partition table behind the table of keys. */
class AccountKeysIT {

  private static HazelcastInstance hz;
  private static NodeEngine engine;
  private static SerializationService serialization;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    TfpsConfig.Cluster c =
        new TfpsConfig.Cluster(
            List.of("127.0.0.1:" + port), "tfps-keys-it", "127.0.0.1", port, Duration.ofMillis(5));
    hz = Hazelcast.newHazelcastInstance(ClusterMember.hazelcast(c, "keys", 100));
    engine = ((HazelcastInstanceProxy) hz).getOriginal().node.getNodeEngine();
    serialization = engine.getSerializationService();
  }

  @AfterAll
  static void stop() {
    hz.getLifecycleService().terminate();
  }

  /** What the map itself would use for {@code account}: its serialized key and partition. */
  private static void assertIsTheMapsKey(AccountKeys.Key k, String account) {
    assertThat(k.account()).isEqualTo(account);
    assertThat(k.data()).isEqualTo(serialization.toData(account));
    assertThat(k.partition())
        .isEqualTo(hz.getPartitionService().getPartition(account).getPartitionId());
  }

  @Test
  void aKeyIsTheMapsOwnAndIsSerializedOnce() {
    AccountKeys keys = AccountKeys.of(engine);
    AccountKeys.Key first = keys.of("acct-000042");
    assertIsTheMapsKey(first, "acct-000042");
    assertThat(keys.of("acct-000042")).isSameAs(first);
    assertThat(AccountKeys.of(engine)).as("one table per member").isSameAs(keys);
  }

  @Test
  void accountsSharingASlotEachGetTheirOwnKey() {
    AccountKeys keys = new AccountKeys(serialization, engine.getPartitionService());
    String a = "acct-a";
    String b = null;
    for (int i = 0; b == null; i++) {
      String candidate = "acct-" + i;
      if (slot(candidate) == slot(a) && !candidate.equals(a)) {
        b = candidate;
      }
    }
    AccountKeys.Key ka = keys.of(a);
    AccountKeys.Key kb = keys.of(b);
    assertIsTheMapsKey(kb, b);
    AccountKeys.Key again = keys.of(a);
    assertThat(again).as("b took a's slot: a is serialized again").isNotSameAs(ka);
    assertIsTheMapsKey(again, a);
  }

  private static int slot(String account) {
    int h = account.hashCode();
    return (h ^ (h >>> 16)) & (AccountKeys.SLOTS - 1);
  }

  @Test
  void threadsSharingTheTableEachGetTheKeyOfTheAccountTheyAsked() throws Exception {
    AccountKeys keys = new AccountKeys(serialization, engine.getPartitionService());
    int accounts = AccountKeys.SLOTS * 3; // three accounts a slot on average: slots change hands
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        wrong.add(
            pool.submit(
                () -> {
                  int bad = 0;
                  for (int i = 0; i < 50_000; i++) {
                    String account = "acct-" + ((i * 7919 + seed * 104_729) % accounts);
                    AccountKeys.Key k = keys.of(account);
                    if (!k.account().equals(account)
                        || !k.data().equals(serialization.toData(account))) {
                      bad++;
                    }
                  }
                  return bad;
                }));
      }
      for (Future<Integer> w : wrong) {
        assertThat(w.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
