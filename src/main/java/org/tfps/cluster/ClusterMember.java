package org.tfps.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.AccountState;
import org.tfps.decision.KeptLedger;
import org.tfps.decision.LedgerSettings;
import org.tfps.intel.SharedAnswers;

/**
 * This node's embedded cluster member: joins the configured members over TCP/IP (no multicast, no
 * discovery), listens on the configured interface only, and keeps the accounts' state and the
 * reputation sources' answers with the other members. Hazelcast's types stay in this package.
 */
public final class ClusterMember {

  private static final Logger log = LoggerFactory.getLogger(ClusterMember.class);

  /** Hazelcast's partition count (its default, left as it is). */
  private static final int PARTITIONS = 271;

  private final HazelcastInstance hz;
  private final ClusterLedger ledger;
  private final ReputationMaps reputation;
  private final Topology topology;
  private final String name;
  private final long fullTimer;
  private final Vertx vertx;

  private ClusterMember(
      Vertx vertx, HazelcastInstance hz, ClusterLedger ledger, Topology topology, String name) {
    this.vertx = vertx;
    this.hz = hz;
    this.ledger = ledger;
    this.reputation = new ReputationMaps(hz);
    this.topology = topology;
    this.name = name;
    // Each member owns about 1/n of the accounts: past the bound, new accounts are not tracked.
    // The map's statistics walk every partition: off the event loops.
    this.fullTimer =
        vertx.setPeriodic(
            5_000,
            id ->
                vertx.executeBlocking(
                    () -> {
                      long owned = ledger.countOwned();
                      topology.full(owned * topology.members() >= ledger.settingsMaxAccounts());
                      return owned;
                    },
                    false));
  }

  /**
   * Starts the member and waits (off the event loop) until it joined the members it could reach: a
   * member that finds no other starts a cluster of its own, and the others join it when they come.
   *
   * @param reputationCacheSize answers each reputation source's shared map keeps per member ({@code
   *     tfps.intel.cache-size})
   */
  public static Future<ClusterMember> start(
      Vertx vertx,
      TfpsConfig.Cluster config,
      String nodeName,
      LedgerSettings settings,
      int reputationCacheSize) {
    if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 2) {
      log.warn(
          "the JVM's common fork-join pool has one thread: Hazelcast then starts a thread per"
              + " completed cluster write (about 5,000 a second at most); run with"
              + " -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 (tfps.jar's Main sets"
              + " it)");
    }
    return vertx.executeBlocking(
        () -> {
          Topology topology = new Topology();
          HazelcastInstance hz =
              Hazelcast.newHazelcastInstance(hazelcast(config, nodeName, reputationCacheSize));
          topology.members(hz.getCluster().getMembers().size());
          hz.getCluster()
              .addMembershipListener(
                  new MembershipListener() {
                    @Override
                    public void memberAdded(MembershipEvent e) {
                      topology.members(e.getMembers().size());
                      log.info(
                          "cluster member joined: {} ({} members)",
                          describe(e.getMember()),
                          e.getMembers().size());
                    }

                    @Override
                    public void memberRemoved(MembershipEvent e) {
                      topology.members(e.getMembers().size());
                      log.warn(
                          "cluster member left: {} ({} members)",
                          describe(e.getMember()),
                          e.getMembers().size());
                    }
                  });
          log.info(
              "cluster {} joined as {} ({} members: {})",
              config.name(),
              describe(hz.getCluster().getLocalMember()),
              hz.getCluster().getMembers().size(),
              hz.getCluster().getMembers().stream().map(ClusterMember::describe).toList());
          return new ClusterMember(
              vertx,
              hz,
              new ClusterLedger(hz, settings, topology, config.batchInterval()),
              topology,
              config.name());
        },
        false);
  }

  static Config hazelcast(TfpsConfig.Cluster c, String nodeName, int reputationCacheSize) {
    Config config = new Config();
    config.setClusterName(c.name());
    config.setInstanceName("tfps-" + nodeName + "-" + c.port());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // TFPS stops the member itself, after the last snapshot of the day counters.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // A member lost without a goodbye (kill -9, a cable) is declared dead within seconds.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "45");
    // Operations on a partition that is moving are retried soon, not after half a second.
    config.setProperty("hazelcast.invocation.retry.pause.millis", "50");
    config.getJetConfig().setEnabled(false);
    config.getNetworkConfig().setPort(c.port()).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(c.bind());
    config.getNetworkConfig().setPublicAddress(c.bind() + ":" + c.port());
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(c.members()).setConnectionTimeoutSeconds(2);
    config
        .getSerializationConfig()
        .addSerializerConfig(
            new SerializerConfig()
                .setTypeClass(AccountState.class)
                .setImplementation(new AccountStateSerializer()))
        .addSerializerConfig(
            new SerializerConfig()
                .setTypeClass(SharedAnswers.Answer.class)
                .setImplementation(new SharedAnswerSerializer()))
        .addDataSerializableFactory(Processors.FACTORY_ID, Processors.factory());
    config.addMapConfig(
        new MapConfig(ClusterLedger.MAP)
            .setBackupCount(1)
            .setAsyncBackupCount(0)
            .setReadBackupData(true)
            .setInMemoryFormat(InMemoryFormat.OBJECT)
            .setStatisticsEnabled(true));
    // The reputation sources' answers (ReputationMaps): small values, read whole, so BINARY;
    // each entry with its own TTL (put with it). A size under one entry per partition would make
    // Hazelcast warn and keep one anyway.
    config.addMapConfig(
        new MapConfig(ReputationMaps.PREFIX + "*")
            .setBackupCount(1)
            .setAsyncBackupCount(0)
            .setReadBackupData(true)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setEvictionConfig(
                new EvictionConfig()
                    .setEvictionPolicy(EvictionPolicy.LRU)
                    .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                    .setSize(Math.max(reputationCacheSize, PARTITIONS)))
            .setStatisticsEnabled(false));
    return config;
  }

  private static String describe(Member m) {
    return m.getAddress().getHost() + ":" + m.getAddress().getPort();
  }

  /**
   * Shares the provisioned accounts with the other members: this node's changes go to them, theirs
   * come here (memory and this node's database). Call it once this node loaded its own.
   */
  public void shareAccounts(
      org.tfps.decision.ProvisionedAccounts accounts,
      org.tfps.decision.AccountRepository repository) {
    SharedAccounts shared = new SharedAccounts(hz, accounts, repository);
    accounts.shareWith(shared);
    shared.join();
  }

  /** The accounts' ledger kept by the cluster. */
  public KeptLedger ledger() {
    return ledger;
  }

  /** The reputation sources' answers, shared with the other members. */
  public SharedAnswers reputationAnswers() {
    return reputation;
  }

  /** Members in the cluster now (this one included). */
  public int members() {
    return hz.getCluster().getMembers().size();
  }

  /** Writes to the cluster that failed. */
  public long failedWrites() {
    return ledger.failedWrites();
  }

  /** Stops this member as a crash would: no goodbye, no hand-over (tests of failover). */
  void crash() {
    vertx.cancelTimer(fullTimer);
    ledger.close();
    hz.getLifecycleService().terminate();
  }

  /** Waits until every write this member sent completed. */
  void settle() {
    ledger.settle();
  }

  /** The cluster as the status shows it. */
  public JsonObject status() {
    JsonArray members = new JsonArray();
    for (Member m : hz.getCluster().getMembers()) {
      members.add(new JsonObject().put("address", describe(m)).put("local", m.localMember()));
    }
    return new JsonObject()
        .put("name", name)
        .put("state", hz.getCluster().getClusterState().toString().toLowerCase())
        .put("members", members)
        .put("accountsOwned", ledger.size());
  }

  /**
   * Leaves the cluster gracefully (off the event loop): this member's partitions move to the others
   * before it goes, so nothing is lost when one member of a pair is stopped.
   */
  public Future<Void> close() {
    vertx.cancelTimer(fullTimer);
    return vertx
        .<Void>executeBlocking(
            () -> {
              ledger.settle(10_000);
              ledger.close();
              hz.shutdown();
              return null;
            },
            false)
        .timeout(60, TimeUnit.SECONDS);
  }
}
