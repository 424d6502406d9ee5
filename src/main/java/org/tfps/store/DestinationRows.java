package org.tfps.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tfps.decision.AccountRepository.DestinationKind;

/**
 * The statements of an account's two destination lists (tables {@code authorized_destinations} and
 * {@code blocked_destinations}, docs/database.md), for {@link AccountStore}: whole lists, one
 * entry, and the blocked entries whose end has come. Every change marks the account changed.
 */
final class DestinationRows {

  private DestinationRows() {}

  /**
   * Makes the table's list of the account {@code entries}: the others go, the missing ones come (as
   * the operator's); the kept ones keep their source.
   */
  static Future<Void> sync(Pool p, String account, DestinationKind kind, List<String> entries) {
    Tuple keep = Tuple.of(account);
    StringBuilder sql = new StringBuilder("DELETE FROM " + kind.table + " WHERE account = ?");
    if (!entries.isEmpty()) {
      sql.append(" AND destination NOT IN (")
          .append(String.join(", ", java.util.Collections.nCopies(entries.size(), "?")))
          .append(')');
      entries.forEach(keep::addString);
    }
    Future<?> deleted = p.preparedQuery(sql.toString()).execute(keep);
    if (entries.isEmpty()) {
      return deleted.mapEmpty();
    }
    List<Tuple> rows = new ArrayList<>();
    for (String e : entries) {
      rows.add(Tuple.of(account, e, country(e), "operator"));
    }
    return deleted
        .compose(
            x ->
                p.preparedQuery(
                        "INSERT IGNORE INTO "
                            + kind.table
                            + " (account, destination, country, source) VALUES (?, ?, ?, ?)")
                    .executeBatch(rows))
        .mapEmpty();
  }

  /**
   * Puts {@code entry} on the list until {@code until} (null: for good; blocked entries only have
   * an end), provisioning the account with the defaults when nobody did; false when it was there
   * ({@link #extend} then settles its end).
   */
  static Future<Boolean> add(
      Pool p, String account, DestinationKind kind, String entry, String source, Instant until) {
    if (until != null && kind != DestinationKind.BLOCKED) {
      throw new IllegalArgumentException("only blocked destinations end");
    }
    boolean ends = kind == DestinationKind.BLOCKED;
    Tuple row = Tuple.of(account, entry, country(entry), source);
    if (ends) {
      row.addValue(until == null ? null : StoreWriter.time(until.toEpochMilli()));
    }
    return p.preparedQuery(
            "INSERT INTO accounts (account) VALUES (?) ON DUPLICATE KEY UPDATE account = account")
        .execute(Tuple.of(account))
        .compose(
            x ->
                p.preparedQuery(
                        "SELECT "
                            + (ends ? "expires_at" : "NULL AS expires_at")
                            + " FROM "
                            + kind.table
                            + " WHERE account = ? AND destination = ?")
                    .execute(Tuple.of(account, entry)))
        .compose(
            found ->
                found.size() > 0
                    ? extend(p, account, entry, source, until, found)
                    : p.preparedQuery(
                            "INSERT IGNORE INTO "
                                + kind.table
                                + " (account, destination, country, source"
                                + (ends
                                    ? ", expires_at) VALUES (?, ?, ?, ?, ?)"
                                    : ") VALUES (?, ?, ?, ?)"))
                        .execute(row)
                        .map(r -> r.rowCount() == 1))
        .compose(added -> touch(p, account).map(added));
  }

  /**
   * A blocked destination that is already there: lasting stays lasting; one with an end becomes
   * lasting (an operator's block), or ends at the later of the two ends. The list itself does not
   * change: false.
   */
  private static Future<Boolean> extend(
      Pool p, String account, String entry, String source, Instant until, RowSet<Row> found) {
    LocalDateTime ends = found.iterator().next().getLocalDateTime("expires_at");
    if (ends == null) {
      return Future.succeededFuture(false);
    }
    Tuple args =
        until == null
            ? Tuple.of(source, account, entry)
            : Tuple.of(StoreWriter.time(until.toEpochMilli()), account, entry);
    return p.preparedQuery(
            until == null
                ? "UPDATE blocked_destinations SET expires_at = NULL, source = ?"
                    + " WHERE account = ? AND destination = ?"
                : "UPDATE blocked_destinations SET expires_at = GREATEST(expires_at, ?)"
                    + " WHERE account = ? AND destination = ? AND expires_at IS NOT NULL")
        .execute(args)
        .map(false);
  }

  /** Takes {@code entry} off the list; false when it was not on it. */
  static Future<Boolean> remove(Pool p, String account, DestinationKind kind, String entry) {
    return p.preparedQuery("DELETE FROM " + kind.table + " WHERE account = ? AND destination = ?")
        .execute(Tuple.of(account, entry))
        .compose(r -> touch(p, account).map(r.rowCount() == 1));
  }

  /** Takes off the blocked entries whose end is {@code now} or before: the accounts changed. */
  static Future<Set<String>> expire(Pool p, Instant now) {
    LocalDateTime at = StoreWriter.time(now.toEpochMilli());
    return p.preparedQuery(
            "SELECT DISTINCT account FROM blocked_destinations WHERE expires_at <= ?")
        .execute(Tuple.of(at))
        .compose(
            rows -> {
              Set<String> accounts = new TreeSet<>();
              rows.forEach(r -> accounts.add(r.getString("account")));
              Future<Void> done = Future.succeededFuture();
              for (String a : accounts) {
                done =
                    done.compose(
                        x ->
                            p.preparedQuery(
                                    "DELETE FROM blocked_destinations"
                                        + " WHERE account = ? AND expires_at <= ?")
                                .execute(Tuple.of(a, at))
                                .compose(r -> touch(p, a)));
              }
              return done.map(accounts);
            });
  }

  /** Marks the account changed now (a member that was away compares this time when it joins). */
  static Future<Void> touch(Pool p, String account) {
    return p.preparedQuery(
            "UPDATE accounts SET updated_at = CURRENT_TIMESTAMP(3) WHERE account = ?")
        .execute(Tuple.of(account))
        .mapEmpty();
  }

  /** The entry itself for a country or 001; null for a number or a prefix. */
  private static String country(String entry) {
    return entry.startsWith("+") ? null : entry;
  }
}
