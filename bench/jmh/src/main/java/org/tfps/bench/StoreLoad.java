package org.tfps.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionLog;
import org.tfps.engine.Action;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Finding;
import org.tfps.engine.Verdict;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;
import org.tfps.store.Store;

/**
 * The store's write path alone under an event rate: decisions that are events (an allow with one
 * R26 finding, the sweep's commonest event) go to the store's log at a fixed rate in bursts of one
 * millisecond, from one thread as the SIP event loop hands them; the journal, the store's writer
 * and an embedded MariaDB (started in a temporary folder, deleted at the end) take them into the
 * events table. Prints the CPU per event of this process by thread group (the sending thread's is
 * the call path's share: building the record and appending it to the journal) and of {@code
 * mariadbd}, and how long the writer took to catch up after the last event.
 *
 * <p>Not a JMH benchmark (the cost is on the writer's event loop, worker threads and another
 * process): run it with the fat jar on the class path, e.g. {@code java -cp target/tfps.jar:CLASSES
 * org.tfps.bench.StoreLoad 10000 10} (events per second, seconds; a warm-up of the same length
 * runs first). Any further arguments are SQL statements run once the schema is in place, before
 * the load: a variant of the schema to try, e.g. {@code "ALTER TABLE events DROP INDEX
 * events_at"}. Reported in bench/RESULTS.md, never asserted.
 */
public final class StoreLoad {

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path dir = Files.createTempDirectory("tfps-storeload");
    Vertx vertx = Vertx.vertx();
    Store store =
        Store.open(
                vertx,
                new TfpsConfig.Db("", dir, 4, Duration.ofSeconds(1), Duration.ofMinutes(5)),
                "load",
                Instant.now(),
                b -> {})
            .await(180, TimeUnit.SECONDS);
    store.schemaApplied().await(180, TimeUnit.SECONDS);
    for (int i = 2; i < args.length; i++) {
      store.pool().query(args[i]).execute().await(60, TimeUnit.SECONDS);
    }
    long mariadbd =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().command().orElse("").endsWith("mariadbd"))
            .mapToLong(ProcessHandle::pid)
            .findFirst()
            .orElse(-1);
    System.out.printf(
        "# %d events/s, %d s, mariadbd pid %d, data in %s%n", rate, seconds, mariadbd, dir);
    long[] sent = {0};
    run(store, rate, seconds, mariadbd, sent, "warm-up");
    run(store, rate, seconds, mariadbd, sent, "measured");
    store.close().await(60, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    System.exit(0);
  }

  private static void run(
      Store store, int rate, int seconds, long mariadbd, long[] sent, String label)
      throws Exception {
    DecisionLog log = store.decisionLog();
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu0 = ClusterLoad.cpuByGroup(threads);
    long db0 = processTicks(mariadbd);
    long gc0 = ClusterLoad.gcMillis();
    long events = (long) rate * seconds;
    long t0 = System.nanoTime();
    ClusterLoad.paced(events, rate, n -> log.decided(event(sent[0]++)));
    long t1 = System.nanoTime();
    long deadline = t1 + TimeUnit.SECONDS.toNanos(120);
    while (store.backlog() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    long t2 = System.nanoTime();
    Map<String, Long> cpu1 = ClusterLoad.cpuByGroup(threads);
    long db1 = processTicks(mariadbd);
    double tick = 1e6 / 100; // us per clock tick (USER_HZ 100 on Linux)
    System.out.printf(
        "%s: %d events in %.2f s, written %.2f s after the last (backlog %d, lost %d, rejected"
            + " %d); GC %d ms; mariadbd %.1f us/event%n",
        label,
        events,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        store.backlog(),
        store.lost(),
        store.rejected(),
        ClusterLoad.gcMillis() - gc0,
        mariadbd < 0 ? Double.NaN : (db1 - db0) * tick / events);
    StringBuilder groups = new StringBuilder("  TFPS by thread (us/event):");
    cpu1.forEach(
        (g, v) -> {
          double d = (v - cpu0.getOrDefault(g, 0L)) / 1000.0 / events;
          if (d >= 0.05) {
            groups.append(String.format(" %s %.1f", g, d));
          }
        });
    System.out.println(groups);
  }

  /** An alert as R26 raises it for a learning account that bursts. */
  private static Decision event(long n) {
    String dialed = "4420794" + (1000 + n % 9000);
    Instant at = Instant.now();
    Finding burst =
        new Finding(
            "R26",
            "burst",
            Action.ALLOW,
            40,
            "31 calls in the last 10 s (learning: at most 30 expected)");
    return new Decision(
        new CallAttempt(
            "acct" + n % 200,
            dialed,
            "127.0.0." + (1 + n % 200),
            "PBX/1.0",
            "call-" + n + "@10.0.0.1",
            at,
            -1),
        new Destination(dialed, "+" + dialed, "GB", "+44", NumberType.FIXED_LINE, true),
        new Verdict(Action.ALLOW, "R26", "burst", 40, List.of(burst)),
        true);
  }

  /** User and system CPU of a process in clock ticks, from /proc; 0 without one. */
  private static long processTicks(long pid) throws java.io.IOException {
    if (pid < 0) {
      return 0;
    }
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
