package org.tfps.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer against a real MariaDB: records it cannot write are set aside, never a stall. */
class StoreWriterIT {

  @TempDir static Path dir;
  static Vertx vertx;
  static TestDatabase db;
  static Pool pool;
  static io.vertx.mysqlclient.MySQLConnectOptions target;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    db = TestDatabase.start(dir.resolve("db"));
    target = db.freshDatabase(vertx, "writer").await(60, TimeUnit.SECONDS);
    pool = TestDatabase.pool(vertx, target);
    Migrations.apply(pool).await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (db != null) {
      db.close();
    }
  }

  /** A writer of {@code journal} into {@code database}, retrying every 200 ms. */
  private static StoreWriter writer(
      Journal journal, io.vertx.mysqlclient.MySQLConnectOptions database, Path rejected) {
    return new StoreWriter(
        vertx, journal, () -> TestDatabase.pool(vertx, database), Duration.ofMillis(200), rejected);
  }

  private static JsonObject event(String id, String userAgent) {
    return new JsonObject()
        .put("type", "event")
        .put("id", id)
        .put("node", "n1")
        .put("at", 1_795_000_000_000L)
        .put("kind", "verdict")
        .put("account", "1001@pbx.example.com")
        .put("callId", "c-" + id)
        .put("dialed", "+5312345678")
        .put("e164", "+5312345678")
        .put("country", "CU")
        .put("action", "deny")
        .put("code", "R06")
        .put("rule", "blocked-country")
        .put("score", 100)
        .put("evidence", "destination +5312345678 is in blocked country CU")
        .put("findings", new JsonArray())
        .put("sourceIp", "192.0.2.10")
        .put("userAgent", userAgent)
        .put("factsComplete", true);
  }

  @Test
  void badRecordsAreSetAsideOnceAndTheRestIsWrittenInOrder() throws Exception {
    Path journalDir = dir.resolve("journal");
    Path rejected = journalDir.resolve("store.rejected");
    try (Journal journal = new Journal(journalDir, "store")) {
      journal.append(event("n1-1-1", "Asterisk PBX 18"));
      journal.append(new JsonObject().put("type", "gossip").put("id", "n1-1-2"));
      journal.append(event("n1-1-3", "x".repeat(1000)));
      JsonObject broken = event("n1-1-4", "Yealink");
      broken.remove("findings");
      journal.append(broken);
      journal.append(event("n1-1-5", "Yealink"));
      StoreWriter writer = writer(journal, target, rejected);
      writer.start();
      // Moved off its event loop before it starts writing, as the SIP front door moves it.
      io.netty.channel.EventLoop first = writer.eventLoop();
      writer.keepOff(first);
      assertThat(writer.eventLoop()).isNotSameAs(first);
      writer.schemaReady();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (journal.backlog() > 0 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      writer.stop().await(10, TimeUnit.SECONDS);
      assertThat(journal.backlog()).isZero();
      List<String> written = new ArrayList<>();
      for (Row r :
          pool.query("SELECT event_id, user_agent FROM events ORDER BY id")
              .execute()
              .await(10, TimeUnit.SECONDS)) {
        written.add(r.getString("event_id") + " " + r.getString("user_agent").length());
      }
      assertThat(written).containsExactly("n1-1-1 15", "n1-1-3 255", "n1-1-5 7");
      List<String> aside = Files.readAllLines(rejected);
      assertThat(aside).hasSize(2);
      assertThat(aside.get(0)).contains("not a record TFPS writes (type 'gossip')");
      assertThat(aside.get(1)).contains("malformed event record").contains("n1-1-4");
      assertThat(writer.rejected()).isEqualTo(2);
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(rejected)))
          .isEqualTo("rw-------");
    }
  }

  /**
   * A holding journal whose bound is passed before the writer starts: the first records come from
   * memory, the rest from the file, then the ones appended while it writes from memory again, all
   * in order and each once.
   */
  @Test
  void recordsPastTheHeldBoundAreReadFromTheFileInOrder() throws Exception {
    io.vertx.mysqlclient.MySQLConnectOptions held =
        db.freshDatabase(vertx, "held").await(60, TimeUnit.SECONDS);
    Pool heldPool = TestDatabase.pool(vertx, held);
    Migrations.apply(heldPool).await(60, TimeUnit.SECONDS);
    Path journalDir = dir.resolve("held-journal");
    try (Journal journal = new Journal(journalDir, "store", Journal.ROTATE_BYTES, 100)) {
      for (int i = 1; i <= 1250; i++) {
        journal.append(event("n1-2-" + i, "Yealink"));
      }
      assertThat(journal.held()).isEqualTo(100);
      StoreWriter writer = writer(journal, held, journalDir.resolve("store.rejected"));
      writer.schemaReady();
      writer.start();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (journal.committedRecords() < 100 && System.nanoTime() < until) {
        Thread.sleep(1);
      }
      // The held ones are written; these are held again (the commit made room), ahead of the
      // 1,150 the writer must first read from the file (it waits 50 ms after a short batch).
      assertThat(journal.committedRecords()).isGreaterThanOrEqualTo(100);
      for (int i = 1251; i <= 1500; i++) {
        journal.append(event("n1-2-" + i, "Yealink"));
      }
      assertThat(journal.held()).isPositive();
      while (journal.backlog() > 0 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      writer.stop().await(10, TimeUnit.SECONDS);
      assertThat(journal.backlog()).isZero();
      assertThat(writer.rejected()).isZero();
      List<String> written = new ArrayList<>();
      for (Row r :
          heldPool
              .query("SELECT event_id FROM events ORDER BY id")
              .execute()
              .await(10, TimeUnit.SECONDS)) {
        written.add(r.getString("event_id"));
      }
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= 1500; i++) {
        expected.add("n1-2-" + i);
      }
      assertThat(written).isEqualTo(expected);
    } finally {
      heldPool.close().await(10, TimeUnit.SECONDS);
    }
  }
}
