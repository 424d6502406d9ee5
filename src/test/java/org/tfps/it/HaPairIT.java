package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.store.TestDatabase;

/**
 * An HA pair as operators run it: two TFPS processes (target/tfps.jar) on loopback forming one
 * cluster and sharing one MariaDB. Node A takes SIPp load and is killed with SIGKILL; node B
 * answers with A's state; A's journal brings every event A decided into the database when A comes
 * back; both restart and keep blocks and today's quotas.
 */
class HaPairIT {

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final List<Process> processes = new ArrayList<>();
  private TestDatabase db;
  private Pool pool;

  /** One node's ports and files. */
  private record Node(String name, int sip, int api, int cluster, Path conf, Path log) {}

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    if (pool != null) {
      pool.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    if (db != null) {
      db.close();
    }
  }

  @Test
  void killNineOnAKeepsBlocksQuotasAndEveryEventAndARestartOfBothKeepsThem() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    db = TestDatabase.start(dir.resolve("db"));
    MySQLConnectOptions target = db.freshDatabase(vertx, "ha").await(60, TimeUnit.SECONDS);
    pool = TestDatabase.pool(vertx, target);
    String url = TestDatabase.url(target);
    int clusterA = Ports.freeUdpAndTcp();
    int clusterB = Ports.freeUdpAndTcp();
    Node a = node("a", clusterA, clusterA, clusterB, url);
    Node b = node("b", clusterB, clusterA, clusterB, url);

    Process pa = start(a);
    waitForHealth(a, pa);
    Process pb = start(b);
    waitForHealth(b, pb);
    waitForMembers(a, 2);

    // Provisioned on A, decided on B: 4003 may make 1 call a day (the default is 5).
    var created =
        Api.send(
            a.api(),
            "POST",
            "/v1/accounts",
            TfpsHarness.TEST_TOKEN,
            "{\"account\":\"4003@pbx.example.com\",\"limits\":{\"callsPerDay\":{\"total\":1}}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    waitForProvisioned(b, "4003@pbx.example.com");
    assertThat(codeOf(b, "+12125550130", "4003")).isEqualTo("R00");

    // On A: 4002 uses its 5 calls of the day, 4001 probes dial prefixes and is blocked (R23).
    for (int i = 1; i <= 5; i++) {
      ptfps(a, "+1212555011" + i, "4002");
    }
    for (String number : List.of("+12125550180", "0012125550180", "01112125550180")) {
      ptfps(a, number, "4001");
    }
    // Load on A (denied calls, each an event), killed with SIGKILL in the middle of it.
    Process load = sippLoad(a, 400, 40);
    Thread.sleep(4_000);
    pa.destroyForcibly(); // SIGKILL: no goodbye, no last snapshot, the journal as it is
    assertThat(pa.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(load.waitFor(60, TimeUnit.SECONDS)).as("SIPp load ends by itself").isTrue();
    long answered = successfulCalls(dir.resolve("load.out"));
    assertThat(answered).as("calls A answered before it died").isGreaterThan(20);
    waitForMembers(b, 1);

    // B answers with A's state: the block and the day's quota.
    assertThat(codeOf(b, "+12125550199", "4001")).isEqualTo("R13");
    assertThat(codeOf(b, "+12125550116", "4002")).isEqualTo("R11");
    assertThat(codeOf(b, "+12125550131", "4003")).isEqualTo("R11");

    // A comes back with its data folder: its journal fills the database with what it decided.
    pa = start(a);
    waitForHealth(a, pa);
    waitForMembers(b, 2);
    long loadEvents =
        waitForStableCount("SELECT COUNT(*) FROM events WHERE dialed = '+5312345678'");
    System.out.printf("HA-PAIR answered-by-A=%d load-events=%d%n", answered, loadEvents);
    assertThat(loadEvents)
        .as("every call A answered is an event (calls it decided but could not answer may be too)")
        .isBetween(answered, 400L);
    assertThat(
            count(
                "SELECT COUNT(*) - COUNT(DISTINCT call_id) FROM events WHERE call_id IS NOT NULL"))
        .isZero();

    // Both restart (gracefully): blocks and today's quota usage are back.
    stopGracefully(pa);
    stopGracefully(pb);
    pa = start(a);
    pb = start(b);
    waitForHealth(a, pa);
    waitForHealth(b, pb);
    waitForMembers(a, 2);
    assertThat(codeOf(b, "+12125550199", "4001")).isEqualTo("R13");
    assertThat(codeOf(a, "+12125550117", "4002")).isEqualTo("R11");
    assertThat(codeOf(a, "+12125550132", "4003")).isEqualTo("R11");
    assertThat(Files.readAllLines(b.log()))
        .as("TFPS's own errors on the survivor")
        .noneMatch(l -> l.contains(" ERROR ") && l.contains(" o.t."));
    for (Node n : List.of(a, b)) {
      assertThat(Files.readString(n.log()))
          .as("the log of " + n.name())
          .doesNotContain(TfpsHarness.TEST_TOKEN);
    }
  }

  private Node node(String name, int cluster, int clusterA, int clusterB, String url)
      throws IOException {
    int sip = Ports.freeUdpAndTcp();
    int api = Ports.freeUdpAndTcp();
    Path conf = dir.resolve(name + ".conf");
    Files.writeString(
        conf,
        TfpsHarness.CLOCK_FREE
            + TfpsHarness.TEST_TOKENS
            + "tfps {\n"
            + "  node-name = "
            + name
            + "\n  sip { udp-port = "
            + sip
            + ", tcp-port = 0 }\n"
            + "  api.port = "
            + api
            + "\n  cluster { members = [\"127.0.0.1:"
            + clusterA
            + "\", \"127.0.0.1:"
            + clusterB
            + "\"], port = "
            + cluster
            + " }\n"
            + "  db { url = \""
            + url
            + "\", data-dir = \""
            + dir.resolve(name + "-data")
            + "\", retry-interval = 500ms, snapshot-interval = 1s }\n"
            + "  engine.block-account.on = [R23]\n"
            + "  accounts.limits.calls-per-day.total = 5\n"
            + "}\n");
    return new Node(name, sip, api, cluster, conf, dir.resolve(name + ".log"));
  }

  private Process start(Node n) throws IOException {
    Process p = Api.startJar(n.conf(), n.log());
    processes.add(p);
    return p;
  }

  private static void stopGracefully(Process p) throws InterruptedException {
    p.destroy(); // SIGTERM: the shutdown hook snapshots, closes the store, leaves the cluster
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("TFPS did not stop within 90 s of SIGTERM");
    }
  }

  private static void waitForHealth(Node n, Process p) throws Exception {
    Api.waitForHealth(n.api(), p, n.log());
  }

  /** Waits (at most 30 s) until {@code n} shows {@code account} as provisioned. */
  private static void waitForProvisioned(Node n, String account) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (new JsonObject(get(n, "/v1/accounts/" + account)).getBoolean("provisioned")) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError(n.name() + " does not show " + account + " as provisioned");
  }

  private static void waitForMembers(Node n, int members) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int seen = -1;
    while (System.nanoTime() < deadline) {
      JsonObject cluster = new JsonObject(get(n, "/v1/status")).getJsonObject("cluster");
      seen = cluster == null ? -1 : cluster.getJsonArray("members").size();
      if (seen == members) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError(n.name() + " sees " + seen + " members, not " + members);
  }

  private static String get(Node n, String path) throws IOException, InterruptedException {
    return Api.get(n.api(), path);
  }

  private void ptfps(Node n, String number, String account) throws Exception {
    Sipp.ptfps(n.sip(), dir, number, account, "0");
  }

  /** The verdict code {@code n} gives a call of {@code account}, from its verdict counters. */
  private String codeOf(Node n, String number, String account) throws Exception {
    String before = get(n, "/metrics");
    ptfps(n, number, account);
    String after = get(n, "/metrics");
    Set<String> changed = new HashSet<>();
    Matcher m = Pattern.compile("tfps_verdicts_total\\{code=\"(\\w+)\"} (\\S+)").matcher(after);
    while (m.find()) {
      String line = m.group(0);
      if (!before.contains(line)) {
        changed.add(m.group(1));
      }
    }
    assertThat(changed).as("verdict codes counted by the call").hasSize(1);
    return changed.iterator().next();
  }

  /** SIPp sending {@code calls} denied calls at {@code rate} per second, in the background. */
  private Process sippLoad(Node n, int calls, int rate) throws IOException {
    Path scenario = Path.of("src/test/resources/sipp/invite-deny.xml").toAbsolutePath();
    List<String> cmd =
        List.of(
            "sipp",
            "-sf",
            scenario.toString(),
            "-s",
            "+5312345678",
            "-i",
            "127.0.0.1",
            "-p",
            "0",
            "-t",
            "u1",
            "-m",
            Integer.toString(calls),
            "-r",
            Integer.toString(rate),
            "-recv_timeout",
            "2000",
            "-timeout",
            "40s",
            "-max_retrans",
            "2",
            "-nostdin",
            "127.0.0.1:" + n.sip());
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("load.out").toFile())
            .start();
    processes.add(p);
    return p;
  }

  /** The "Successful call" total of SIPp's final statistics screen. */
  private static long successfulCalls(Path out) throws IOException {
    String text = Files.readString(out, StandardCharsets.ISO_8859_1);
    Matcher m = Pattern.compile("Successful call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)").matcher(text);
    long last = -1;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    assertThat(last).as("SIPp's statistics in %s", out).isNotNegative();
    return last;
  }

  private long count(String sql) throws Exception {
    Row r = pool.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next();
    return r.getLong(0);
  }

  /** Waits (bounded) until {@code sql}'s count stops growing for two seconds, and returns it. */
  private long waitForStableCount(String sql) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = count(sql);
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(2)) {
        return now;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return last;
  }
}
