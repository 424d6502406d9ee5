package org.tfps.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tfps.decision.AccountRepository.EventPage;
import org.tfps.decision.AccountRepository.EventQuery;

/** The queries over the events table: pages for the API, and the attackers read back at start. */
final class EventQueries {

  private EventQueries() {}

  /** The numbers and addresses of the denials (and verifies) with {@code codes} since then. */
  static Future<List<JsonObject>> attacks(Pool p, Instant since, Set<String> codes, int limit) {
    Tuple args = Tuple.tuple().addLocalDateTime(StoreWriter.time(since.toEpochMilli()));
    codes.forEach(args::addString);
    args.addInteger(limit);
    String in = String.join(", ", java.util.Collections.nCopies(codes.size(), "?"));
    return p.preparedQuery(
            "SELECT kind, code, e164, source_ip, at FROM events WHERE at >= ? AND ((action IN"
                + " ('deny', 'verify') AND code IN ("
                + in
                + ")) OR kind = 'honeypot') ORDER BY id DESC LIMIT ?")
        .execute(args)
        .map(
            rows -> {
              List<JsonObject> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("kind", r.getString("kind"))
                        .put("code", r.getString("code"))
                        .put("e164", r.getString("e164"))
                        .put("sourceIp", r.getString("source_ip"))
                        .put("at", AccountStore.instant(r.getLocalDateTime("at"))));
              }
              return out;
            });
  }

  /** A page of events, newest first, and the id to page before. */
  static Future<EventPage> events(Pool p, EventQuery q) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, event_id, node, at, kind, account, call_id, dialed, e164, country, action,"
                + " code, rule, score, evidence, findings, source_ip, user_agent, monitor_only"
                + " FROM events"
                + " WHERE 1 = 1");
    Tuple args = Tuple.tuple();
    if (q.account() != null) {
      sql.append(" AND account = ?");
      args.addString(q.account());
    }
    if (q.code() != null) {
      sql.append(" AND code = ?");
      args.addString(q.code());
    }
    if (q.kind() != null) {
      sql.append(" AND kind = ?");
      args.addString(q.kind());
    }
    if (q.since() != null) {
      sql.append(" AND at >= ?");
      args.addLocalDateTime(StoreWriter.time(q.since().toEpochMilli()));
    }
    if (q.before() != null) {
      sql.append(" AND id < ?");
      args.addLong(q.before());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.addInteger(q.limit() + 1);
    return p.preparedQuery(sql.toString())
        .execute(args)
        .map(
            rows -> {
              List<JsonObject> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(event(r));
              }
              if (out.size() <= q.limit()) {
                return new EventPage(out, null);
              }
              List<JsonObject> page = List.copyOf(out.subList(0, q.limit()));
              return new EventPage(page, page.get(q.limit() - 1).getLong("id"));
            });
  }

  private static JsonObject event(Row r) {
    String findings = r.getValue("findings") == null ? null : r.getValue("findings").toString();
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("eventId", r.getString("event_id"))
        .put("node", r.getString("node"))
        .put("at", AccountStore.instant(r.getLocalDateTime("at")))
        .put("kind", r.getString("kind"))
        .put("account", r.getString("account"))
        .put("callId", r.getString("call_id"))
        .put("dialed", r.getString("dialed"))
        .put("e164", r.getString("e164"))
        .put("country", r.getString("country"))
        .put("action", r.getString("action"))
        .put("code", r.getString("code"))
        .put("rule", r.getString("rule"))
        .put("score", r.getInteger("score"))
        .put("evidence", r.getString("evidence"))
        .put("findings", findings == null ? null : new JsonArray(findings))
        .put("sourceIp", r.getString("source_ip"))
        .put("userAgent", r.getString("user_agent"))
        .put("monitorOnly", Boolean.TRUE.equals(r.getBoolean("monitor_only")));
  }
}
