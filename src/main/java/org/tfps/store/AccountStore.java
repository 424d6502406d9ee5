package org.tfps.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tfps.decision.AccountRepository;
import org.tfps.decision.AccountSettings;
import org.tfps.decision.LimitSettings;

/**
 * Provisioned accounts, operator resets and the events, read and written straight in the database
 * (no journal: an operator's change either is kept or is refused, it is never half done). Every
 * statement has a timeout; without a database every call fails with {@link Unavailable}.
 */
public final class AccountStore implements AccountRepository {

  private static final String COLUMNS =
      "account, home_country, international_prefixes, outside_line_prefix, time_zone,"
          + " business_hours, limits, pin_hash, contacts, monitor_only, created_at, updated_at";

  private static final String INSERT =
      "INSERT INTO accounts (account, home_country, international_prefixes, outside_line_prefix,"
          + " time_zone, business_hours, limits, pin_hash, contacts, monitor_only) VALUES (?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPDATE =
      "UPDATE accounts SET home_country = ?, international_prefixes = ?, outside_line_prefix = ?,"
          + " time_zone = ?, business_hours = ?, limits = ?, pin_hash = ?, contacts = ?,"
          + " monitor_only = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE account = ?";

  private static final int DUPLICATE_KEY = 1062;

  /** An operator waits at most this long for an answer (the call path never waits here). */
  static final int TIMEOUT_SECONDS = 10;

  private final Store store;

  AccountStore(Store store) {
    this.store = store;
  }

  /** Every provisioned account (the cache's load at start). */
  @Override
  public Future<List<AccountSettings>> all() {
    return pool()
        .compose(
            p ->
                p.query("SELECT " + COLUMNS + " FROM accounts ORDER BY account")
                    .execute()
                    .compose(rows -> withDestinations(p, read(rows), null)))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  /**
   * {@code accounts} with their destination lists read from both tables ({@code account} null: of
   * every account).
   */
  private static Future<List<AccountSettings>> withDestinations(
      Pool p, List<AccountSettings> accounts, String account) {
    Future<Map<String, List<String>>> authorized =
        destinations(p, DestinationKind.AUTHORIZED, account);
    Future<Map<String, List<String>>> blocked = destinations(p, DestinationKind.BLOCKED, account);
    return Future.all(authorized, blocked)
        .map(
            x -> {
              List<AccountSettings> out = new ArrayList<>(accounts.size());
              for (AccountSettings a : accounts) {
                out.add(
                    a.withDestinations(
                        authorized.result().getOrDefault(a.account(), List.of()),
                        blocked.result().getOrDefault(a.account(), List.of())));
              }
              return out;
            });
  }

  private static Future<Map<String, List<String>>> destinations(
      Pool p, DestinationKind kind, String account) {
    String sql = "SELECT account, destination FROM " + kind.table;
    Future<io.vertx.sqlclient.RowSet<Row>> rows =
        account == null
            ? p.query(sql + " ORDER BY id").execute()
            : p.preparedQuery(sql + " WHERE account = ? ORDER BY id").execute(Tuple.of(account));
    return rows.map(
        rs -> {
          Map<String, List<String>> m = new HashMap<>();
          for (Row r : rs) {
            m.computeIfAbsent(r.getString("account"), k -> new ArrayList<>())
                .add(r.getString("destination"));
          }
          return m;
        });
  }

  /** One account, or null. */
  @Override
  public Future<AccountSettings> get(String account) {
    return pool()
        .compose(
            p ->
                p.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE account = ?")
                    .execute(Tuple.of(account)))
        .compose(
            rows -> {
              List<AccountSettings> one = read(rows);
              return one.isEmpty()
                  ? Future.succeededFuture((AccountSettings) null)
                  : withDestinations(store.pool(), one, account).map(l -> l.get(0));
            })
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  /**
   * Accounts in account order after {@code after}, those starting with {@code prefix} when it is
   * given.
   */
  @Override
  public Future<Page> list(String after, String prefix, int limit) {
    String like = prefix == null ? "%" : escapeLike(prefix) + "%";
    return pool()
        .compose(
            p ->
                p.preparedQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM accounts WHERE account > ? AND account LIKE ?"
                            + " ORDER BY account LIMIT ?")
                    .execute(Tuple.of(after == null ? "" : after, like, limit + 1)))
        .map(
            rows -> {
              List<AccountSettings> all = read(rows);
              if (all.size() <= limit) {
                return new Page(all, null);
              }
              List<AccountSettings> page = all.subList(0, limit);
              return new Page(List.copyOf(page), page.get(limit - 1).account());
            })
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  /** Accounts blocked at {@code now}, in account order after {@code after}. */
  @Override
  public Future<BlockedPage> blocked(Instant now, String after, String prefix, int limit) {
    return pool()
        .compose(
            p ->
                p.preparedQuery(
                        "SELECT account, MAX(until) AS until, SUBSTRING_INDEX(GROUP_CONCAT(reason"
                            + " ORDER BY until DESC SEPARATOR 0x1e), 0x1e, 1) AS reason FROM"
                            + " account_blocks WHERE until > ? AND lifted_at IS NULL AND account > ?"
                            + " AND account LIKE ? GROUP BY account ORDER BY account LIMIT ?")
                    .execute(
                        Tuple.of(
                            StoreWriter.time(now.toEpochMilli()),
                            after == null ? "" : after,
                            prefix == null ? "%" : escapeLike(prefix) + "%",
                            limit + 1)))
        .map(
            rows -> {
              List<Blocked> all = new ArrayList<>();
              for (Row r : rows) {
                all.add(
                    new Blocked(
                        r.getString("account"),
                        r.getString("reason"),
                        instantOf(r.getLocalDateTime("until"))));
              }
              if (all.size() <= limit) {
                return new BlockedPage(all, null);
              }
              List<Blocked> page = List.copyOf(all.subList(0, limit));
              return new BlockedPage(page, page.get(limit - 1).account());
            })
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  /** Adds an account; false when one of that name exists. */
  @Override
  public Future<Boolean> insert(AccountSettings s) {
    return pool()
        .compose(p -> p.preparedQuery(INSERT).execute(values(s)))
        .map(true)
        .recover(
            e ->
                e instanceof MySQLException m && m.getErrorCode() == DUPLICATE_KEY
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(e))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  /** Adds or replaces an account; true when it was added. */
  @Override
  public Future<Boolean> put(AccountSettings s) {
    // Insert, else update: the affected-row count of an upsert cannot tell "updated" from
    // "unchanged" when the client asks for found rows, as the Vert.x client does.
    return insert(s)
        .compose(
            added ->
                (added
                        ? Future.succeededFuture(true)
                        : pool()
                            .compose(p -> p.preparedQuery(UPDATE).execute(update(s)))
                            .map(false))
                    .compose(
                        a ->
                            sync(s.account(), DestinationKind.AUTHORIZED, s.authorized())
                                .compose(
                                    x ->
                                        sync(
                                            s.account(),
                                            DestinationKind.BLOCKED,
                                            s.blockedDestinations()))
                                .map(a))
                    .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .transform(this::timed));
  }

  /** The table's list of the account made {@code entries} ({@link DestinationRows#sync}). */
  private Future<Void> sync(String account, DestinationKind kind, List<String> entries) {
    return pool().compose(p -> DestinationRows.sync(p, account, kind, entries));
  }

  @Override
  public Future<Boolean> addDestination(
      String account, DestinationKind kind, String entry, String source, Instant until) {
    return pool()
        .compose(p -> DestinationRows.add(p, account, kind, entry, source, until))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  @Override
  public Future<java.util.Set<String>> expireDestinations(Instant now) {
    return pool()
        .compose(p -> DestinationRows.expire(p, now))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  @Override
  public Future<Boolean> removeDestination(String account, DestinationKind kind, String entry) {
    return pool()
        .compose(p -> DestinationRows.remove(p, account, kind, entry))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  /** Deletes an account; false when there was none. */
  @Override
  public Future<Boolean> delete(String account) {
    return pool()
        .compose(
            p ->
                p.withTransaction(
                    c ->
                        c.preparedQuery("DELETE FROM authorized_destinations WHERE account = ?")
                            .execute(Tuple.of(account))
                            .compose(
                                x ->
                                    c.preparedQuery(
                                            "DELETE FROM blocked_destinations WHERE account = ?")
                                        .execute(Tuple.of(account)))
                            .compose(
                                x ->
                                    c.preparedQuery("DELETE FROM accounts WHERE account = ?")
                                        .execute(Tuple.of(account)))))
        .map(r -> r.rowCount() == 1)
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  /**
   * Zeroes the kept counters of {@code day} (an operator's reset; the snapshots only ever raise
   * them).
   */
  @Override
  public Future<Void> resetDay(String account, LocalDate day) {
    if (store.pool() == null) {
      return Future.succeededFuture(); // no database: nothing kept to zero
    }
    return pool()
        .compose(
            p ->
                p.preparedQuery(
                        "UPDATE day_counters SET calls = 0, off_hours = 0, allowed = 0, spend = 0"
                            + " WHERE account = ? AND day = ?")
                    .execute(Tuple.of(account, day)))
        .<Void>mapEmpty()
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  @Override
  public Future<List<JsonObject>> attacks(Instant since, java.util.Set<String> codes, int limit) {
    return pool()
        .compose(p -> EventQueries.attacks(p, since, codes, limit))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  @Override
  public Future<java.util.BitSet> keepNewImports(List<ImportKey> keys) {
    Future<Pool> pool = pool(); // complete: failed when the database cannot be used
    // Not pool().compose(...): the keys are hashed here, on the import's worker thread.
    return (pool.failed()
            ? pool.<java.util.BitSet>mapEmpty()
            : ImportKeys.keepNew(pool.result(), keys))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  /** Events, newest first. */
  @Override
  public Future<EventPage> events(EventQuery q) {
    return pool()
        .compose(p -> EventQueries.events(p, q))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .transform(this::timed);
  }

  private Future<Pool> pool() {
    if (store.pool() == null) {
      return Future.failedFuture(
          new Unavailable("no database configured (tfps.db.url = none): this needs one", null));
    }
    if (!store.schemaApplied().isComplete()) {
      return Future.failedFuture(
          new Unavailable("the database has not answered since start; try again", null));
    }
    return Future.succeededFuture(store.pool());
  }

  /** Bounded in time; any failure but a refusal of ours becomes {@link Unavailable}. */
  private <T> Future<T> timed(io.vertx.core.AsyncResult<T> ar) {
    if (ar.succeeded()) {
      return Future.succeededFuture(ar.result());
    }
    Throwable e = ar.cause();
    return Future.failedFuture(
        e instanceof Unavailable
            ? e
            : new Unavailable("the database did not answer (" + e + "); try again", e));
  }

  private static Tuple values(AccountSettings s) {
    JsonObject contacts =
        new JsonObject()
            .put("emails", new JsonArray(s.emails()))
            .put("webhooks", new JsonArray(s.webhooks()));
    return Tuple.tuple()
        .addString(s.account())
        .addString(s.homeCountry())
        .addString(
            s.internationalPrefixes() == null ? null : String.join(",", s.internationalPrefixes()))
        .addString(s.outsideLinePrefix())
        .addString(s.timeZone())
        .addString(s.businessHours() == null ? null : new JsonArray(s.businessHours()).encode())
        .addString(limits(s.limits()).encode())
        .addString(s.pinHash())
        .addString(contacts.encode())
        .addBoolean(s.monitorOnly());
  }

  /** The values of {@link #UPDATE}: those of the insert, the account last. */
  private static Tuple update(AccountSettings s) {
    Tuple v = values(s);
    Tuple out = Tuple.tuple();
    for (int i = 1; i < v.size(); i++) {
      out.addValue(v.getValue(i));
    }
    return out.addValue(v.getValue(0));
  }

  static JsonObject limits(LimitSettings l) {
    return new JsonObject()
        .put("concurrentBusiness", l.concurrentBusiness())
        .put("concurrentOffHours", l.concurrentOffHours())
        .put("perMinuteBusiness", l.perMinuteBusiness())
        .put("perMinuteOffHours", l.perMinuteOffHours())
        .put("perDay", l.perDay())
        .put("perDayOffHours", l.perDayOffHours())
        .put("maxRatePerMinute", l.maxRatePerMinute())
        .put("maxSpendPerHour", l.maxSpendPerHour())
        .put("maxSpendPerDay", l.maxSpendPerDay());
  }

  static LimitSettings limits(JsonObject j) {
    if (j == null) {
      return LimitSettings.defaults();
    }
    return new LimitSettings(
        j.getInteger("concurrentBusiness"),
        j.getInteger("concurrentOffHours"),
        j.getInteger("perMinuteBusiness"),
        j.getInteger("perMinuteOffHours"),
        j.getInteger("perDay"),
        j.getInteger("perDayOffHours"),
        j.getDouble("maxRatePerMinute"),
        j.getDouble("maxSpendPerHour"),
        j.getDouble("maxSpendPerDay"));
  }

  private static List<AccountSettings> read(Iterable<Row> rows) {
    List<AccountSettings> out = new ArrayList<>();
    for (Row r : rows) {
      String prefixes = r.getString("international_prefixes");
      String hours = r.getString("business_hours");
      JsonObject contacts = json(r.getValue("contacts"));
      out.add(
          new AccountSettings(
              r.getString("account"),
              r.getString("home_country"),
              prefixes == null
                  ? null
                  : prefixes.isEmpty() ? List.of() : Arrays.asList(prefixes.split(",")),
              r.getString("outside_line_prefix"),
              r.getString("time_zone"),
              hours == null ? null : strings(new JsonArray(hours)),
              limits(json(r.getValue("limits"))),
              r.getString("pin_hash"),
              contacts == null ? null : strings(contacts.getJsonArray("emails")),
              contacts == null ? null : strings(contacts.getJsonArray("webhooks")),
              null, // the destination lists come from their own tables
              null,
              r.getBoolean("monitor_only"),
              instantOf(r.getLocalDateTime("created_at")),
              instantOf(r.getLocalDateTime("updated_at"))));
    }
    return out;
  }

  /** A JSON column: MariaDB keeps JSON as LONGTEXT, so it arrives as a string. */
  private static JsonObject json(Object v) {
    if (v == null) {
      return null;
    }
    return v instanceof JsonObject o ? o : new JsonObject(v.toString());
  }

  private static List<String> strings(JsonArray a) {
    if (a == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(a.size());
    a.forEach(x -> out.add(String.valueOf(x)));
    return out;
  }

  private static Instant instantOf(LocalDateTime t) {
    return t == null ? null : t.toInstant(ZoneOffset.UTC);
  }

  static String instant(LocalDateTime t) {
    return t == null ? null : t.toInstant(ZoneOffset.UTC).toString();
  }

  /** LIKE's wildcards and escape taken literally. */
  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
