package org.tfps.notify;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionLog;
import org.tfps.engine.Action;
import org.tfps.engine.Verdict;

/**
 * Turns decisions and blocks into alerts, one per incident rather than one per call: the first call
 * of an account and rule raises an alert at once; the next ones within {@code throttle} are
 * counted, and the first call after it raises the next alert with that count. Called on the
 * deciding threads; keeps at most {@link #MAX_INCIDENTS} incidents (the oldest go first).
 */
public final class Incidents implements DecisionLog {

  /** Incidents remembered for throttling. */
  static final int MAX_INCIDENTS = 10_000;

  private final Duration throttle;
  private final String node;
  private final Consumer<JsonObject> out;
  private final String idPrefix;
  private long sequence;

  private final Map<String, Incident> open =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Incident> e) {
          return size() > MAX_INCIDENTS;
        }
      };

  private static final class Incident {
    Instant lastAlert;
    Instant firstSince;
    int since;
    final List<String> destinations = new ArrayList<>();
  }

  /**
   * @param out where each alert goes (the outboxes); called under this object's lock, so it must
   *     only append
   */
  public Incidents(Duration throttle, String node, Instant started, Consumer<JsonObject> out) {
    this.throttle = throttle;
    this.node = node;
    this.out = out;
    this.idPrefix = node + "-" + started.toEpochMilli() + "-a";
  }

  @Override
  public void decided(Decision d) {
    Verdict v = d.verdict();
    if (v.action() == Action.ALLOW && v.findings().isEmpty()) {
      return;
    }
    String destination =
        d.destination().e164().isEmpty() ? d.attempt().dialed() : d.destination().e164();
    raise(
        d.attempt().account() + "\u0000" + v.code(),
        d.attempt().at(),
        destination,
        () ->
            new JsonObject()
                .put("kind", v.action() == Action.ALLOW ? "alert" : "verdict")
                .put("account", d.attempt().account())
                .put("code", v.code())
                .put("rule", v.rule())
                .put("action", d.wireAction())
                .put("score", v.score())
                .put("evidence", v.evidence())
                .put("destination", destination)
                .put(
                    "country",
                    d.destination().country().isEmpty() ? null : d.destination().country())
                .put("sourceIp", d.attempt().sourceIp())
                .put("userAgent", d.attempt().userAgent())
                .put("findings", org.tfps.decision.EventFeed.findings(v.findings())));
  }

  @Override
  public void blocked(String account, String reason, Instant at, Instant until) {
    raise(
        account + "\u0000block",
        at,
        null,
        () ->
            new JsonObject()
                .put("kind", "block")
                .put("account", account)
                .put("action", "block")
                .put("evidence", reason)
                .put("until", until.toString()));
  }

  /**
   * A verify call solved or failed (issue 7): an alert of kind "verify" with the action {@code
   * verify-<outcome>}; a caller who hung up raises none.
   */
  @Override
  public void verified(Decision d, String outcome, String detail, Instant at) {
    if (!"solved".equals(outcome) && !"failed".equals(outcome) && !"timed-out".equals(outcome)) {
      return;
    }
    Verdict v = d.verdict();
    String destination =
        d.destination().e164().isEmpty() ? d.attempt().dialed() : d.destination().e164();
    raise(
        d.attempt().account() + "\u0000verify-" + outcome,
        at,
        destination,
        () ->
            new JsonObject()
                .put("kind", "verify")
                .put("account", d.attempt().account())
                .put("code", v.code())
                .put("rule", v.rule())
                .put("action", "verify-" + outcome)
                .put("evidence", detail)
                .put("destination", destination)
                .put(
                    "country",
                    d.destination().country().isEmpty() ? null : d.destination().country()));
  }

  /** Counts the call; builds and sends the alert only when the incident's throttle allows one. */
  private synchronized void raise(
      String key, Instant at, String destination, java.util.function.Supplier<JsonObject> build) {
    Incident i = open.computeIfAbsent(key, k -> new Incident());
    if (i.since == 0) {
      i.firstSince = at;
    }
    i.since++;
    if (destination != null
        && i.destinations.size() < 10
        && !i.destinations.contains(destination)) {
      i.destinations.add(destination);
    }
    if (i.lastAlert != null && at.isBefore(i.lastAlert.plus(throttle))) {
      return; // counted; the next alert after the throttle says how many
    }
    JsonObject alert = build.get();
    alert
        .put("id", idPrefix + (++sequence))
        .put("node", node)
        .put("at", at.toString())
        .put("calls", i.since)
        .put("firstAt", i.firstSince.toString())
        .put("destinations", new io.vertx.core.json.JsonArray(List.copyOf(i.destinations)))
        .put("undo", AlertText.undo(alert));
    i.lastAlert = at;
    i.since = 0;
    i.destinations.clear();
    out.accept(alert);
  }
}
