package org.tfps.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.DayCount;
import org.tfps.decision.DecisionLog;

/**
 * The durable store: MySQL or MariaDB (an embedded MariaDB when no URL is configured), written
 * through a local journal so the call path never waits for the database and an outage loses
 * nothing. Opening it starts the embedded database if needed, applies the schema migrations and
 * starts the writer; when the database cannot be reached, decisions go on, records wait in the
 * journal, and the schema is applied as soon as it answers.
 */
public final class Store {

  /**
   * Journal records kept in memory for the writer, so that while it keeps up it does not read them
   * back from the file (about 20 MB at most; 16 of the writer's batches).
   */
  static final int HELD_RECORDS = 8192;

  private static final Logger log = LoggerFactory.getLogger(Store.class);

  /** The longest statement the pool keeps prepared (characters of SQL). */
  static final int PREPARED_SQL_LIMIT = 8_192;

  /**
   * An account block read back at startup (from the database or the journal), or, with a null
   * {@code until}, an operator's unblock still in the journal.
   */
  public record Block(String account, String reason, Instant until) {

    /** True for an unblock. */
    public boolean lifted() {
      return until == null;
    }
  }

  private final Vertx vertx;
  private final String mode;
  private final Journal journal;
  private final Pool pool;
  private final EmbeddedDatabase embedded;
  private final StoreWriter writer;
  private final JournaledLog decisionLog;
  private final long retryMillis;
  private final java.util.function.Consumer<Block> blocks;
  private final Instant opened;
  private volatile boolean migrated;

  /**
   * Unblocks still in the journal at startup, by account (their time): the database's blocks made
   * before them are not read back (the unblock has not reached the database yet).
   */
  private volatile java.util.Map<String, Long> unblocks = java.util.Map.of();

  /** Completed when the schema is applied, at startup or later when the database comes back. */
  private final Promise<Void> schemaApplied = Promise.promise();

  private int failedAttempts;
  private int blockFailures;

  private Store(
      Vertx vertx,
      String mode,
      Journal journal,
      Pool pool,
      EmbeddedDatabase embedded,
      StoreWriter writer,
      JournaledLog decisionLog,
      long retryMillis,
      java.util.function.Consumer<Block> blocks,
      Instant opened) {
    this.vertx = vertx;
    this.mode = mode;
    this.journal = journal;
    this.pool = pool;
    this.embedded = embedded;
    this.writer = writer;
    this.decisionLog = decisionLog;
    this.retryMillis = retryMillis;
    this.blocks = blocks;
    this.opened = opened;
  }

  /**
   * Opens the store of {@code config}: "none" keeps nothing; an empty URL starts the embedded
   * MariaDB in {@code data-dir}. Completes once the schema is applied, or once the first attempt
   * failed (the store then keeps trying in the background).
   */
  public static Future<Store> open(
      Vertx vertx,
      TfpsConfig.Db config,
      String node,
      Instant now,
      java.util.function.Consumer<Block> blocks) {
    if (config.url().equals("none")) {
      log.warn("tfps.db.url = none: no database; blocks and events are not kept across restarts");
      return Future.succeededFuture(
          new Store(
              vertx,
              "none",
              null,
              null,
              null,
              null,
              new JournaledLog(null, node, now),
              0,
              blocks,
              now));
    }
    java.util.Map<String, Long> unblocks = new java.util.concurrent.ConcurrentHashMap<>();
    return vertx
        .executeBlocking(
            () -> {
              Journal journal =
                  Journal.holding(config.dataDir().resolve("journal"), "store", HELD_RECORDS);
              // Blocks still waiting for the database are in force now, database or not.
              journal.scanPending(
                  r -> {
                    if ("unblock".equals(r.getValue("type"))) {
                      try {
                        unblocks.merge(r.getString("account"), r.getLong("at"), Math::max);
                        blocks.accept(new Block(r.getString("account"), "", null));
                      } catch (RuntimeException e) {
                        log.warn(
                            "journal: malformed unblock record skipped at startup: {}", r.encode());
                      }
                      return;
                    }
                    if (!"block".equals(r.getValue("type"))) {
                      return;
                    }
                    try {
                      if (r.getLong("until") > now.toEpochMilli()) {
                        blocks.accept(
                            new Block(
                                r.getString("account"),
                                r.getString("reason"),
                                Instant.ofEpochMilli(r.getLong("until"))));
                      }
                    } catch (RuntimeException e) {
                      log.warn(
                          "journal: malformed block record skipped at startup: {}", r.encode());
                    }
                  });
              EmbeddedDatabase db =
                  config.url().isEmpty()
                      ? EmbeddedDatabase.start(config.dataDir().resolve("mariadb"))
                      : null;
              return new Object[] {journal, db};
            },
            false)
        .map(
            parts -> {
              Journal journal = (Journal) parts[0];
              EmbeddedDatabase db = (EmbeddedDatabase) parts[1];
              MySQLConnectOptions target =
                  db != null
                      ? db.connectOptions()
                      : MySQLConnectOptions.fromUri(
                          config.url().replaceFirst("^mariadb:", "mysql:"));
              MySQLConnectOptions options =
                  target
                      .setCachePreparedStatements(true)
                      // Past the client's default of 2,048 characters a statement is prepared
                      // again at every use: the multi-row upserts of the day counters (100 rows,
                      // about 3,600) were, 58 times for an import of 200 accounts over a month.
                      .setPreparedStatementCacheSqlLimit(PREPARED_SQL_LIMIT);
              Pool pool = pool(vertx, options, config.poolSize());
              StoreWriter writer =
                  new StoreWriter(
                      vertx,
                      journal,
                      () -> pool(vertx, options, 1),
                      config.retryInterval(),
                      config.dataDir().resolve("journal").resolve("store.rejected"));
              log.info(
                  "store: {} database at {}:{}, journal {}",
                  db != null ? "embedded" : "external",
                  target.getHost(),
                  target.getPort(),
                  config.dataDir().resolve("journal"));
              return new Store(
                  vertx,
                  db != null ? "embedded" : "external",
                  journal,
                  pool,
                  db,
                  writer,
                  new JournaledLog(journal, node, now),
                  config.retryInterval().toMillis(),
                  blocks,
                  now);
            })
        .compose(
            store -> {
              store.unblocks = unblocks;
              store.writer.start();
              return store.migrate().map(store);
            });
  }

  /** A pool of {@code size} connections to {@code options}, each in UTC. */
  private static Pool pool(Vertx vertx, MySQLConnectOptions options, int size) {
    return MySQLBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(options)
        .withConnectHandler(
            conn -> conn.query("SET time_zone = '+00:00'").execute().onComplete(ar -> conn.close()))
        .using(vertx)
        .build();
  }

  /**
   * Keeps the writer (the journal's records into the database) off the event loop of {@code
   * context}: the SIP front door's, whose calls its statements would otherwise take turns with.
   */
  public void keepWritesOff(io.vertx.core.Context context) {
    if (writer != null) {
      writer.keepOff(((io.vertx.core.internal.ContextInternal) context).nettyEventLoop());
    }
  }

  /**
   * Applies the schema. When the database cannot be reached (or another node holds the migration
   * lock) it retries in the background and completes anyway: decisions go on, records wait in the
   * journal. A schema that cannot be applied (a changed or failing script, a database newer than
   * this TFPS) fails: TFPS must not run against a schema it does not know.
   */
  private Future<Void> migrate() {
    Promise<Void> first = Promise.promise();
    attempt(first);
    return first.future();
  }

  private static boolean isTransient(Throwable e) {
    return !(e instanceof Migrations.Failure f) || f.reason() == Migrations.Failure.Reason.LOCKED;
  }

  private void attempt(Promise<Void> first) {
    Migrations.apply(pool)
        .compose(
            version -> {
              migrated = true;
              log.info("store: schema at version {}", version);
              writer.schemaReady();
              schemaApplied.tryComplete();
              // Blocks that ended before the store opened are skipped; the ledger ends the others.
              return readBackBlocks().map(version);
            })
        .onSuccess(v -> first.tryComplete())
        .onFailure(
            e -> {
              if (!isTransient(e)) {
                log.error(
                    "store: the schema cannot be applied ({}); records keep waiting in the journal"
                        + " until the database or TFPS is fixed",
                    e.getMessage());
                first.tryFail(e);
                return;
              }
              // Once, then once a minute: an outage at startup must not flood the log.
              if (onceAMinute(failedAttempts++)) {
                log.error(
                    "store: cannot apply the schema ({}); decisions go on, records wait in the"
                        + " journal, retrying every {} ms",
                    e.getMessage(),
                    retryMillis);
              }
              first.tryComplete();
              vertx.setTimer(retryMillis, id -> attempt(first));
            });
  }

  /** True for the first of a run of failures retried every retry-interval, then once a minute. */
  private boolean onceAMinute(int failure) {
    return failure % Math.max(1, 60_000 / retryMillis) == 0;
  }

  /** Puts the database's active blocks in force; on failure, tries again until it works. */
  private Future<Void> readBackBlocks() {
    return activeBlocks(opened)
        .<Void>map(
            list -> {
              list.forEach(blocks);
              if (!list.isEmpty()) {
                log.info("store: {} account blocks in force, read back", list.size());
              }
              return null;
            })
        .recover(
            e -> {
              // Once, then once a minute.
              if (onceAMinute(blockFailures++)) {
                log.error(
                    "store: account blocks could not be read back, trying again every {} ms: {}",
                    retryMillis,
                    e.toString());
              }
              vertx.setTimer(retryMillis, id -> readBackBlocks());
              return Future.succeededFuture();
            });
  }

  /**
   * Completes when the schema is applied: already at startup when the database answered, else when
   * it comes back. Never completes without a database ({@code none}).
   */
  public Future<Void> schemaApplied() {
    return schemaApplied.future();
  }

  /** Provisioned accounts, operator resets and events, read and written straight away. */
  public org.tfps.decision.AccountRepository accounts() {
    return new AccountStore(this);
  }

  /** The events as they are recorded (with or without a database). */
  public org.tfps.decision.EventFeed events() {
    return decisionLog;
  }

  /** Where decisions and blocks go. */
  public DecisionLog decisionLog() {
    return decisionLog;
  }

  /** Blocks still in force at {@code now}, from the database. */
  Future<List<Block>> activeBlocks(Instant now) {
    if (pool == null || !migrated) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(
            "SELECT account, reason, until, blocked_at FROM account_blocks"
                + " WHERE until > ? AND lifted_at IS NULL ORDER BY blocked_at")
        .execute(Tuple.of(StoreWriter.time(now.toEpochMilli())))
        .timeout(StoreWriter.STATEMENT_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
        .map(
            rows -> {
              List<Block> out = new ArrayList<>();
              for (Row r : rows) {
                Long unblocked = unblocks.get(r.getString("account"));
                if (unblocked != null
                    && !r.getLocalDateTime("blocked_at")
                        .toInstant(ZoneOffset.UTC)
                        .isAfter(Instant.ofEpochMilli(unblocked))) {
                  continue; // lifted by an unblock still in the journal
                }
                out.add(
                    new Block(
                        r.getString("account"),
                        r.getString("reason"),
                        r.getLocalDateTime("until").toInstant(ZoneOffset.UTC)));
              }
              return out;
            });
  }

  /**
   * Writes the day counters of a ledger snapshot (an upsert per account and day, 100 rows per
   * statement). Fails when the database does not answer; the caller keeps them for next time.
   */
  public Future<Void> saveDayCounts(List<DayCount> counts) {
    if (pool == null || counts.isEmpty()) {
      return Future.succeededFuture();
    }
    if (!migrated) {
      return Future.failedFuture("the schema is not applied yet");
    }
    List<Tuple> rows = new ArrayList<>(counts.size());
    for (DayCount c : counts) {
      rows.add(
          Tuple.tuple()
              .addString(StoreWriter.cut(c.account(), 255))
              .addLocalDate(c.day())
              .addInteger(c.calls())
              .addInteger(c.offHours())
              .addInteger(c.allowed())
              .addValue(
                  java.math.BigDecimal.valueOf(c.spend())
                      .setScale(4, java.math.RoundingMode.HALF_UP))
              .addInteger(c.peak())
              .addString(c.countries() == null ? null : StoreWriter.cut(c.countries(), 400))
              .addString(c.leases()));
    }
    return StoreWriter.insertRows(
            pool,
            "INSERT INTO day_counters (account, day, calls, off_hours, allowed, spend, peak,"
                + " countries, leases) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
            // A day's counts only grow: the larger one wins, so a late or repeated snapshot, or
            // one taken after a restart that could not read the counts back, never lowers them.
            " ON DUPLICATE KEY UPDATE calls = GREATEST(calls, VALUES(calls)),"
                + " off_hours = GREATEST(off_hours, VALUES(off_hours)),"
                + " allowed = GREATEST(allowed, VALUES(allowed)),"
                + " spend = GREATEST(spend, VALUES(spend)), peak = GREATEST(peak, VALUES(peak)),"
                // The latest snapshot's countries and leases (none given: the kept ones stay).
                + " leases = IF(VALUES(countries) IS NULL, leases, VALUES(leases)),"
                + " countries = COALESCE(VALUES(countries), countries)",
            rows)
        .timeout(StoreWriter.STATEMENT_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The day counters kept since {@code since} (inclusive), for the ledger to restore. */
  public Future<List<DayCount>> dayCounts(java.time.LocalDate since) {
    if (pool == null || !migrated) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(
            "SELECT account, day, calls, off_hours, allowed, spend, peak, countries, leases"
                + " FROM day_counters"
                + " WHERE day >= ?")
        .execute(Tuple.of(since))
        .timeout(StoreWriter.STATEMENT_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
        .map(
            rows -> {
              List<DayCount> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new DayCount(
                        r.getString("account"),
                        r.getLocalDate("day"),
                        r.getInteger("calls"),
                        r.getInteger("off_hours"),
                        r.getInteger("allowed"),
                        r.getBigDecimal("spend").doubleValue(),
                        r.getInteger("peak"),
                        r.getString("countries"),
                        r.getString("leases")));
              }
              return out;
            });
  }

  /** Records that could not even be journaled (disk full): lost, and counted. */
  public long lost() {
    return decisionLog.lost();
  }

  /** Records the database refused for their content (kept in the rejected file). */
  public long rejected() {
    return writer == null ? 0 : writer.rejected();
  }

  /** Records waiting in the journal for the database. */
  public long backlog() {
    return journal == null ? 0 : journal.backlog();
  }

  /** False while writes to the database fail (or the schema could not be applied yet). */
  public boolean up() {
    return writer == null || (migrated && writer.up());
  }

  /** For /v1/status. */
  public JsonObject status() {
    return new JsonObject().put("mode", mode).put("up", up()).put("backlog", backlog());
  }

  /** The pool (tests and the API read through it). */
  public Pool pool() {
    return pool;
  }

  /** The embedded database, or null. */
  public EmbeddedDatabase embedded() {
    return embedded;
  }

  /** Stops the writer and the pool, then the embedded database; the journal keeps the rest. */
  public Future<Void> close() {
    if (writer == null) {
      return Future.succeededFuture();
    }
    return writer
        .stop()
        .transform(x -> pool.close())
        .transform(
            ar ->
                vertx.executeBlocking(
                    () -> {
                      journal.force();
                      journal.close();
                      if (embedded != null) {
                        embedded.stop();
                      }
                      return null;
                    },
                    false))
        .mapEmpty();
  }
}
