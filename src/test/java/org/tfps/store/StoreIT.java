package org.tfps.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLConnectOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.DayCount;

/** The store opened on an external server URL, as the appliance runs it. */
class StoreIT {

  @TempDir static Path dir;
  static Vertx vertx;
  static TestDatabase db;
  static Store store;
  static final List<Store.Block> blocks = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    db = TestDatabase.start(dir.resolve("db"));
    MySQLConnectOptions o = db.freshDatabase(vertx, "store").await(60, TimeUnit.SECONDS);
    String url = TestDatabase.url(o);
    TfpsConfig.Db config =
        new TfpsConfig.Db(
            url, dir.resolve("data"), 2, Duration.ofMillis(200), Duration.ofMinutes(1));
    store =
        Store.open(vertx, config, "n1", Instant.parse("2026-11-23T14:00:00Z"), blocks::add)
            .await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) {
      store.close().await(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aBlockedDestinationWithAnEndIsTakenOffThenAndALastingOneNever() throws Exception {
    var repo = store.accounts();
    var blocked = org.tfps.decision.AccountRepository.DestinationKind.BLOCKED;
    Instant t0 = Instant.parse("2026-11-23T15:00:00Z");
    // a failed verify call's block, an hour long; an operator's, for good
    assertThat(
            repo.addDestination("e@x", blocked, "+442079460001", "verified", t0.plusSeconds(3600))
                .await(30, TimeUnit.SECONDS))
        .isTrue();
    assertThat(
            repo.addDestination("e@x", blocked, "+442079460002", "operator")
                .await(30, TimeUnit.SECONDS))
        .isTrue();
    // a second failure later moves the end to the later one; a failure on the operator's
    // number leaves it lasting
    assertThat(
            repo.addDestination("e@x", blocked, "+442079460001", "verified", t0.plusSeconds(5400))
                .await(30, TimeUnit.SECONDS))
        .isFalse();
    assertThat(
            repo.addDestination("e@x", blocked, "+442079460002", "verified", t0.plusSeconds(60))
                .await(30, TimeUnit.SECONDS))
        .isFalse();
    assertThat(repo.expireDestinations(t0.plusSeconds(3600)).await(30, TimeUnit.SECONDS)).isEmpty();
    assertThat(repo.get("e@x").await(30, TimeUnit.SECONDS).blockedDestinations())
        .containsExactlyInAnyOrder("+442079460001", "+442079460002");
    assertThat(repo.expireDestinations(t0.plusSeconds(5400)).await(30, TimeUnit.SECONDS))
        .containsExactly("e@x");
    assertThat(repo.get("e@x").await(30, TimeUnit.SECONDS).blockedDestinations())
        .containsExactly("+442079460002");
    assertThat(repo.expireDestinations(t0.plusSeconds(86_400 * 365)).await(30, TimeUnit.SECONDS))
        .isEmpty();
    // an operator blocking a number whose block has an end makes it lasting
    repo.addDestination("e@x", blocked, "+442079460003", "verified", t0.plusSeconds(60))
        .await(30, TimeUnit.SECONDS);
    repo.addDestination("e@x", blocked, "+442079460003", "operator").await(30, TimeUnit.SECONDS);
    assertThat(repo.expireDestinations(t0.plusSeconds(120)).await(30, TimeUnit.SECONDS)).isEmpty();
    assertThat(repo.get("e@x").await(30, TimeUnit.SECONDS).blockedDestinations())
        .containsExactlyInAnyOrder("+442079460002", "+442079460003");
  }

  @Test
  void dayCountsOnlyGrowWhateverOrderSnapshotsArriveIn() throws Exception {
    LocalDate day = LocalDate.parse("2026-11-23");
    store
        .saveDayCounts(List.of(new DayCount("a@x", day, 10, 2, 9, 12.5, 3)))
        .await(30, TimeUnit.SECONDS);
    // A late snapshot (or one taken after a restart that read nothing back) is smaller.
    store
        .saveDayCounts(List.of(new DayCount("a@x", day, 4, 3, 4, 1.0, 1)))
        .await(30, TimeUnit.SECONDS);
    List<DayCount> back = store.dayCounts(day.minusDays(1)).await(30, TimeUnit.SECONDS);
    assertThat(back).containsExactly(new DayCount("a@x", day, 10, 3, 9, 12.5, 3));
    assertThat(store.dayCounts(day.plusDays(1)).await(30, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void theLatestSnapshotsCountriesAndLeasesAreKeptWithTheDay() throws Exception {
    LocalDate day = LocalDate.parse("2026-11-24");
    store
        .saveDayCounts(List.of(new DayCount("b@x", day, 3, 0, 3, 0, 2, "GB,US", "AAIB")))
        .await(30, TimeUnit.SECONDS);
    store
        .saveDayCounts(List.of(new DayCount("b@x", day, 4, 0, 4, 0, 2, "DE,GB,US", "AAMC")))
        .await(30, TimeUnit.SECONDS);
    // A closed day's count carries none: the kept ones stay.
    store
        .saveDayCounts(List.of(new DayCount("b@x", day, 4, 0, 4, 0, 2)))
        .await(30, TimeUnit.SECONDS);
    assertThat(store.dayCounts(day).await(30, TimeUnit.SECONDS))
        .containsExactly(new DayCount("b@x", day, 4, 0, 4, 0, 2, "DE,GB,US", "AAMC"));
  }

  /**
   * An operator's unblock still in the journal at start (the database never got it) wins over the
   * database's older block of the account; the day counters read back as usual.
   */
  @Test
  void aJournaledUnblockWinsOverTheDatabasesBlockAtStart() throws Exception {
    MySQLConnectOptions o = db.freshDatabase(vertx, "unblock").await(60, TimeUnit.SECONDS);
    String url = TestDatabase.url(o);
    Path data = dir.resolve("unblock-data");
    TfpsConfig.Db config =
        new TfpsConfig.Db(url, data, 2, Duration.ofMillis(200), Duration.ofMinutes(1));
    Instant now = Instant.parse("2026-11-23T14:00:00Z");
    // A first store creates the schema, keeps a block and a day's counts, and closes.
    Store first = Store.open(vertx, config, "n1", now, b -> {}).await(60, TimeUnit.SECONDS);
    var pool = first.pool();
    pool.query(
            "INSERT INTO account_blocks (event_id, account, reason, blocked_at, until) VALUES"
                + " ('e1', 'u1@x', 'R23', '2026-11-23 13:00:00', '2026-11-24 13:00:00'),"
                + " ('e2', 'u2@x', 'R23', '2026-11-23 13:00:00', '2026-11-24 13:00:00')")
        .execute()
        .await(10, TimeUnit.SECONDS);
    first
        .saveDayCounts(List.of(new DayCount("u1@x", LocalDate.of(2026, 11, 23), 7, 0, 7, 0.0, 1)))
        .await(10, TimeUnit.SECONDS);
    first.close().await(30, TimeUnit.SECONDS);
    // The unblock of u1 reached the journal, not the database.
    try (Journal journal = new Journal(data.resolve("journal"), "store")) {
      journal.append(
          new io.vertx.core.json.JsonObject()
              .put("type", "unblock")
              .put("id", "n1-x-1")
              .put("account", "u1@x")
              .put("at", Instant.parse("2026-11-23T13:30:00Z").toEpochMilli()));
      journal.force();
    }
    List<Store.Block> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Store second = Store.open(vertx, config, "n1", now, seen::add).await(60, TimeUnit.SECONDS);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (seen.stream().noneMatch(b -> b.account().equals("u2@x"))
          && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      assertThat(seen).anyMatch(b -> b.account().equals("u1@x") && b.lifted());
      assertThat(seen)
          .as("u1's block stays lifted")
          .noneMatch(b -> b.account().equals("u1@x") && !b.lifted());
      assertThat(seen).anyMatch(b -> b.account().equals("u2@x") && !b.lifted());
      assertThat(second.dayCounts(LocalDate.of(2026, 11, 1)).await(10, TimeUnit.SECONDS))
          .extracting(DayCount::calls)
          .containsExactly(7);
    } finally {
      second.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theExternalServerModeIsReported() {
    assertThat(store.status().getString("mode")).isEqualTo("external");
    assertThat(store.up()).isTrue();
  }
}
