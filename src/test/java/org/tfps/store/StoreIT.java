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
    String url =
        "mysql://"
            + o.getUser()
            + (o.getPassword() == null || o.getPassword().isEmpty() ? "" : ":" + o.getPassword())
            + "@"
            + o.getHost()
            + ":"
            + o.getPort()
            + "/"
            + o.getDatabase();
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

  @Test
  void theExternalServerModeIsReported() {
    assertThat(store.status().getString("mode")).isEqualTo("external");
    assertThat(store.up()).isTrue();
  }
}
