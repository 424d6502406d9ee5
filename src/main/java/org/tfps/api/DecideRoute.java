package org.tfps.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.tfps.decision.Decision;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Verdict;

/**
 * Decide over HTTP (docs/api.md#decide): the same decision as an INVITE gets, counted and recorded
 * the same way, for softswitches that ask over HTTP and for TFPS v2's clients, whose query names
 * (dialed_number, from_user, domain, source_ip, user_agent, sim_calls) are accepted.
 */
final class DecideRoute {

  /** Largest request body accepted. */
  static final int MAX_BODY = 16 * 1024;

  static final int MAX_DIALED = 128;

  private final Function<CallAttempt, Future<Decision>> decide;
  private final Clock clock;

  DecideRoute(Function<CallAttempt, Future<Decision>> decide, Clock clock) {
    this.decide = decide;
    this.clock = clock;
  }

  void mount(Router router, Auth auth) {
    router
        .get("/v1/decide")
        .handler(auth.require("calls"))
        .handler(ctx -> decide(ctx, fromQuery(ctx.queryParams())));
    router
        .post("/v1/decide")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(auth.require("calls"))
        .handler(this::post);
  }

  private void post(RoutingContext ctx) {
    JsonObject body = RouteSupport.body(ctx);
    if (body == null) {
      return;
    }
    MultiMap fields = MultiMap.caseInsensitiveMultiMap();
    for (String k : body.fieldNames()) {
      Object v = body.getValue(k);
      if (v != null) {
        fields.add(k, v instanceof String s ? s : String.valueOf(v));
      }
    }
    decide(ctx, fromQuery(fields));
  }

  /** A request as read: the attempt, or why it cannot be one. */
  private record Read(CallAttempt attempt, String problem) {}

  private Read fromQuery(MultiMap q) {
    String dialed = first(q, "dialed", "dialed_number", "destination");
    if (dialed == null || dialed.isEmpty() || dialed.length() > MAX_DIALED) {
      return new Read(
          null, "field 'dialed' (or dialed_number): 1 to " + MAX_DIALED + " characters");
    }
    String account = first(q, "account");
    if (account == null) {
      String user = first(q, "from_user", "user");
      String domain = first(q, "domain");
      if (user == null || domain == null) {
        return new Read(null, "field 'account' (user@domain), or from_user and domain");
      }
      account = user + "@" + domain;
    }
    try {
      account = AccountJson.account(account);
    } catch (AccountJson.BadField e) {
      return new Read(null, e.getMessage());
    }
    String calls = first(q, "calls", "sim_calls");
    int reported = -1;
    if (calls != null && !calls.isEmpty()) {
      try {
        reported = Integer.parseInt(calls);
        if (reported < 0 || reported > 1_000_000) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        return new Read(
            null, "field 'calls' (or sim_calls): a whole number of calls up, 0 or more");
      }
    }
    String callId = first(q, "callId", "call_id");
    if (callId != null && (callId.isEmpty() || callId.length() > 255)) {
      return new Read(null, "field 'callId': 1 to 255 characters");
    }
    String ip = first(q, "sourceIp", "source_ip");
    String ua = first(q, "userAgent", "user_agent");
    for (String[] f : new String[][] {{"sourceIp", ip}, {"userAgent", ua}, {"dialed", dialed}}) {
      if (f[1] != null && (f[1].length() > 255 || f[1].chars().anyMatch(Character::isISOControl))) {
        return new Read(
            null, "field '" + f[0] + "': at most 255 characters, no control characters");
      }
    }
    return new Read(
        new CallAttempt(
            account,
            dialed,
            ip == null ? "" : ip,
            ua == null ? "" : ua,
            // Without a Call-ID the lease of an allowed call is keyed by a new one.
            callId == null ? "http-" + UUID.randomUUID() : callId,
            clock.instant(),
            reported),
        null);
  }

  private void decide(RoutingContext ctx, Read r) {
    if (r.attempt() == null) {
      Problem.send(ctx, 400, "invalid-request", "Bad Request", r.problem());
      return;
    }
    decide
        .apply(r.attempt())
        .onFailure(
            e ->
                Problem.send(
                    ctx,
                    503,
                    "unavailable",
                    "Service Unavailable",
                    "not decided: " + e.getMessage()))
        .onSuccess(
            d ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(verdict(d).encode()));
  }

  /** The verdict as JSON: what the engine decided, why, and the destination as TFPS read it. */
  static JsonObject verdict(Decision d) {
    Verdict v = d.verdict();
    JsonArray findings = org.tfps.decision.EventFeed.findings(v.findings());
    return new JsonObject()
        .put("account", d.attempt().account())
        .put("callId", d.attempt().callId())
        .put("action", v.action().wireName())
        .put("monitorOnly", d.monitorOnly())
        .put("code", v.code())
        .put("rule", v.rule())
        .put("score", v.score())
        .put("evidence", v.evidence())
        .put("findings", findings)
        .put(
            "destination",
            new JsonObject()
                .put("dialed", d.destination().dialed())
                .put("e164", d.destination().e164().isEmpty() ? null : d.destination().e164())
                .put(
                    "country",
                    d.destination().country().isEmpty() ? null : d.destination().country())
                .put("type", d.destination().type().name().toLowerCase(Locale.ROOT))
                .put("valid", d.destination().valid()))
        .put("factsComplete", d.factsComplete());
  }

  private static String first(MultiMap q, String... names) {
    for (String n : names) {
      String v = q.get(n);
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
