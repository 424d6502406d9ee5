package org.tfps.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Tuple;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.AccountRepository.ImportKey;
import org.tfps.history.BadRow;
import org.tfps.history.CdrFormat;
import org.tfps.history.CdrReaders;
import org.tfps.history.CdrSink;
import org.tfps.history.HistoricalCall;
import org.tfps.history.ReadCounts;

/**
 * The keys of imported calls in a real MariaDB (docs/cdr-import.md#importing): each kept once,
 * whichever way a batch is checked, and the keys kept under schema version 4 still count.
 */
class ImportKeysIT {

  @TempDir static Path dir;
  static Vertx vertx;
  static TestDatabase db;
  static Store store;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    db = TestDatabase.start(dir.resolve("db"));
    MySQLConnectOptions o = db.freshDatabase(vertx, "imports").await(60, TimeUnit.SECONDS);
    TfpsConfig.Db config =
        new TfpsConfig.Db(
            TestDatabase.url(o),
            dir.resolve("data"),
            4,
            Duration.ofMillis(200),
            Duration.ofMinutes(1));
    store =
        Store.open(vertx, config, "n1", Instant.parse("2026-11-23T14:00:00Z"), b -> {})
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

  private static BitSet keep(List<ImportKey> keys) throws Exception {
    return store.accounts().keepNewImports(keys).await(60, TimeUnit.SECONDS);
  }

  /** {@code n} keys starting {@code perSecond} a second from {@code from}, named {@code name-i}. */
  private static List<ImportKey> keys(String name, long from, int n, int perSecond) {
    List<ImportKey> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add(new ImportKey(from + i / perSecond, name + "-" + i));
    }
    return keys;
  }

  private static BitSet all(int n) {
    BitSet b = new BitSet();
    b.set(0, n);
    return b;
  }

  @Test
  void aKeyIsNewOnceAndTheFirstOfARepeatIsTheNewOne() throws Exception {
    List<ImportKey> keys = new ArrayList<>(keys("once", 1_790_000_000L, 12_000, 3));
    keys.add(keys.get(5)); // the file repeats a record
    BitSet first = keep(keys);
    assertThat(first).isEqualTo(all(12_000));

    // Again, and the half of it in a batch with new ones: only the new ones.
    assertThat(keep(keys)).isEqualTo(new BitSet());
    List<ImportKey> overlap = new ArrayList<>(keys.subList(6_000, 12_000));
    overlap.addAll(keys("once-more", 1_790_003_000L, 3_000, 3));
    BitSet second = keep(overlap);
    BitSet expected = new BitSet();
    expected.set(6_000, 9_000);
    assertThat(second).isEqualTo(expected);
  }

  @Test
  void theSameKeyAtAnotherStartIsAnotherRecordAndAStartOutOfRangeStillCounts() throws Exception {
    List<ImportKey> keys =
        List.of(
            new ImportKey(1_790_100_000L, "twice"),
            new ImportKey(1_790_100_001L, "twice"),
            new ImportKey(-5, "before-1970"),
            new ImportKey(Long.MAX_VALUE, "far-ahead"));
    assertThat(keep(keys)).isEqualTo(all(4));
    assertThat(keep(keys)).isEqualTo(new BitSet());
  }

  /**
   * More keys kept in a batch's range than a chunk may read (a sparse file over a dense one): the
   * chunk is kept with INSERT IGNORE ... RETURNING, as exactly.
   */
  @Test
  void aRangeDenserThanAReadIsStillCheckedExactly() throws Exception {
    long second = 1_790_200_000L;
    assertThat(keep(keys("dense", second, ImportKeys.RANGE_ROWS + 500, 1_000_000)))
        .isEqualTo(all(ImportKeys.RANGE_ROWS + 500));
    List<ImportKey> sparse =
        List.of(
            new ImportKey(second - 1, "sparse-a"),
            new ImportKey(second, "dense-7"), // kept above
            new ImportKey(second + 1, "sparse-b"));
    BitSet fresh = keep(sparse);
    assertThat(fresh.get(0)).isTrue();
    assertThat(fresh.get(1)).as("kept before").isFalse();
    assertThat(fresh.get(2)).isTrue();
  }

  /**
   * A file written as calls end (Asterisk, FreeSWITCH): a long call among later ones, and a record
   * kept before, over two hours of kept keys. Its range is read on its own; the count is exact.
   */
  @Test
  void aLongCallWrittenAtItsEndAmongLaterOnesIsCheckedExactly() throws Exception {
    long s = 1_790_400_000L;
    assertThat(keep(keys("busy", s, 21_600, 3))).isEqualTo(all(21_600));
    List<ImportKey> next = new ArrayList<>();
    next.add(new ImportKey(s + 600, "long-call"));
    next.add(new ImportKey(s + 1, "busy-3")); // kept above
    next.addAll(keys("after", s + 7_200, 4_000, 3));
    BitSet expected = all(next.size());
    expected.clear(1);
    assertThat(keep(next)).isEqualTo(expected);
    assertThat(keep(next)).isEqualTo(new BitSet());
  }

  /**
   * Two imports keeping the same keys at once (two nodes on one database; on one node, two batches
   * of one import): whichever inserts first, each key is new for exactly one of them.
   */
  @Test
  void twoImportsAtOnceCountEachKeyOnce() throws Exception {
    for (int round = 0; round < 5; round++) {
      List<ImportKey> keys = keys("race-" + round, 1_790_300_000L + round * 10_000, 9_000, 2);
      Future<BitSet> a = store.accounts().keepNewImports(keys);
      Future<BitSet> b = store.accounts().keepNewImports(keys);
      BitSet x = a.await(60, TimeUnit.SECONDS);
      BitSet y = b.await(60, TimeUnit.SECONDS);
      assertThat(x.intersects(y)).isFalse();
      BitSet both = (BitSet) x.clone();
      both.or(y);
      assertThat(both).isEqualTo(all(keys.size()));
    }
  }

  /**
   * A file imported by a TFPS of schema version 4 (keys: 128 bits of SHA-256 of the idempotency key
   * alone, in imported_calls), then again after the upgrade: nothing is new; a file with new
   * records next to those still adds them.
   */
  @Test
  void aFileImportedUnderVersion4AddsNothingAfterTheUpgrade() throws Exception {
    List<HistoricalCall> calls = calls(Path.of("src/test/resources/cdr/asterisk-Master.csv"));
    assertThat(calls).hasSizeGreaterThan(1_000);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    List<Tuple> legacy = new ArrayList<>();
    for (HistoricalCall c : calls) {
      byte[] d = ImportKeys.sha256(sha, c.idempotencyKey());
      legacy.add(Tuple.of(Buffer.buffer(Arrays.copyOf(d, 16))));
    }
    store
        .pool()
        .preparedQuery("INSERT IGNORE INTO imported_calls (call_key) VALUES (?)")
        .executeBatch(legacy)
        .await(60, TimeUnit.SECONDS);

    List<ImportKey> keys = new ArrayList<>();
    for (HistoricalCall c : calls) {
      keys.add(new ImportKey(c.writtenStart(), c.idempotencyKey()));
    }
    assertThat(keep(keys)).as("imported under version 4").isEqualTo(new BitSet());

    keys.add(new ImportKey(calls.get(0).writtenStart(), "asterisk:uid:not-in-the-file/1"));
    BitSet fresh = keep(keys);
    assertThat(fresh.cardinality()).isEqualTo(1);
    assertThat(fresh.get(keys.size() - 1)).isTrue();
  }

  private static List<HistoricalCall> calls(Path file) throws Exception {
    List<HistoricalCall> calls = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      CdrReaders.read(
          in,
          CdrFormat.ASTERISK,
          ZoneId.of("Europe/London"),
          new CdrSink() {
            @Override
            public void accept(HistoricalCall call) {
              calls.add(call);
            }

            @Override
            public void reject(BadRow row) {}

            @Override
            public void progress(ReadCounts counts) {}
          });
    }
    return calls;
  }
}
