package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * TFPS with its embedded MariaDB (the quick start's default): decisions that were not plain allows
 * and account blocks reach the database; a database outage under load loses nothing and duplicates
 * nothing; a restart brings the blocks back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DurableStateIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  static String config() {
    return TfpsHarness.embeddedDatabase(dir)
        + "tfps.engine.block-account.on = [R23]\n"
        + "tfps.accounts.limits.calls-per-day.total = 5\n";
  }

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    tfps = TfpsHarness.start(dir, config());
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  private static void sipp(String scenario, String number, int calls, List<String> extra)
      throws Exception {
    Sipp.Result r = Sipp.run(scenario, number, tfps.sipPort, "u1", "127.0.0.1", calls, dir, extra);
    assertThat(r.exitCode()).as("SIPp: %s%n%s", r.errors(), r.output()).isZero();
  }

  private static List<Row> rows(String sql) throws Exception {
    List<Row> out = new ArrayList<>();
    tfps.tfps.store().pool().query(sql).execute().await(10, TimeUnit.SECONDS).forEach(out::add);
    return out;
  }

  /** Waits (bounded) until the journal is empty. */
  private static void drained() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (tfps.tfps.store().backlog() > 0 && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(tfps.tfps.store().backlog()).as("journal backlog").isZero();
  }

  @Test
  @Order(1)
  void deniedCallsAndBlocksReachTheDatabase() throws Exception {
    sipp("invite-deny.xml", "+5312345678", 3, List.of());
    for (String number : List.of("+12125550180", "0012125550180", "01112125550180")) {
      sipp("invite-ptfps.xml", number, 1, List.of("-key", "cid", "4001", "-key", "ncalls", "0"));
    }
    drained();
    assertThat(rows("SELECT code FROM events WHERE code = 'R06'")).hasSize(3);
    List<Row> probe = rows("SELECT account, evidence FROM events WHERE code = 'R23'");
    assertThat(probe).hasSize(1);
    assertThat(probe.get(0).getString("account")).isEqualTo("4001@pbx.example.com");
    assertThat(probe.get(0).getString("evidence")).contains("dialled 3 ways");
    List<Row> blocks = rows("SELECT account, reason FROM account_blocks");
    assertThat(blocks).hasSize(1);
    assertThat(blocks.get(0).getString("reason")).startsWith("R23 at ");
    assertThat(tfps.get("/v1/status")).contains("\"mode\":\"embedded\"");
  }

  @Test
  @Order(2)
  void aHugeUserAgentIsCutToItsColumnAndHoldsNothingUp() throws Exception {
    String agent = "friendly-scanner " + "x".repeat(1000);
    sipp("invite-603.xml", "+442079460123", 1, List.of("-key", "ua", agent));
    sipp("invite-deny.xml", "+5312345678", 1, List.of());
    drained();
    List<Row> r01 = rows("SELECT user_agent FROM events WHERE code = 'R01'");
    assertThat(r01).hasSize(1);
    assertThat(r01.get(0).getString("user_agent")).hasSize(255).startsWith("friendly-scanner x");
    assertThat(rows("SELECT id FROM events WHERE code = 'R06'")).hasSize(4);
    assertThat(tfps.tfps.store().rejected()).isZero();
  }

  @Test
  @Order(3)
  void aDatabaseOutageUnderLoadLosesAndDuplicatesNothing() throws Exception {
    long before = rows("SELECT id FROM events").size();
    tfps.tfps.store().embedded().stop();
    sipp("invite-deny.xml", "+5312345678", 40, List.of());
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (tfps.tfps.store().up() && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(tfps.tfps.store().up()).as("writes fail while the database is down").isFalse();
    assertThat(tfps.tfps.store().backlog()).isEqualTo(40);
    assertThat(tfps.metric("tfps_store_backlog_records")).isEqualTo(40);
    tfps.tfps.store().embedded().start();
    drained();
    List<Row> all = rows("SELECT event_id FROM events ORDER BY id");
    assertThat(all).hasSize((int) before + 40);
    // In order: each node's sequence numbers rise with the insert order; no duplicates.
    long last = -1;
    for (Row r : all) {
      long seq = Long.parseLong(r.getString("event_id").replaceFirst(".*-", ""));
      assertThat(seq).isGreaterThan(last);
      last = seq;
    }
  }

  @Test
  @Order(4)
  void aRestartBringsTheBlocksAndTodaysQuotasBack() throws Exception {
    for (int i = 1; i <= 5; i++) {
      sipp(
          "invite-ptfps.xml",
          "+1212555011" + i,
          1,
          List.of("-key", "cid", "4002", "-key", "ncalls", "0"));
    }
    tfps.close();
    tfps = TfpsHarness.start(dir, config());
    long r13 = tfps.metric("tfps_verdicts_total{code=\"R13\"}");
    sipp(
        "invite-ptfps.xml",
        "+12125550199",
        1,
        List.of("-key", "cid", "4001", "-key", "ncalls", "0"));
    assertThat(tfps.metric("tfps_verdicts_total{code=\"R13\"}")).isEqualTo(r13 + 1);
    // 4002 used its 5 calls of the day before the restart: the sixth is over the daily limit.
    long r11 = tfps.metric("tfps_verdicts_total{code=\"R11\"}");
    sipp(
        "invite-ptfps.xml",
        "+12125550116",
        1,
        List.of("-key", "cid", "4002", "-key", "ncalls", "0"));
    assertThat(tfps.metric("tfps_verdicts_total{code=\"R11\"}")).isEqualTo(r11 + 1);
    assertThat(rows("SELECT calls FROM day_counters WHERE account = '4002@pbx.example.com'"))
        .extracting(r -> r.getInteger("calls"))
        .containsExactly(5);
  }
}
