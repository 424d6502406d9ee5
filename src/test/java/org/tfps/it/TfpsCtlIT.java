package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/tfpsctl, run as an operator runs it, against a running TFPS with its embedded database: TFPS
 * v2's verbs and the new ones change what TFPS decides over SIP, and the exit codes mean what the
 * help says.
 */
class TfpsCtlIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    tfps = TfpsHarness.start(dir, TfpsHarness.embeddedDatabase(dir));
    Files.writeString(dir.resolve("token"), TfpsHarness.TEST_TOKEN + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  /** bin/tfpsctl with the URL from the environment and the token from a file. */
  static Run ctl(String... args) throws Exception {
    return ctlWith(env(), args);
  }

  static Run ctlWith(Map<String, String> env, String... args) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = launch(env, out, err, args);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("tfpsctl %s finished", List.of(args)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The environment of {@link #ctl}: this TFPS's API and the token file. */
  static Map<String, String> env() {
    return Map.of(
        "TFPS_URL",
        "http://127.0.0.1:" + tfps.tfps.apiPort(),
        "TFPS_TOKEN_FILE",
        dir.resolve("token").toString());
  }

  /** Starts bin/tfpsctl with {@code args}, its output and errors going to files. */
  static Process launch(Map<String, String> env, Path out, Path err, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bin/tfpsctl"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("TFPS_TOKEN");
    pb.environment().remove("TFPS_URL");
    pb.environment().remove("TFPS_TOKEN_FILE");
    // Never the machine's /etc/tfps/tfpsctl.conf.
    pb.environment().put("TFPS_CTL_CONF", "");
    pb.environment().putAll(env);
    return pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
  }

  static String call(String cid, String code) throws Exception {
    String sample = "tfps_verdicts_total{code=\"" + code + "\"}";
    long before = tfps.metric(sample);
    Sipp.ptfps(tfps.sipPort, dir, "+12125550101", cid, "-");
    return tfps.metric(sample) > before ? code : "allow";
  }

  @Test
  void theOperatorsVerbsDecideCalls() throws Exception {
    Run created =
        ctl("create", "7001@pbx.example.com", "calls-per-day=1", "time-zone=Europe/Paris");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(call("7001", "R11")).isEqualTo("allow");
    assertThat(call("7001", "R11")).isEqualTo("R11");

    Run shown = ctl("show", "7001@pbx.example.com");
    assertThat(shown.exit()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("7001@pbx.example.com", "Europe/Paris");
    Run json = ctl("show", "7001@pbx.example.com", "--json");
    assertThat(new JsonObject(json.out()).getJsonObject("state").getInteger("callsToday"))
        .isEqualTo(2);

    // TFPS v2's reset USER DOMAIN starts the day's quota again.
    Run reset = ctl("reset", "7001", "pbx.example.com");
    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(call("7001", "R11")).isEqualTo("allow");

    Run block = ctl("block", "7002@pbx.example.com", "--reason", "fraud desk", "--minutes", "30");
    assertThat(block.exit()).as(block.err()).isZero();
    assertThat(call("7002", "R13")).isEqualTo("R13");
    Run blocked = ctl("list", "--blocked");
    assertThat(blocked.out()).contains("7002@pbx.example.com", "fraud desk");
    assertThat(ctl("list", "--blocked", "--prefix", "7002@").out())
        .contains("7002@pbx.example.com");
    assertThat(ctl("list", "--blocked", "--prefix", "nobody").out())
        .isEqualTo("no account is blocked\n");
    // TFPS v2's remove USER DOMAIN lifts the block.
    Run removed = ctl("remove", "7002", "pbx.example.com");
    assertThat(removed.exit()).as(removed.err()).isZero();
    assertThat(call("7002", "R13")).isEqualTo("allow");

    Run list = ctl("list");
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains("ACCOUNT", "7001@pbx.example.com");
    assertThat(ctl("status").out()).contains("failover");
    assertThat(ctl("stats").out()).contains("R11");
    assertThat(ctl("delete", "7001@pbx.example.com").exit()).isZero();
    assertThat(ctl("delete", "7001@pbx.example.com").exit()).isEqualTo(4);
  }

  @Test
  void aCdrFileIsImportedOnceWithEveryBadRowNamedAndSeedsTheProfiles() throws Exception {
    Path file = Path.of("src/test/resources/cdr/generic.csv").toAbsolutePath();
    io.vertx.core.json.JsonObject expected =
        new io.vertx.core.json.JsonObject(
            Files.readString(Path.of("src/test/resources/cdr/generic.csv.expected.json")));
    Run first =
        ctl("import-cdrs", file.toString(), "--format", "generic", "--zone", "Europe/London");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).contains("sent 100 %");
    assertThat(first.out())
        .contains("records read:    " + expected.getInteger("records"))
        .contains("bad rows:        " + expected.getJsonArray("badRows").size());
    for (Object o : expected.getJsonArray("badRows")) {
      io.vertx.core.json.JsonObject b = (io.vertx.core.json.JsonObject) o;
      assertThat(first.out())
          .contains("line " + b.getInteger("line") + ", column " + b.getInteger("column") + " (");
    }
    long imported =
        Long.parseLong(first.out().replaceAll("(?s).*calls imported:\\s+(\\d+).*", "$1"));
    assertThat(imported).isPositive();

    Run again = ctl("--json", "import-cdrs", file.toString(), "--zone", "Europe/London");
    assertThat(again.exit()).as(again.err()).isZero();
    io.vertx.core.json.JsonObject second = new io.vertx.core.json.JsonObject(again.out());
    assertThat(second.getLong("imported")).as("a re-import adds nothing").isZero();
    assertThat(second.getLong("duplicates")).isEqualTo(imported);

    // The history seeded the account's countries: a first call to one of them is not new (R25).
    io.vertx.core.json.JsonObject account =
        new io.vertx.core.json.JsonObject(ctl("--json", "show", "202@office.example").out());
    assertThat(account.getJsonObject("state").getJsonArray("knownCountries").getList())
        .contains("GB");
    assertThat(ctl("import-cdrs", file.toString(), "--format", "nope").exit()).isEqualTo(5);
  }

  @Test
  void whatIfReportsTheFraudNightAndTouchesNoLiveState() throws Exception {
    Path file = Path.of("src/test/resources/cdr/generic.csv").toAbsolutePath();
    Run md = ctl("what-if", file.toString(), "--format", "generic", "--zone", "Europe/London");
    assertThat(md.exit()).as(md.err()).isZero();
    assertThat(md.out()).contains("| R06").contains("204@office.example");
    Run json =
        ctl(
            "--json",
            "what-if",
            file.toString(),
            "--from",
            "2026-09-11T00:00:00Z",
            "--to",
            "2026-09-11T06:00:00Z");
    assertThat(json.exit()).as(json.err()).isZero();
    io.vertx.core.json.JsonObject report = new io.vertx.core.json.JsonObject(json.out());
    assertThat(report.getJsonObject("totals").getLong("denied")).isPositive();
    assertThat(report.getJsonObject("skipped").getLong("OUTSIDE_PERIOD")).isPositive();
    // Replayed, not lived: the fraud account has no calls today and no block.
    io.vertx.core.json.JsonObject account =
        new io.vertx.core.json.JsonObject(ctl("--json", "show", "204@office.example").out());
    assertThat(account.getJsonObject("state").getInteger("callsToday")).isZero();
    assertThat(account.getJsonObject("state").getValue("blocked")).isNull();
  }

  @Test
  void exitCodesSayWhatWentWrong() throws Exception {
    Run usage = ctl("frobnicate");
    assertThat(usage.exit()).isEqualTo(1);
    Run help = ctl("block", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out() + help.err()).contains("block");
    Run bad = ctl("create", "7101@pbx.example.com", "home-country=XX");
    assertThat(bad.exit()).isEqualTo(5);
    assertThat(bad.err()).contains("homeCountry").doesNotContain("Exception");
    Run wrongToken =
        ctlWith(
            Map.of(
                "TFPS_URL",
                "http://127.0.0.1:" + tfps.tfps.apiPort(),
                "TFPS_TOKEN",
                "tfps_wrong-token-for-the-test"),
            "status");
    assertThat(wrongToken.exit()).isEqualTo(3);
    assertThat(wrongToken.err()).doesNotContain("tfps_wrong-token-for-the-test");
    Run nobody =
        ctlWith(
            Map.of("TFPS_URL", "http://127.0.0.1:" + Ports.freeUdpAndTcp(), "TFPS_TOKEN", "x"),
            "status");
    assertThat(nobody.exit()).isEqualTo(2);
  }

  @Test
  void destinationsGoOnAnAccountsListsAndComeOff() throws Exception {
    String account = "7202@pbx.example.com";
    Run authorized = ctl("authorize", account, "cu");
    assertThat(authorized.exit()).as(authorized.err()).isZero();
    assertThat(authorized.out()).isEqualTo("authorized CU for " + account + "\n");
    Run blocked = ctl("block-destination", account, "+1900");
    assertThat(blocked.exit()).as(blocked.err()).isZero();
    assertThat(ctl("show", account).out())
        .containsPattern("authorized destinations +CU\n")
        .containsPattern("blocked destinations +\\+1900\n");

    Run unauthorized = ctl("unauthorize", account, "CU");
    assertThat(unauthorized.exit()).as(unauthorized.err()).isZero();
    assertThat(unauthorized.out()).isEqualTo("unauthorized CU for " + account + "\n");
    Run again = ctl("unauthorize", account, "CU");
    assertThat(again.exit()).isEqualTo(4);
    assertThat(again.err()).contains("CU is not on the list");
    // '+' travels as %2B in the path.
    Run unblocked = ctl("unblock-destination", account, "+1900");
    assertThat(unblocked.exit()).as(unblocked.err()).isZero();
    assertThat(ctl("show", account).out())
        .containsPattern("authorized destinations +-\n")
        .containsPattern("blocked destinations +-\n");
    assertThat(ctl("block-destination", account, "123").exit()).isEqualTo(5);
  }

  @Test
  void dataFilesAreListedAndOneNotConfiguredIsNotReplaced() throws Exception {
    Run data = ctl("data");
    assertThat(data.exit()).as(data.err()).isZero();
    assertThat(data.out())
        .startsWith("NAME")
        .contains("blocked-countries", "ranges", "scanner-user-agents", "rates", "ip-deny-list");
    Run countries = ctl("data", "get", "blocked-countries");
    assertThat(countries.exit()).as(countries.err()).isZero();
    assertThat(countries.out().lines()).contains("CU");

    Path file = dir.resolve("blocked-countries.txt");
    Files.writeString(file, "CU\nKP\n");
    Run put = ctl("data", "put", "blocked-countries", file.toString());
    assertThat(put.exit()).isEqualTo(5);
    assertThat(put.err()).contains("tfps.engine.blocked-countries-file");
    assertThat(ctl("data", "get", "nope").exit()).isEqualTo(4);
  }

  @Test
  void eventsFollowPrintsADenialAsItHappens() throws Exception {
    Path out = Files.createTempFile(dir, "follow", ".txt");
    Path err = Files.createTempFile(dir, "follow", ".err");
    Process follow =
        launch(env(), out, err, "events", "--follow", "--code", "R06", "--max-events", "1");
    try {
      // The header is printed once the stream is open: only then is the call made.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(out).startsWith("AT ")) {
        assertThat(follow.isAlive()).as("tfpsctl is following: %s", Files.readString(err)).isTrue();
        assertThat(System.nanoTime()).as("the stream opened within 60 s").isLessThan(deadline);
        TimeUnit.MILLISECONDS.sleep(100);
      }
      HttpResponse<String> decided =
          Api.send(
              tfps.tfps.apiPort(),
              "POST",
              "/v1/decide",
              TfpsHarness.TEST_TOKEN,
              "{\"account\":\"7201@pbx.example.com\",\"dialed\":\"+5312345678\"}");
      assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
      assertThat(new JsonObject(decided.body()).getString("code")).isEqualTo("R06");

      assertThat(follow.waitFor(30, TimeUnit.SECONDS)).as("tfpsctl stopped after 1 event").isTrue();
      assertThat(follow.exitValue()).as(Files.readString(err)).isZero();
      List<String> lines = Files.readString(out).lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(1)).contains("7201@pbx.example.com", "R06", "deny", "+5312345678");
    } finally {
      follow.destroy();
    }
  }
}
