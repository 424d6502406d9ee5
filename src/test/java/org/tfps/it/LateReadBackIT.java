package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.store.TestDatabase;

/**
 * TFPS starts while its database is down: the day counters kept before come back when the database
 * does, added to the calls decided meanwhile, so today's quota is still today's quota.
 */
class LateReadBackIT {

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();
  private TestDatabase db;
  private Pool pool;
  private TfpsHarness tfps;

  @AfterEach
  void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
    if (pool != null) {
      pool.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    if (db != null) {
      db.close();
    }
  }

  private void call(String number) throws Exception {
    Sipp.ptfps(tfps.sipPort, dir, number, "7001", "0");
  }

  private int callsKept() throws Exception {
    for (Row r :
        pool.query("SELECT calls FROM day_counters WHERE account = '7001@pbx.example.com'")
            .execute()
            .await(10, TimeUnit.SECONDS)) {
      return r.getInteger("calls");
    }
    return 0;
  }

  private void waitForCallsKept(int calls) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (callsKept() != calls && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertThat(callsKept()).as("calls of 7001 in day_counters").isEqualTo(calls);
  }

  @Test
  void countersKeptBeforeComeBackWhenTheDatabaseDoes() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    db = TestDatabase.start(dir.resolve("db"));
    assertThat(db.embedded()).as("this test stops and starts its own database").isPresent();
    MySQLConnectOptions target = db.freshDatabase(vertx, "late").await(60, TimeUnit.SECONDS);
    pool = TestDatabase.pool(vertx, target);
    String config =
        "tfps.db { url = \"mysql://"
            + target.getUser()
            + "@127.0.0.1:"
            + target.getPort()
            + "/"
            + target.getDatabase()
            + "\", data-dir = \""
            + dir.resolve("data")
            + "\", retry-interval = 500ms, snapshot-interval = 1s }\n"
            + "tfps.accounts.limits.calls-per-day.total = 3\n";
    tfps = TfpsHarness.start(dir, config);
    call("+12125550101");
    call("+12125550102");
    waitForCallsKept(2);
    tfps.close();
    tfps = null;

    pool.close().await(10, TimeUnit.SECONDS);
    pool = null;
    db.embedded().orElseThrow().stop();
    tfps = TfpsHarness.start(dir, config); // the database is down: nothing to read back
    call("+12125550103"); // the third call of the day, counted as the first
    db.embedded().orElseThrow().start();
    pool = TestDatabase.pool(vertx, target);
    // Read back, added (2 + 1), then snapshotted again.
    waitForCallsKept(3);
    long r11 = tfps.metric("tfps_verdicts_total{code=\"R11\"}");
    call("+12125550104");
    assertThat(tfps.metric("tfps_verdicts_total{code=\"R11\"}")).isEqualTo(r11 + 1);
  }
}
