package org.tfps.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.tfps.decision.AccountRepository;
import org.tfps.decision.DecisionStats;

/** The events, as pages and as a live stream, and the stats of the last hour (docs/api.md). */
final class EventRoutes {

  private final Vertx vertx;
  private final Operations ops;

  EventRoutes(Vertx vertx, Operations ops) {
    this.vertx = vertx;
    this.ops = ops;
  }

  void mount(Router router, Auth auth) {
    router.get("/v1/events").handler(auth.require("read")).handler(this::events);
    EventStream stream = new EventStream(vertx, ops.events());
    router.get("/v1/events/stream").handler(auth.require("read")).handler(stream::handle);
    router.get("/v1/stats").handler(auth.require("read")).handler(this::stats);
    router.get("/v1/honeypot/events").handler(auth.require("read")).handler(this::honeypotEvents);
  }

  private void events(RoutingContext ctx) {
    query(ctx, ctx.request().getParam("kind"))
        .ifPresent(
            q ->
                ops.repository()
                    .events(q)
                    .onFailure(e -> RouteSupport.unavailable(ctx, e))
                    .onSuccess(
                        page ->
                            RouteSupport.json(
                                ctx,
                                200,
                                new JsonObject()
                                    .put("events", new JsonArray(page.events()))
                                    .put("next", page.next()))));
  }

  /**
   * The honeypot's events in SentryPeer's event JSON shape (what {@code sentrypeer -j} logs), so
   * they can be shared with SentryPeer users; paged like GET /v1/events.
   */
  private void honeypotEvents(RoutingContext ctx) {
    query(ctx, "honeypot")
        .ifPresent(
            q ->
                ops.repository()
                    .events(q)
                    .onFailure(e -> RouteSupport.unavailable(ctx, e))
                    .onSuccess(
                        page -> {
                          JsonArray out = new JsonArray();
                          page.events().forEach(e -> out.add(SentryPeerShape.of(e)));
                          RouteSupport.json(
                              ctx,
                              200,
                              new JsonObject().put("events", out).put("next", page.next()));
                        }));
  }

  /** The query of the request's parameters, or empty after answering 400. */
  private static java.util.Optional<AccountRepository.EventQuery> query(
      RoutingContext ctx, String kind) {
    try {
      String since = ctx.request().getParam("since");
      String before = ctx.request().getParam("before");
      String account = ctx.request().getParam("account");
      return java.util.Optional.of(
          new AccountRepository.EventQuery(
              account == null ? null : AccountJson.account(account),
              ctx.request().getParam("code"),
              kind,
              since == null ? null : Instant.parse(since),
              before == null ? null : Long.parseLong(before),
              RouteSupport.intParam(ctx, "limit", 100, 1, AccountRoutes.MAX_PAGE)));
    } catch (DateTimeParseException e) {
      Problem.send(
          ctx,
          400,
          "invalid-parameter",
          "Bad Request",
          "since: an ISO-8601 instant such as 2026-11-22T06:00:00Z");
    } catch (NumberFormatException e) {
      Problem.send(ctx, 400, "invalid-parameter", "Bad Request", "before: an event id (a number)");
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-parameter", "Bad Request", e.getMessage());
    }
    return java.util.Optional.empty();
  }

  /** The last hour of decisions and the decision time since start. */
  private void stats(RoutingContext ctx) {
    int top;
    try {
      top = RouteSupport.intParam(ctx, "top", 10, 1, 100);
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-parameter", "Bad Request", e.getMessage());
      return;
    }
    DecisionStats.Snapshot s = ops.stats().snapshot(top);
    JsonArray intervals = new JsonArray();
    for (DecisionStats.Interval i : s.intervals()) {
      intervals.add(
          new JsonObject()
              .put("start", i.start().toString())
              .put("byCode", new JsonObject(new java.util.LinkedHashMap<>(i.byCode()))));
    }
    RouteSupport.json(
        ctx,
        200,
        new JsonObject()
            .put("intervalSeconds", 60)
            .put("intervals", intervals)
            .put("callsLastHour", s.callsLastHour())
            .put("callsPerSecond", s.callsPerSecondLastMinute())
            .put(
                "decisionSeconds",
                new JsonObject()
                    .put("p50", ops.latencyNanos().applyAsLong(0.50) / 1e9)
                    .put("p99", ops.latencyNanos().applyAsLong(0.99) / 1e9))
            .put("topAccounts", tops(s.accounts(), "account"))
            .put("topDestinations", tops(s.destinations(), "destination")));
  }

  private static JsonArray tops(List<DecisionStats.Top> list, String key) {
    JsonArray a = new JsonArray();
    list.forEach(t -> a.add(new JsonObject().put(key, t.key()).put("calls", t.calls())));
    return a;
  }
}
