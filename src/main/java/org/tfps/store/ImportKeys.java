package org.tfps.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.tfps.decision.AccountRepository.ImportKey;

/**
 * The keys of imported call records (docs/cdr-import.md#importing), in table {@code
 * imported_call_keys}: 16 bytes, the call's start as written (5 bytes, seconds, big-endian) then
 * the first 88 bits of SHA-256 of its idempotency key. Files are mostly in start order, so a
 * batch's keys, sorted, fall at the right edge of the primary key or in a narrow range of it.
 *
 * <p>A batch is checked a chunk of {@link #CHUNK} sorted keys at a time, on one connection: the
 * keys already kept in the chunk's ranges are read (one statement, {@link #RANGES} ranges at most,
 * cut where the starts jump), then the others inserted with a plain multi-row INSERT, which answers
 * no rows (INSERT IGNORE of a key kept before costs MariaDB about as much as inserting it; the
 * range read almost nothing). The INSERT is text with hex literals, not a prepared statement: one
 * that long is not in the client's statement cache (2,048 characters at most), so each would be
 * prepared again, answering 5,000 parameter definitions. No key is counted twice:
 *
 * <ul>
 *   <li>an INSERT that meets a key kept since the read (another node's import into the same
 *       database; on one node one import runs at a time, but one import keeps two batches at once)
 *       fails whole with a duplicate key (or as a deadlock's victim), and the chunk is kept again
 *       with {@code INSERT IGNORE ... RETURNING}, which answers exactly the rows it inserted;
 *   <li>ranges holding more than {@link #RANGE_ROWS} kept keys (a file far out of start order, or a
 *       sparse file over a denser one imported before) are not read in full: the chunk goes to
 *       {@code INSERT IGNORE ... RETURNING} at once.
 * </ul>
 *
 * <p>Keys of records imported under schema version 4 are in {@code imported_calls} (128 bits of
 * SHA-256 of the idempotency key, no time): while that table has rows, the keys not found in the
 * new table are looked up there too, so a file imported before the upgrade adds nothing again.
 *
 * <p>Why SHA-256 and 88 bits: two records collide only if they start in the same second and share
 * 88 bits of the hash; with a million records in one second the chance is below 10^-14. The keys
 * hash what a file holds, caller ids and Call-IDs an attacker chooses among them, so a hash whose
 * collisions can be made (a non-cryptographic one) could hide a call from the import; SHA-256 costs
 * under a microsecond a key (about 5 % of an import's CPU, bench/RESULTS.md).
 */
final class ImportKeys {

  /** Keys a statement reads or inserts: 5,000 hex literals are 190 KB of SQL. */
  static final int CHUNK = 5_000;

  /** Kept keys a chunk's range may hold and still be read; past it, INSERT IGNORE ... RETURNING. */
  static final int RANGE_ROWS = 2 * CHUNK;

  /** Bytes of the start in a key: seconds up to the year 36812. */
  static final int TIME_BYTES = 5;

  static final int KEY_BYTES = 16;

  private static final long MAX_TIME = (1L << (8 * TIME_BYTES)) - 1;

  private static final int DUPLICATE_KEY = 1062;

  /**
   * InnoDB may end one of two INSERTs meeting on the same keys as a deadlock; its statement is
   * rolled back whole, and the chunk is kept again as after a duplicate key.
   */
  private static final int DEADLOCK = 1213;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Ranges a chunk's read is made of, cut where its starts jump most: a file written as calls end
   * (Asterisk's and FreeSWITCH's Master.csv) puts a long call among later ones, and a single range
   * would span every key kept since that call's start.
   */
  static final int RANGES = 16;

  private static final String RANGE =
      "SELECT call_key FROM imported_call_keys WHERE "
          + String.join(" OR ", Collections.nCopies(RANGES, "call_key BETWEEN ? AND ?"))
          + " ORDER BY call_key LIMIT "
          + (RANGE_ROWS + 1);

  /** A key of the batch: its start, its bytes, its version-4 key, and where it is in the batch. */
  record Key(long start, byte[] bytes, byte[] legacy, int index) {}

  private ImportKeys() {}

  /** The start a key holds: seconds from 0 to 2^40 - 1. */
  static long start(long writtenStart) {
    return Math.max(0, Math.min(MAX_TIME, writtenStart));
  }

  /** The table's key of a record: its start as written, then 88 bits of SHA-256 of its key. */
  static byte[] key(long writtenStart, byte[] sha256) {
    byte[] k = new byte[KEY_BYTES];
    long t = start(writtenStart);
    for (int i = TIME_BYTES - 1; i >= 0; i--) {
      k[i] = (byte) t;
      t >>>= 8;
    }
    System.arraycopy(sha256, 0, k, TIME_BYTES, KEY_BYTES - TIME_BYTES);
    return k;
  }

  /** SHA-256 of an idempotency key in UTF-8; its first 16 bytes were the version-4 key. */
  static byte[] sha256(MessageDigest sha, String key) {
    return sha.digest(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Keeps the keys not kept before and answers which they are (bit {@code i} for {@code
   * keys.get(i)}; of a key listed twice, the first). The keys are hashed and sorted on the calling
   * thread (the import's worker), the statements run on one connection of {@code pool}.
   */
  static Future<BitSet> keepNew(Pool pool, List<ImportKey> keys) {
    List<Key> sorted = sortedUnique(keys);
    BitSet fresh = new BitSet(keys.size());
    if (sorted.isEmpty()) {
      return Future.succeededFuture(fresh);
    }
    return pool.withConnection(
        conn ->
            conn.query("SELECT 1 FROM imported_calls LIMIT 1")
                .execute()
                .compose(
                    legacy -> {
                      Future<Void> all = Future.succeededFuture();
                      for (int from = 0; from < sorted.size(); from += CHUNK) {
                        List<Key> chunk =
                            sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
                        all = all.compose(x -> keep(conn, chunk, legacy.size() > 0, fresh));
                      }
                      return all.map(x -> fresh);
                    }));
  }

  /** The keys in key order, each once (the first of the batch where it repeats). */
  private static List<Key> sortedUnique(List<ImportKey> keys) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    List<Key> all = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      ImportKey k = keys.get(i);
      byte[] d = sha256(sha, k.key());
      all.add(
          new Key(
              start(k.writtenStart()), key(k.writtenStart(), d), Arrays.copyOf(d, KEY_BYTES), i));
    }
    // Stable: of equal keys the first in the batch stays first.
    all.sort((a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes()));
    List<Key> unique = new ArrayList<>(all.size());
    for (Key k : all) {
      if (unique.isEmpty() || !Arrays.equals(unique.get(unique.size() - 1).bytes(), k.bytes())) {
        unique.add(k);
      }
    }
    return unique;
  }

  /** Keeps one chunk (sorted, unique): reads its ranges, drops the kept ones, inserts the rest. */
  private static Future<Void> keep(
      SqlConnection conn, List<Key> chunk, boolean legacy, BitSet fresh) {
    return conn.preparedQuery(RANGE)
        .execute(ranges(chunk))
        .compose(
            kept -> {
              boolean dense = kept.size() > RANGE_ROWS;
              List<Key> left = dense ? chunk : without(chunk, kept);
              return (legacy ? withoutLegacy(conn, left) : Future.succeededFuture(left))
                  .compose(
                      rest -> dense ? returning(conn, rest, fresh) : insert(conn, rest, fresh));
            });
  }

  /**
   * The {@link #RANGES} ranges of a chunk's read, as the statement's values: the chunk cut before
   * the keys whose start is furthest from the one before (the last range repeated when there are
   * fewer such jumps).
   */
  static Tuple ranges(List<Key> chunk) {
    PriorityQueue<Integer> widest =
        new PriorityQueue<>(Comparator.comparingLong((Integer i) -> jump(chunk, i)));
    for (int i = 1; i < chunk.size(); i++) {
      if (jump(chunk, i) > 0) {
        widest.add(i);
        if (widest.size() == RANGES) {
          widest.poll();
        }
      }
    }
    int[] cuts = widest.stream().mapToInt(Integer::intValue).sorted().toArray();
    Tuple values = Tuple.tuple();
    int from = 0;
    for (int cut : cuts) {
      values.addBuffer(Buffer.buffer(chunk.get(from).bytes()));
      values.addBuffer(Buffer.buffer(chunk.get(cut - 1).bytes()));
      from = cut;
    }
    Buffer first = Buffer.buffer(chunk.get(from).bytes());
    Buffer last = Buffer.buffer(chunk.get(chunk.size() - 1).bytes());
    while (values.size() < 2 * RANGES) {
      values.addBuffer(first).addBuffer(last);
    }
    return values;
  }

  /** Seconds from the start of key {@code i - 1} to that of key {@code i}. */
  private static long jump(List<Key> chunk, int i) {
    return chunk.get(i).start() - chunk.get(i - 1).start();
  }

  /** The keys of {@code chunk} not among {@code kept} (both in key order). */
  private static List<Key> without(List<Key> chunk, RowSet<Row> kept) {
    List<Key> left = new ArrayList<>(chunk.size());
    var rows = kept.iterator();
    byte[] next = rows.hasNext() ? rows.next().getBuffer(0).getBytes() : null;
    for (Key k : chunk) {
      int c = -1;
      while (next != null && (c = Arrays.compareUnsigned(next, k.bytes())) < 0) {
        next = rows.hasNext() ? rows.next().getBuffer(0).getBytes() : null;
      }
      if (next == null || c != 0) {
        left.add(k);
      }
    }
    return left;
  }

  /** The keys not kept under schema version 4 either. */
  private static Future<List<Key>> withoutLegacy(SqlConnection conn, List<Key> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(keys);
    }
    StringBuilder in = new StringBuilder(keys.size() * (2 * KEY_BYTES + 4));
    for (Key k : keys) {
      hex(in.append(in.length() > 0 ? ", " : ""), k.legacy());
    }
    return conn.query("SELECT call_key FROM imported_calls WHERE call_key IN (" + in + ")")
        .execute()
        .map(
            rows -> {
              if (rows.size() == 0) {
                return keys;
              }
              Set<ByteBuffer> old = new HashSet<>();
              for (Row r : rows) {
                old.add(ByteBuffer.wrap(r.getBuffer(0).getBytes()));
              }
              List<Key> left = new ArrayList<>(keys.size());
              for (Key k : keys) {
                if (!old.contains(ByteBuffer.wrap(k.legacy()))) {
                  left.add(k);
                }
              }
              return left;
            });
  }

  /** Inserts keys read as not kept: all are new, unless another import kept one meanwhile. */
  private static Future<Void> insert(SqlConnection conn, List<Key> keys, BitSet fresh) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.query("INSERT INTO imported_call_keys (call_key) VALUES " + literals(keys))
        .execute()
        .<Void>map(
            x -> {
              for (Key k : keys) {
                fresh.set(k.index());
              }
              return null;
            })
        .recover(
            e ->
                e instanceof DatabaseException d
                        && (d.getErrorCode() == DUPLICATE_KEY || d.getErrorCode() == DEADLOCK)
                    ? returning(conn, keys, fresh)
                    : Future.failedFuture(e));
  }

  /** Inserts the keys not kept (MariaDB's RETURNING answers exactly those). */
  private static Future<Void> returning(SqlConnection conn, List<Key> keys, BitSet fresh) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.query(
            "INSERT IGNORE INTO imported_call_keys (call_key) VALUES "
                + literals(keys)
                + " RETURNING call_key")
        .execute()
        .map(
            rows -> {
              for (Row r : rows) {
                byte[] k = r.getBuffer(0).getBytes();
                int at = binarySearch(keys, k);
                if (at >= 0) {
                  fresh.set(keys.get(at).index());
                }
              }
              return null;
            });
  }

  private static int binarySearch(List<Key> keys, byte[] k) {
    int lo = 0;
    int hi = keys.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Arrays.compareUnsigned(keys.get(mid).bytes(), k);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** The keys as the rows of a VALUES list: {@code (0x...), (0x...)}. */
  private static String literals(List<Key> keys) {
    StringBuilder s = new StringBuilder(keys.size() * (2 * KEY_BYTES + 7));
    for (Key k : keys) {
      hex(s.append(s.length() > 0 ? ", (" : "("), k.bytes()).append(')');
    }
    return s.toString();
  }

  /** Appends {@code bytes} as a hex literal, {@code 0x...}. */
  private static StringBuilder hex(StringBuilder s, byte[] bytes) {
    s.append("0x");
    for (byte b : bytes) {
      s.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
    return s;
  }
}
