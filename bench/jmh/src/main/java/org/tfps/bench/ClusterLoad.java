package org.tfps.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.tfps.cluster.ClusterMember;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.AccountUsage;
import org.tfps.decision.KeptLedger;
import org.tfps.decision.LedgerEntry;
import org.tfps.decision.LedgerSettings;
import org.tfps.decision.LocalAccountLedger;
import org.tfps.engine.PastAttempt;

/**
 * The cluster ledger alone under a call rate, as the call path uses it: each call reads its account
 * from member A ({@code usage}) and counts itself there ({@code record}), at a fixed rate in bursts
 * of one millisecond (as SIPp sends). One member, or a pair in this JVM (both members on the same
 * cores, as the sweep's pair), or none (0: the single node's own {@link LocalAccountLedger}, for
 * comparison). Prints the process's CPU per call, split by thread group, the bytes
 * allocated per call, the collections, and how many reads missed a call counted before them on the
 * same member (the local view must show them: expected 0).
 *
 * <p>Not a JMH benchmark (the cost is spread over Hazelcast's threads, which JMH does not see): run
 * it with the fat jar on the class path, e.g. {@code java -cp target/tfps.jar:CLASSES
 * -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 org.tfps.bench.ClusterLoad 2 15000 20}
 * (members, calls per second, seconds, then optionally accounts (200) and the batch interval in
 * milliseconds ({@code tfps.cluster.batch-interval}'s default); a warm-up of the same length runs
 * first). Reported in
 * bench/RESULTS.md, never asserted.
 */
public final class ClusterLoad {

  private static final ZoneId UTC = ZoneOffset.UTC;

  public static void main(String[] args) throws Exception {
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 15_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int accounts = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    Duration batch =
        args.length > 4
            ? Duration.ofMillis(Long.parseLong(args[4]))
            : Duration.ofMillis(5); // tfps.cluster.batch-interval's default
    Vertx vertx = Vertx.vertx();
    LedgerSettings settings =
        new LedgerSettings(28, Duration.ofMinutes(3), Duration.ofMinutes(10), 1_000_000);
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      ports.add(freePort());
    }
    List<ClusterMember> started = new ArrayList<>();
    for (int port : ports) {
      TfpsConfig.Cluster c =
          new TfpsConfig.Cluster(
              ports.stream().map(p -> "127.0.0.1:" + p).toList(),
              "tfps-load",
              "127.0.0.1",
              port,
              batch);
      started.add(
          ClusterMember.start(vertx, c, "n" + port, settings, 1000).await(60, TimeUnit.SECONDS));
    }
    // 0 members: the single node's own ledger, the floor the cluster adds to.
    KeptLedger a = members == 0 ? new LocalAccountLedger(settings) : started.get(0).ledger();
    System.out.printf(
        "# %d member(s), %d calls/s, %d s, %d accounts, counts sent every %d ms%n",
        members,
        rate,
        seconds,
        accounts,
        batch.toMillis());
    int[] counted = new int[accounts];
    run(a, rate, seconds, accounts, counted, "warm-up");
    run(a, rate, seconds, accounts, counted, "measured");
    for (ClusterMember m : started) {
      m.close().await(70, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static void run(
      KeptLedger a, int rate, int seconds, int accounts, int[] counted, String label)
      throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu0 = cpuByGroup(threads);
    Map<String, Long> user0 = userByGroup(threads);
    long alloc0 = allocated(threads);
    long gc0 = gcCount();
    long gcTime0 = gcMillis();
    long p0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long calls = (long) rate * seconds;
    long[] stale = {0};
    Instant base = Instant.parse("2026-11-23T14:00:00Z");
    paced(
        calls,
        rate,
        n -> {
          int i = (int) (n * 7919 % accounts);
          String account = "acct" + i;
          Instant at = base.plusMillis(n / 100);
          AccountUsage u = a.usage(account, UTC, at).result();
          if (u == null || u.callsToday() < counted[i]) {
            stale[0]++;
          }
          a.record(account, UTC, entry(at, n));
          counted[i]++;
        });
    long t1 = System.nanoTime();
    long p1 = os.getProcessCpuTime();
    Map<String, Long> cpu1 = cpuByGroup(threads);
    Map<String, Long> user1 = userByGroup(threads);
    double us = (p1 - p0) / 1000.0 / calls;
    System.out.printf(
        "%s: %d calls in %.2f s (%.0f/s): CPU %.1f us/call (%.0f %% of a core), %.0f B/call,"
            + " %d GCs (%d ms), stale reads %d%n",
        label,
        calls,
        (t1 - t0) / 1e9,
        calls / ((t1 - t0) / 1e9),
        us,
        (p1 - p0) * 100.0 / (t1 - t0),
        (allocated(threads) - alloc0) / (double) calls,
        gcCount() - gc0,
        gcMillis() - gcTime0,
        stale[0]);
    StringBuilder groups = new StringBuilder("  by thread:");
    cpu1.forEach(
        (g, v) -> {
          double d = (v - cpu0.getOrDefault(g, 0L)) / 1000.0 / calls;
          double u = (user1.getOrDefault(g, 0L) - user0.getOrDefault(g, 0L)) / 1000.0 / calls;
          if (d >= 0.05) {
            groups.append(String.format(" %s %.1f (user %.1f)", g, d, u));
          }
        });
    System.out.println(groups);
  }

  /**
   * Calls {@code each} with 0 to {@code count - 1} at {@code rate} a second, in bursts of one
   * millisecond (as SIPp sends), from this thread.
   */
  static void paced(long count, int rate, java.util.function.LongConsumer each) {
    long t0 = System.nanoTime();
    long n = 0;
    for (long ms = 0; n < count; ms++) {
      long wait = t0 + TimeUnit.MILLISECONDS.toNanos(ms) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      for (long target = Math.min(count, (ms + 1) * rate / 1000); n < target; n++) {
        each.accept(n);
      }
    }
  }

  private static LedgerEntry entry(Instant at, long n) {
    String dialed = "4420794" + (1000 + n % 9000);
    return new LedgerEntry(
        at,
        false,
        n % 10 != 0,
        "GB",
        0.02,
        1,
        "call-" + n + "@10.0.0.1",
        PastAttempt.of(at, dialed, "+" + dialed, List.of()));
  }

  static Map<String, Long> cpuByGroup(java.lang.management.ThreadMXBean threads) {
    return byGroup(threads, threads::getThreadCpuTime);
  }

  private static Map<String, Long> userByGroup(java.lang.management.ThreadMXBean threads) {
    return byGroup(threads, threads::getThreadUserTime);
  }

  /** {@code time} of each live thread, summed by thread group. */
  private static Map<String, Long> byGroup(
      java.lang.management.ThreadMXBean threads, java.util.function.LongUnaryOperator time) {
    Map<String, Long> out = new TreeMap<>();
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null) {
        continue;
      }
      long t = time.applyAsLong(ids[i]);
      if (t > 0) {
        out.merge(group(infos[i].getThreadName()), t, Long::sum);
      }
    }
    return out;
  }

  /** A thread's name without its instance prefix and numbers. */
  private static String group(String name) {
    String g = name.replaceAll("hz\\.tfps-[^.]*\\.", "hz.").replaceAll("[-.]?\\d+", "");
    return g.isEmpty() ? name : g;
  }

  private static long allocated(com.sun.management.ThreadMXBean threads) {
    long sum = 0;
    for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, b);
    }
    return sum;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += gc.getCollectionCount();
    }
    return n;
  }

  static long gcMillis() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += gc.getCollectionTime();
    }
    return n;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
