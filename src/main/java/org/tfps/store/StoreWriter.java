package org.tfps.store;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves journal records into the database in order, a batch at a time, each batch in one
 * transaction. A failed batch stays in the journal and is tried again after {@code retry}; a record
 * already present (by its unique id) is left as it is ({@code ON DUPLICATE KEY UPDATE} a no-op, not
 * {@code INSERT IGNORE}, which would also hide truncated values), so a batch written twice (the
 * database committed but the answer was lost) leaves no duplicate. Reading and committing the
 * journal run on worker threads; the database client is asynchronous.
 *
 * <p>The writer runs on an event-loop context of its own, with a pool of one connection of its own
 * (a connection does its I/O on the event loop that opened it). {@link #keepOff} moves both off the
 * SIP front door's event loop: under load the writer's statements (a few hundred rows a batch,
 * their parameters encoded by the client) would otherwise take turns with the calls.
 */
final class StoreWriter {

  private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

  static final int BATCH = 500;

  /** A write that takes longer than this is abandoned and retried. */
  static final int STATEMENT_TIMEOUT_SECONDS = 30;

  /** Rows per multi-row INSERT: few statements per batch, few distinct statements to cache. */
  static final int ROWS_PER_INSERT = 100;

  private static final String INSERT_EVENTS =
      "INSERT INTO events (event_id, node, at, kind, account, call_id, dialed, e164,"
          + " country, action, code, rule, score, evidence, findings, source_ip, user_agent,"
          + " facts_complete, monitor_only) VALUES ";

  private static final String EVENT_ROW =
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_BLOCKS =
      "INSERT INTO account_blocks (event_id, account, reason, blocked_at, until) VALUES ";

  private static final String BLOCK_ROW = "(?, ?, ?, ?, ?)";

  private static final String INSERT_CALL_RECORDS =
      "INSERT INTO call_records (record_id, call_id, account, destination, start_at, answer_at,"
          + " end_at, duration_s, disposition, received_at) VALUES ";

  private static final String CALL_RECORD_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * An operator's unblock lifts the blocks made before it (run after the batch's inserts, so a
   * block journaled after the unblock stays).
   */
  private static final String UNBLOCK =
      "UPDATE account_blocks SET lifted_at = ? WHERE account = ? AND lifted_at IS NULL"
          + " AND blocked_at <= ?";

  /** A record already present (same id) is left as it is: a retried batch adds nothing. */
  private static final String ON_DUPLICATE = " ON DUPLICATE KEY UPDATE event_id = event_id";

  private static final String ON_DUPLICATE_RECORD =
      " ON DUPLICATE KEY UPDATE record_id = record_id";

  private final VertxInternal vertx;
  private final Journal journal;
  private final Supplier<Pool> pools;

  /** Where the writer runs; replaced by {@link #keepOff}. */
  private volatile ContextInternal context;

  /** The writer's own pool, opened on {@link #context} at first use; context's only. */
  private Pool pool;

  /** The context changed: the pool's connection is on the old event loop, open another. */
  private volatile boolean reopenPool;

  private final Duration retry;
  private final Path rejectedFile;
  private final AtomicBoolean up = new AtomicBoolean(true);
  private final AtomicLong rejected = new AtomicLong();

  /** Records set aside since the last commit (cleared then): each is set aside once. */
  private final java.util.Set<String> setAside = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private volatile boolean stopped;
  private volatile boolean schemaReady;

  /**
   * @param rejectedFile where records the database refuses (not for a connection problem, for their
   *     content) are kept, one JSON line each with the error, so one bad record never stalls the
   *     ones behind it
   */
  StoreWriter(
      Vertx vertx, Journal journal, Supplier<Pool> pools, Duration retry, Path rejectedFile) {
    this.vertx = (VertxInternal) vertx;
    this.context = this.vertx.createEventLoopContext();
    this.journal = journal;
    this.pools = pools;
    this.retry = retry;
    this.rejectedFile = rejectedFile;
  }

  /**
   * Starts the loop: it forces the journal to disk every cycle from now on, and writes to the
   * database once {@link #schemaReady()} is called.
   */
  void start() {
    cycle();
  }

  /** The schema is in place: records may be written. */
  void schemaReady() {
    schemaReady = true;
  }

  /** Records the database refused for their content, kept in the rejected file. */
  long rejected() {
    return rejected.get();
  }

  /** True while the last write succeeded. */
  boolean up() {
    return up.get();
  }

  /**
   * Moves the writer to another event loop than {@code loop} when it runs there (the group has more
   * than one); its pool's connection follows at the next cycle.
   */
  void keepOff(EventLoop loop) {
    if (context.nettyEventLoop() != loop) {
      return;
    }
    for (EventExecutor e : vertx.nettyEventLoopGroup()) {
      if (e != loop && e instanceof EventLoop other) {
        context = vertx.contextBuilder().withEventLoop(other).build();
        reopenPool = true;
        log.debug("store writer moved off the SIP event loop");
        return;
      }
    }
  }

  /** The event loop the writer runs on (tests). */
  EventLoop eventLoop() {
    return context.nettyEventLoop();
  }

  /**
   * Stops the loop and closes the writer's pool; a batch in flight fails and is written at next
   * start.
   */
  Future<Void> stop() {
    stopped = true;
    io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
    context.runOnContext(
        v -> {
          Pool p = pool;
          pool = null;
          (p == null ? Future.<Void>succeededFuture() : p.close()).onComplete(closed);
        });
    return closed.future();
  }

  /** The writer's pool, opened on first use (on the writer's context). */
  private Pool pool() {
    if (reopenPool) {
      reopenPool = false;
      if (pool != null) {
        pool.close();
        pool = null;
      }
    }
    if (pool == null) {
      pool = pools.get();
    }
    return pool;
  }

  private void cycle() {
    if (stopped) {
      return;
    }
    ContextInternal c = context;
    if (ContextInternal.current() != c) {
      c.runOnContext(v -> cycle()); // started, or moved by keepOff
      return;
    }
    if (!schemaReady) {
      c.executeBlocking(
              () -> {
                journal.force();
                return null;
              },
              false)
          .onComplete(ar -> c.setTimer(retry.toMillis(), id -> cycle()));
      return;
    }
    c.executeBlocking(
            () -> {
              journal.force();
              return journal.read(BATCH);
            },
            false)
        .compose(
            batch ->
                batch.records().isEmpty()
                    ? Future.succeededFuture(batch)
                    : insert(batch.records())
                        .compose(
                            x ->
                                c.executeBlocking(
                                    () -> {
                                      journal.commit(batch);
                                      setAside.clear();
                                      return batch;
                                    },
                                    false)))
        .onComplete(
            ar -> {
              if (stopped) {
                return; // closing: what is not written stays in the journal for the next start
              }
              if (ar.failed()) {
                if (up.getAndSet(false)) {
                  log.error(
                      "database writes failing, records kept in the journal ({} waiting): {}",
                      journal.backlog(),
                      ar.cause().toString());
                }
                c.setTimer(retry.toMillis(), id -> cycle());
                return;
              }
              if (!up.getAndSet(true)) {
                log.info("database writes resumed ({} records waiting)", journal.backlog());
              }
              if (ar.result().records().size() == BATCH) {
                c.runOnContext(v -> cycle());
              } else {
                c.setTimer(50, id -> cycle());
              }
            });
  }

  /** A journal record and the row it becomes (built once, whether written in a batch or alone). */
  private enum Kind {
    EVENT,
    BLOCK,
    CALL_RECORD,
    UNBLOCK
  }

  private record Row(JsonObject record, Kind kind, Tuple values) {}

  /**
   * Writes a batch in one transaction. When the database refuses it for its content (an SQL error,
   * not a lost connection), the records are written one by one and those refused again go to the
   * rejected file: one bad record never holds up the others. Records that cannot become a row go
   * there too, after the others are written.
   */
  private Future<Void> insert(List<JsonObject> records) {
    List<Row> good = new ArrayList<>(records.size());
    List<JsonObject> bad = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (JsonObject r : records) {
      String type = r.getValue("type") instanceof String t ? t : "";
      try {
        switch (type) {
          case "event" -> good.add(new Row(r, Kind.EVENT, event(r)));
          case "block" -> good.add(new Row(r, Kind.BLOCK, block(r)));
          case "cdr" -> good.add(new Row(r, Kind.CALL_RECORD, callRecord(r)));
          case "unblock" -> good.add(new Row(r, Kind.UNBLOCK, unblock(r)));
          default -> {
            bad.add(r);
            why.add("not a record TFPS writes (type '" + type + "')");
          }
        }
      } catch (RuntimeException e) {
        bad.add(r);
        why.add("malformed " + type + " record (" + e + ")");
      }
    }
    Future<Void> f =
        transaction(good).recover(e -> isRefusal(e) ? oneByOne(good, 0) : Future.failedFuture(e));
    for (int i = 0; i < bad.size(); i++) {
      JsonObject r = bad.get(i);
      String w = why.get(i);
      f = f.compose(x -> reject(r, w));
    }
    return f;
  }

  private Future<Void> transaction(List<Row> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> events = new ArrayList<>();
    List<Tuple> blocks = new ArrayList<>();
    List<Tuple> records = new ArrayList<>();
    List<Tuple> unblocks = new ArrayList<>();
    for (Row r : rows) {
      (switch (r.kind()) {
            case EVENT -> events;
            case BLOCK -> blocks;
            case CALL_RECORD -> records;
            case UNBLOCK -> unblocks;
          })
          .add(r.values());
    }
    return pool()
        .<Void>withTransaction(
            conn ->
                insertRows(conn, INSERT_EVENTS, EVENT_ROW, ON_DUPLICATE, events)
                    .compose(x -> insertRows(conn, INSERT_BLOCKS, BLOCK_ROW, ON_DUPLICATE, blocks))
                    .compose(
                        x ->
                            insertRows(
                                conn,
                                INSERT_CALL_RECORDS,
                                CALL_RECORD_ROW,
                                ON_DUPLICATE_RECORD,
                                records))
                    .compose(
                        x ->
                            unblocks.isEmpty()
                                ? Future.succeededFuture()
                                : conn.preparedQuery(UNBLOCK).executeBatch(unblocks).mapEmpty()))
        .timeout(STATEMENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private Future<Void> oneByOne(List<Row> rows, int from) {
    if (from == rows.size()) {
      return Future.succeededFuture();
    }
    Row r = rows.get(from);
    return transaction(List.of(r))
        .recover(e -> isRefusal(e) ? reject(r.record(), e.getMessage()) : Future.failedFuture(e))
        .compose(x -> oneByOne(rows, from + 1));
  }

  /**
   * Sets a record aside in the rejected file (owner-only), once: a batch retried after a lost
   * connection does not set the same record aside again.
   */
  private Future<Void> reject(JsonObject record, String why) {
    String key = record.encode();
    if (!setAside.add(key)) {
      return Future.succeededFuture();
    }
    Object id = record.getValue("id");
    String line = new JsonObject().put("error", why).put("record", record).encode() + "\n";
    return vertx
        .<Void>executeBlocking(
            () -> {
              Journal.createOwnerOnly(rejectedFile);
              Files.writeString(rejectedFile, line, StandardOpenOption.APPEND);
              return null;
            },
            false)
        .onSuccess(
            x -> {
              rejected.incrementAndGet();
              log.error(
                  "record {} not written ({}); kept in {}",
                  id == null ? "(without id)" : id,
                  why,
                  rejectedFile);
            })
        .onFailure(e -> setAside.remove(key));
  }

  /**
   * The server refused the statement for its data: SQLSTATE class 22 (data exception) or 23
   * (integrity), or MariaDB's 1366/1265 (bad or truncated value). Anything else (connections, the
   * server shutting down or read-only, permissions, a full table, deadlocks, lock waits) is worth
   * retrying as it is: the records wait in the journal.
   */
  private static boolean isRefusal(Throwable e) {
    if (!(e instanceof MySQLException m)) {
      return false;
    }
    String state = m.getSqlState() == null ? "" : m.getSqlState();
    return state.startsWith("22")
        || state.startsWith("23")
        || m.getErrorCode() == 1366
        || m.getErrorCode() == 1265;
  }

  /**
   * Inserts {@code rows} in order, {@link #ROWS_PER_INSERT} per multi-row statement ({@code insert}
   * + one {@code row} of placeholders per row + {@code onDuplicate}). The store's day-counter
   * snapshots use it too.
   */
  static Future<Void> insertRows(
      SqlClient client, String insert, String row, String onDuplicate, List<Tuple> rows) {
    Future<Void> f = Future.succeededFuture();
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      List<Tuple> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
      String sql = insert + String.join(", ", Collections.nCopies(chunk.size(), row)) + onDuplicate;
      Tuple values = Tuple.tuple();
      for (Tuple t : chunk) {
        for (int i = 0; i < t.size(); i++) {
          values.addValue(t.getValue(i));
        }
      }
      f = f.compose(x -> client.preparedQuery(sql).execute(values).mapEmpty());
    }
    return f;
  }

  /** Values are cut to their column's size: a caller chooses its User-Agent and account name. */
  private static Tuple event(JsonObject r) {
    return Tuple.tuple()
        .addString(cut(r.getString("id"), 100))
        .addString(cut(r.getString("node"), 100))
        .addLocalDateTime(time(r.getLong("at")))
        .addString(cut(r.getString("kind"), 16))
        .addString(cut(r.getString("account"), 255))
        .addString(cut(r.getString("callId"), 255))
        .addString(cut(r.getString("dialed"), 128))
        .addString(cut(r.getString("e164"), 32))
        .addString(cut(r.getString("country"), 3))
        .addString(cut(r.getString("action"), 8))
        .addString(cut(r.getString("code"), 8))
        .addString(cut(r.getString("rule"), 64))
        .addInteger(r.getInteger("score"))
        .addString(cut(r.getString("evidence"), 16_000))
        .addString(r.getJsonArray("findings").encode())
        .addString(cut(r.getString("sourceIp"), 45))
        .addString(cut(r.getString("userAgent"), 255))
        .addBoolean(r.getBoolean("factsComplete"))
        .addBoolean(r.getBoolean("monitorOnly"));
  }

  private static Tuple block(JsonObject r) {
    return Tuple.tuple()
        .addString(cut(r.getString("id"), 100))
        .addString(cut(r.getString("account"), 255))
        .addString(cut(r.getString("reason"), 16_000))
        .addLocalDateTime(time(r.getLong("at")))
        .addLocalDateTime(time(r.getLong("until")));
  }

  private static Tuple unblock(JsonObject r) {
    LocalDateTime at = time(r.getLong("at"));
    return Tuple.of(at, cut(r.getString("account"), 255), at);
  }

  private static Tuple callRecord(JsonObject r) {
    return Tuple.tuple()
        .addString(cut(r.getString("id"), 100))
        .addString(cut(r.getString("callId"), 255))
        .addString(cut(r.getString("account"), 255))
        .addString(cut(r.getString("destination"), 128))
        .addLocalDateTime(optionalTime(r.getLong("start")))
        .addLocalDateTime(optionalTime(r.getLong("answer")))
        .addLocalDateTime(optionalTime(r.getLong("end")))
        .addInteger(r.getInteger("duration"))
        .addString(cut(r.getString("disposition"), 32))
        .addLocalDateTime(time(r.getLong("received")));
  }

  private static LocalDateTime optionalTime(Long epochMillis) {
    return epochMillis == null ? null : time(epochMillis);
  }

  /** At most {@code max} characters (the columns count characters, utf8mb4). */
  static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }

  /** Times are kept in UTC, in DATETIME(3) columns (no time-zone conversion, no 2038 limit). */
  static LocalDateTime time(long epochMillis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }
}
