package org.tfps.decision;

import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * Port: the events TFPS records (verdicts that were not plain allows, alerts, blocks, operator
 * actions), as they happen, for live streams. A listener is called on the thread that decided, so
 * it must hand the event off at once.
 */
public interface EventFeed {

  /**
   * Calls {@code listener} with each event record from now on, as journaled: read it, never change
   * it, and shape it with {@link #shown} only when it is wanted.
   */
  void listen(Consumer<JsonObject> listener);

  /** An event record as the API shows events (GET /v1/events, without the database's id). */
  static JsonObject shown(JsonObject record) {
    JsonObject e = record.copy();
    e.remove("type");
    e.put("eventId", e.remove("id"));
    e.put("at", java.time.Instant.ofEpochMilli(record.getLong("at")).toString());
    return e;
  }

  /** Findings as events and verdicts show them: code, rule, action, score, evidence. */
  static io.vertx.core.json.JsonArray findings(java.util.List<org.tfps.engine.Finding> findings) {
    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
    for (org.tfps.engine.Finding f : findings) {
      out.add(
          new JsonObject()
              .put("code", f.code())
              .put("rule", f.rule())
              .put("action", f.action().wireName())
              .put("score", f.score())
              .put("evidence", f.evidence()));
    }
    return out;
  }
}
