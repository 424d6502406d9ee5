package org.tfps.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.CallRecord;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionLog;
import org.tfps.engine.Action;
import org.tfps.engine.Verdict;

/**
 * Keeps every decision that was not a plain allow (denials, verifies, alerts) and every account
 * block, by appending them to the journal; {@link StoreWriter} moves them into the database. Each
 * record has an id unique across nodes and restarts ({@code node-start-sequence}), which the
 * tables' unique keys use to make a retried write harmless.
 */
final class JournaledLog implements DecisionLog, org.tfps.decision.EventFeed {

  private static final Logger log = LoggerFactory.getLogger(JournaledLog.class);

  private final Journal journal;
  private final String node;
  private final String idPrefix;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private volatile java.util.function.Consumer<JsonObject> listener;

  /**
   * @param journal where records go; null: nowhere (no database), the feed only
   */
  JournaledLog(Journal journal, String node, Instant started) {
    this.journal = journal;
    this.node = node;
    this.idPrefix = node + "-" + started.toEpochMilli() + "-";
  }

  @Override
  public void decided(Decision d) {
    Verdict v = d.verdict();
    if (v.action() == Action.ALLOW && v.findings().isEmpty()) {
      return;
    }
    JsonArray findings = org.tfps.decision.EventFeed.findings(v.findings());
    append(
        new JsonObject()
            .put("type", "event")
            .put("id", idPrefix + sequence.incrementAndGet())
            .put("node", node)
            .put("at", d.attempt().at().toEpochMilli())
            .put("kind", v.action() == Action.ALLOW ? "alert" : "verdict")
            .put("account", d.attempt().account())
            .put("callId", d.attempt().callId())
            .put("dialed", d.attempt().dialed())
            .put("e164", d.destination().e164())
            .put("country", d.destination().country())
            .put("action", v.action().wireName())
            .put("code", v.code())
            .put("rule", v.rule())
            .put("score", v.score())
            .put("evidence", v.evidence())
            .put("findings", findings)
            .put("sourceIp", d.attempt().sourceIp())
            .put("userAgent", d.attempt().userAgent())
            .put("factsComplete", d.factsComplete())
            .put("monitorOnly", d.monitorOnly() ? Boolean.TRUE : null));
  }

  @Override
  public void blocked(String account, String reason, Instant at, Instant until) {
    append(
        new JsonObject()
            .put("type", "block")
            .put("id", idPrefix + sequence.incrementAndGet())
            .put("account", account)
            .put("reason", reason)
            .put("at", at.toEpochMilli())
            .put("until", until.toEpochMilli()));
  }

  @Override
  public void callRecord(CallRecord r) {
    append(
        new JsonObject()
            .put("type", "cdr")
            .put("id", idPrefix + sequence.incrementAndGet())
            .put("callId", r.callId())
            .put("account", r.account())
            .put("destination", r.destination())
            .put("start", r.start() == null ? null : r.start().toEpochMilli())
            .put("answer", r.answer() == null ? null : r.answer().toEpochMilli())
            .put("end", r.end() == null ? null : r.end().toEpochMilli())
            .put("duration", r.durationSeconds() < 0 ? null : r.durationSeconds())
            .put("disposition", r.disposition())
            .put("received", r.received().toEpochMilli()));
  }

  @Override
  public void unblocked(String account, Instant at) {
    append(
        new JsonObject()
            .put("type", "unblock")
            .put("id", idPrefix + sequence.incrementAndGet())
            .put("account", account)
            .put("at", at.toEpochMilli()));
  }

  @Override
  public void honeypot(
      String method, String sourceIp, String userAgent, String dialed, String e164, Instant at) {
    append(
        event("honeypot", at)
            .put("rule", method)
            .put("dialed", dialed)
            .put("e164", e164 == null || e164.isEmpty() ? null : e164)
            .put("sourceIp", sourceIp)
            .put("userAgent", userAgent));
  }

  @Override
  public void operator(String account, String action, String detail, Instant at) {
    append(
        event("operator", at).put("account", account).put("rule", action).put("evidence", detail));
  }

  /**
   * An event record of {@code kind} at {@code at}, without findings; the caller adds its fields.
   */
  private JsonObject event(String kind, Instant at) {
    return new JsonObject()
        .put("type", "event")
        .put("id", idPrefix + sequence.incrementAndGet())
        .put("node", node)
        .put("at", at.toEpochMilli())
        .put("kind", kind)
        .put("findings", new JsonArray());
  }

  @Override
  public void listen(java.util.function.Consumer<JsonObject> l) {
    java.util.function.Consumer<JsonObject> before = listener;
    listener = before == null ? l : before.andThen(l);
  }

  /**
   * Appends, or counts the record as lost when the journal cannot be written (disk full): the call
   * is still answered, and the loss is logged and counted, never thrown into the call path.
   */
  private void append(JsonObject record) {
    java.util.function.Consumer<JsonObject> l = listener;
    if (l != null && "event".equals(record.getString("type"))) {
      l.accept(record);
    }
    if (journal == null) {
      return; // no database: the feed only
    }
    try {
      journal.append(record);
    } catch (RuntimeException e) {
      if (lost.getAndIncrement() % 1000 == 0) {
        log.error(
            "store journal cannot be written, records are being LOST ({} so far): {}",
            lost.get(),
            e.toString());
      }
    }
  }

  /** Records that could not be journaled. */
  long lost() {
    return lost.get();
  }
}
