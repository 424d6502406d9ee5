package org.tfps.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.AccountRepository;
import org.tfps.decision.AccountSettings;
import org.tfps.decision.CallEnd;
import org.tfps.decision.DecisionStats;
import org.tfps.decision.Pins;

/**
 * Provisioning and the operator's actions on accounts (docs/api.md): the database first, then the
 * accounts in memory, so a change TFPS answers 2xx for is kept, and one it refuses changed nothing.
 */
final class AccountRoutes {

  private static final Logger log = LoggerFactory.getLogger(AccountRoutes.class);

  /** Largest account document accepted (413 past it). */
  static final int MAX_BODY = 64 * 1024;

  static final int MAX_PAGE = 1000;

  /** How long an operator's block lasts when the request names no time: a day. */
  static final Duration DEFAULT_BLOCK = Duration.ofDays(1);

  private final Vertx vertx;
  private final Operations ops;

  AccountRoutes(Vertx vertx, Operations ops) {
    this.vertx = vertx;
    this.ops = ops;
  }

  void mount(Router router, Auth auth) {
    // Vert.x runs body handlers before any other; the body is bounded, so a caller without a token
    // costs at most MAX_BODY bytes.
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    String one = "/v1/accounts/:account";
    router.get("/v1/accounts").handler(auth.require("read")).handler(this::list);
    router
        .post("/v1/accounts")
        .handler(body)
        .handler(auth.require("provision"))
        .handler(this::create);
    router.get(one).handler(auth.require("read")).handler(this::show);
    router
        .put(one)
        .handler(body)
        .handler(auth.require("provision"))
        .handler(ctx -> write(ctx, false));
    router
        .patch(one)
        .handler(body)
        .handler(auth.require("provision"))
        .handler(ctx -> write(ctx, true));
    router.delete(one).handler(auth.require("provision")).handler(this::delete);
    router
        .post(one + "/block")
        .handler(body)
        .handler(auth.require("provision"))
        .handler(this::block);
    router.post(one + "/unblock").handler(auth.require("provision")).handler(this::unblock);
    router.post(one + "/reset").handler(auth.require("provision")).handler(this::reset);
    router.delete(one + "/calls/:callId").handler(auth.require("provision")).handler(this::endCall);
    for (AccountRepository.DestinationKind kind : AccountRepository.DestinationKind.values()) {
      String list =
          one
              + (kind == AccountRepository.DestinationKind.AUTHORIZED
                  ? "/authorized"
                  : "/blocked-destinations");
      router
          .post(list)
          .handler(body)
          .handler(auth.require("provision"))
          .handler(ctx -> addDestination(ctx, kind));
      router
          .delete(list + "/:entry")
          .handler(auth.require("provision"))
          .handler(ctx -> removeDestination(ctx, kind));
    }
    router.get("/v1/events").handler(auth.require("read")).handler(this::events);
    EventStream stream = new EventStream(vertx, ops.events());
    router.get("/v1/events/stream").handler(auth.require("read")).handler(stream::handle);
    router.get("/v1/stats").handler(auth.require("read")).handler(this::stats);
  }

  private void list(RoutingContext ctx) {
    int limit;
    try {
      limit = intParam(ctx, "limit", 100, 1, MAX_PAGE);
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-parameter", "Bad Request", e.getMessage());
      return;
    }
    if ("true".equals(ctx.request().getParam("blocked"))) {
      listBlocked(ctx, limit);
      return;
    }
    ops.repository()
        .list(ctx.request().getParam("after"), ctx.request().getParam("prefix"), limit)
        .onSuccess(
            page -> {
              JsonArray items = new JsonArray();
              page.accounts().forEach(a -> items.add(AccountJson.write(a)));
              json(ctx, 200, new JsonObject().put("accounts", items).put("next", page.next()));
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  /** Accounts blocked now, provisioned or not, from the database. */
  private void listBlocked(RoutingContext ctx, int limit) {
    ops.repository()
        .blocked(
            ops.clock().instant(),
            ctx.request().getParam("after"),
            ctx.request().getParam("prefix"),
            limit)
        .onSuccess(
            page -> {
              JsonArray items = new JsonArray();
              for (AccountRepository.Blocked b : page.accounts()) {
                items.add(
                    new JsonObject()
                        .put("account", b.account())
                        .put(
                            "blocked",
                            new JsonObject()
                                .put("reason", b.reason())
                                .put("until", b.until().toString())));
              }
              json(ctx, 200, new JsonObject().put("accounts", items).put("next", page.next()));
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private void show(RoutingContext ctx) {
    String account;
    try {
      account = AccountJson.account(ctx.pathParam("account"));
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-account", "Bad Request", e.getMessage());
      return;
    }
    AccountSettings s = ops.accounts().settings(account);
    AccountProfile profile = ops.accounts().profile(account).result(); // answered from memory
    Instant now = ops.clock().instant();
    ops.ledger()
        .usage(account, profile.zone(), now)
        .onComplete(
            ar -> {
              JsonObject out = AccountJson.write(s == null ? AccountSettings.bare(account) : s);
              out.put("provisioned", s != null);
              out.put("effective", AccountJson.effective(profile));
              if (ar.succeeded()) {
                var u = ar.result();
                out.put(
                    "state",
                    new JsonObject()
                        .put(
                            "blocked",
                            u.blocked().isEmpty()
                                ? null
                                : new JsonObject().put("reason", u.blocked()))
                        .put("callsToday", u.callsToday())
                        .put("callsLastMinute", u.callsLastMinute())
                        .put("callsUp", u.recentlyAllowed())
                        .put("spendToday", u.spendToday())
                        .put(
                            "knownCountries",
                            new JsonArray(u.knownCountries().stream().sorted().toList())));
              }
              json(ctx, 200, out);
            });
  }

  private void create(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    String account;
    try {
      Object name = body.getValue("account");
      account = AccountJson.account(name instanceof String n ? n : null);
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-account", "Bad Request", e.getMessage());
      return;
    }
    save(ctx, body, AccountSettings.bare(account), Mode.CREATE);
  }

  private enum Mode {
    CREATE,
    PUT,
    PATCH
  }

  private void write(RoutingContext ctx, boolean patch) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    String account;
    try {
      account = AccountJson.account(ctx.pathParam("account"));
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-account", "Bad Request", e.getMessage());
      return;
    }
    if (!patch) {
      save(ctx, body, AccountSettings.bare(account), Mode.PUT);
      return;
    }
    ops.repository()
        .get(account)
        .onFailure(e -> unavailable(ctx, e))
        .onSuccess(
            base -> {
              if (base == null) {
                unknown(ctx, account);
              } else {
                save(ctx, body, base, Mode.PATCH);
              }
            });
  }

  private void save(RoutingContext ctx, JsonObject body, AccountSettings base, Mode mode) {
    AccountJson.Request req;
    try {
      req = AccountJson.read(body, base);
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-account", "Bad Request", e.getMessage());
      return;
    }
    AccountSettings kept = ops.accounts().settings(base.account());
    if (mode == Mode.PUT && kept != null) {
      // A PUT replaces the account's settings but keeps its destination lists (they have their own
      // routes) and its PIN unless it names one: the PIN is never shown, so a GET body put back
      // must not erase it.
      AccountSettings s =
          req.settings().withDestinations(kept.authorized(), kept.blockedDestinations());
      if (req.pin() == null && !req.clearPin() && kept.pinHash() != null) {
        s = s.withPinHash(kept.pinHash());
      }
      req = new AccountJson.Request(s, req.pin(), req.clearPin());
    }
    AccountJson.Request r = req;
    Future<AccountSettings> hashed =
        r.pin() == null
            ? Future.succeededFuture(r.settings())
            : vertx.executeBlocking(() -> r.settings().withPinHash(Pins.hash(r.pin())), false);
    hashed
        .compose(
            s ->
                (mode == Mode.CREATE ? ops.repository().insert(s) : ops.repository().put(s))
                    .compose(
                        added ->
                            mode == Mode.CREATE && !added
                                ? Future.succeededFuture((Saved) null)
                                : ops.repository()
                                    .get(s.account())
                                    .map(got -> new Saved(got, added))))
        .onFailure(e -> unavailable(ctx, e))
        .onSuccess(
            saved -> {
              if (saved == null) {
                Problem.send(
                    ctx,
                    409,
                    "account-exists",
                    "Conflict",
                    "account "
                        + base.account()
                        + " exists; PUT or PATCH /v1/accounts/{account} changes it");
                return;
              }
              ops.accounts().provisioned(saved.settings());
              audit(ctx, base.account(), saved.added() ? "provision" : "update", "");
              json(ctx, saved.added() ? 201 : 200, AccountJson.write(saved.settings()));
            });
  }

  private record Saved(AccountSettings settings, boolean added) {}

  private void delete(RoutingContext ctx) {
    String account = accountParam(ctx);
    if (account == null) {
      return;
    }
    ops.repository()
        .delete(account)
        .onFailure(e -> unavailable(ctx, e))
        .onSuccess(
            deleted -> {
              if (!deleted) {
                unknown(ctx, account);
                return;
              }
              ops.accounts().deprovisioned(account);
              audit(ctx, account, "delete", "");
              ctx.response().setStatusCode(204).end();
            });
  }

  private void block(RoutingContext ctx) {
    String account = accountParam(ctx);
    if (account == null) {
      return;
    }
    // No body at all (HTTP/1.1 without Content-Length, or 0): the defaults.
    JsonObject body =
        ctx.body().buffer() == null || ctx.body().buffer().length() == 0
            ? new JsonObject()
            : body(ctx);
    if (body == null) {
      return;
    }
    String reason;
    long minutes;
    try {
      Object r = body.getValue("reason");
      if (r != null && !(r instanceof String)) {
        throw new AccountJson.BadField("reason", "a string");
      }
      reason = r == null ? "blocked by an operator" : (String) r;
      if (reason.length() > 1000) {
        throw new AccountJson.BadField("reason", "at most 1000 characters");
      }
      Object m = body.getValue("minutes");
      if (m != null
          && (!(m instanceof Number n)
              || n.doubleValue() != Math.rint(n.doubleValue())
              || n.longValue() < 1
              || n.longValue() > 5_256_000)) {
        throw new AccountJson.BadField(
            "minutes", "a whole number of minutes from 1 to 5256000 (10 years)");
      }
      minutes = m == null ? DEFAULT_BLOCK.toMinutes() : ((Number) m).longValue();
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-request", "Bad Request", e.getMessage());
      return;
    }
    Instant now = ops.clock().instant();
    Instant until = now.plus(Duration.ofMinutes(minutes));
    String by = reason + " (by " + holder(ctx) + ")";
    // Journaled first: the block survives a restart even while the database is down.
    ops.log().blocked(account, by, now, until);
    ops.ledger().block(account, by, until);
    audit(ctx, account, "block", "until " + until);
    json(
        ctx,
        200,
        new JsonObject()
            .put("account", account)
            .put("blocked", new JsonObject().put("reason", by).put("until", until.toString())));
  }

  private void unblock(RoutingContext ctx) {
    String account = accountParam(ctx);
    if (account == null) {
      return;
    }
    Instant now = ops.clock().instant();
    ops.log().unblocked(account, now);
    ops.ledger()
        .unblock(account)
        .onFailure(e -> unavailable(ctx, e))
        .onSuccess(
            x -> {
              audit(ctx, account, "unblock", "");
              json(ctx, 200, new JsonObject().put("account", account).putNull("blocked"));
            });
  }

  private void reset(RoutingContext ctx) {
    String account = accountParam(ctx);
    if (account == null) {
      return;
    }
    AccountProfile p = ops.accounts().profile(account).result();
    Instant now = ops.clock().instant();
    // The kept row first: a reset the database did not take is refused whole.
    ops.repository()
        .resetDay(account, now.atZone(p.zone()).toLocalDate())
        .compose(x -> ops.ledger().reset(account, p.zone(), now))
        .onFailure(e -> unavailable(ctx, e))
        .onSuccess(
            x -> {
              audit(ctx, account, "reset", "quotas of " + now.atZone(p.zone()).toLocalDate());
              json(ctx, 200, new JsonObject().put("account", account).put("reset", true));
            });
  }

  private void endCall(RoutingContext ctx) {
    String account = accountParam(ctx);
    if (account == null) {
      return;
    }
    String callId = ctx.pathParam("callId");
    ops.ledger()
        .endCall(account, callId, ops.clock().instant())
        .onFailure(e -> unavailable(ctx, e))
        .onSuccess(
            end -> {
              if (end == CallEnd.ENDED) {
                audit(ctx, account, "end-call", callId);
                json(
                    ctx,
                    200,
                    new JsonObject()
                        .put("callId", callId)
                        .put("account", account)
                        .put("lease", "ended"));
              } else if (end == CallEnd.ALREADY_ENDED) {
                Problem.send(
                    ctx,
                    409,
                    "call-already-ended",
                    "Conflict",
                    "call " + callId + " already ended");
              } else {
                Problem.send(
                    ctx,
                    404,
                    "unknown-call",
                    "Not Found",
                    "no call " + callId + " of account " + account + " is up");
              }
            });
  }

  /**
   * Puts a destination on one of the account's lists: 201 when added, 200 when it was there; the
   * account is then read back from the database and decided with its new list at once.
   */
  private void addDestination(RoutingContext ctx, AccountRepository.DestinationKind kind) {
    String account = accountParam(ctx);
    if (account == null) {
      return;
    }
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    String entry;
    try {
      entry = destinationEntry(body.getValue("destination"));
      AccountSettings now = ops.accounts().settings(account);
      List<String> list =
          now == null
              ? List.of()
              : kind == AccountRepository.DestinationKind.AUTHORIZED
                  ? now.authorized()
                  : now.blockedDestinations();
      if (list.size() >= org.tfps.engine.DestinationList.MAX_ENTRIES && !list.contains(entry)) {
        throw new AccountJson.BadField(
            "destination",
            "the list already has "
                + org.tfps.engine.DestinationList.MAX_ENTRIES
                + " entries; use a shorter prefix or a country");
      }
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-destination", "Bad Request", e.getMessage());
      return;
    }
    ops.repository()
        .addDestination(account, kind, entry, "operator")
        .compose(added -> ops.repository().get(account).map(s -> new Saved(s, added)))
        .onFailure(e -> unavailable(ctx, e))
        .onSuccess(
            saved -> {
              ops.accounts().provisioned(saved.settings());
              String what =
                  kind == AccountRepository.DestinationKind.AUTHORIZED
                      ? "authorize"
                      : "block-destination";
              if (saved.added()) {
                audit(ctx, account, what, entry);
              }
              json(
                  ctx,
                  saved.added() ? 201 : 200,
                  new JsonObject()
                      .put("account", account)
                      .put("destination", entry)
                      .put(
                          "list",
                          kind == AccountRepository.DestinationKind.AUTHORIZED
                              ? "authorized"
                              : "blocked"));
            });
  }

  private void removeDestination(RoutingContext ctx, AccountRepository.DestinationKind kind) {
    String account = accountParam(ctx);
    if (account == null) {
      return;
    }
    String entry;
    try {
      entry = destinationEntry(ctx.pathParam("entry"));
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-destination", "Bad Request", e.getMessage());
      return;
    }
    ops.repository()
        .removeDestination(account, kind, entry)
        .compose(removed -> ops.repository().get(account).map(s -> new Saved(s, removed)))
        .onFailure(e -> unavailable(ctx, e))
        .onSuccess(
            saved -> {
              if (!saved.added()) {
                Problem.send(
                    ctx,
                    404,
                    "unknown-destination",
                    "Not Found",
                    entry + " is not on the list of account " + account);
                return;
              }
              if (saved.settings() != null) {
                ops.accounts().provisioned(saved.settings());
              }
              String what =
                  kind == AccountRepository.DestinationKind.AUTHORIZED
                      ? "unauthorize"
                      : "unblock-destination";
              audit(ctx, account, what, entry);
              ctx.response().setStatusCode(204).end();
            });
  }

  /** "+5312345678", "+53", or a country ("cu" reads as CU). */
  private static String destinationEntry(Object v) {
    if (!(v instanceof String s)) {
      throw new AccountJson.BadField(
          "destination", "an E.164 number or prefix (\"+53\") or a country (\"CU\")");
    }
    String e = s.strip().toUpperCase(java.util.Locale.ROOT);
    if (!org.tfps.engine.DestinationList.ENTRY.matcher(e).matches()
        || (!e.startsWith("+") && !e.equals("001") && !org.tfps.numbers.Countries.isIso(e))) {
      throw new AccountJson.BadField(
          "destination", "an E.164 number or prefix (\"+53\") or an ISO 3166-1 country (\"CU\")");
    }
    return e;
  }

  private void events(RoutingContext ctx) {
    AccountRepository.EventQuery q;
    try {
      String since = ctx.request().getParam("since");
      String before = ctx.request().getParam("before");
      String account = ctx.request().getParam("account");
      q =
          new AccountRepository.EventQuery(
              account == null ? null : AccountJson.account(account),
              ctx.request().getParam("code"),
              since == null ? null : Instant.parse(since),
              before == null ? null : Long.parseLong(before),
              intParam(ctx, "limit", 100, 1, MAX_PAGE));
    } catch (DateTimeParseException e) {
      Problem.send(
          ctx,
          400,
          "invalid-parameter",
          "Bad Request",
          "since: an ISO-8601 instant such as 2026-11-22T06:00:00Z");
      return;
    } catch (NumberFormatException e) {
      Problem.send(ctx, 400, "invalid-parameter", "Bad Request", "before: an event id (a number)");
      return;
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-parameter", "Bad Request", e.getMessage());
      return;
    }
    ops.repository()
        .events(q)
        .onFailure(e -> unavailable(ctx, e))
        .onSuccess(
            page ->
                json(
                    ctx,
                    200,
                    new JsonObject()
                        .put("events", new JsonArray(page.events()))
                        .put("next", page.next())));
  }

  /** The last hour of decisions and the decision time since start. */
  private void stats(RoutingContext ctx) {
    int top;
    try {
      top = intParam(ctx, "top", 10, 1, 100);
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
    json(
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

  private void audit(RoutingContext ctx, String account, String action, String detail) {
    String by = "by token " + holder(ctx);
    log.info(
        "operator: {} {} {}{}", action, account, by, detail.isEmpty() ? "" : " (" + detail + ")");
    ops.log()
        .operator(
            account, action, detail.isEmpty() ? by : detail + ", " + by, ops.clock().instant());
  }

  private static String holder(RoutingContext ctx) {
    ApiTokens.Holder h = ctx.get(Auth.HOLDER);
    return h == null ? "?" : h.name();
  }

  private static String accountParam(RoutingContext ctx) {
    try {
      return AccountJson.account(ctx.pathParam("account"));
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-account", "Bad Request", e.getMessage());
      return null;
    }
  }

  private static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new AccountJson.BadField(name, "a whole number from " + min + " to " + max);
  }

  /** The request's JSON object, or null after answering 400. */
  private static JsonObject body(RoutingContext ctx) {
    try {
      Object b = ctx.body().buffer() == null ? null : Json.decodeValue(ctx.body().buffer());
      if (b instanceof JsonObject o) {
        return o;
      }
      Problem.send(ctx, 400, "invalid-json", "Bad Request", "the body must be one JSON object");
    } catch (DecodeException e) {
      Problem.send(ctx, 400, "invalid-json", "Bad Request", "the body is not JSON");
    }
    return null;
  }

  private static void unknown(RoutingContext ctx, String account) {
    Problem.send(
        ctx, 404, "unknown-account", "Not Found", "account " + account + " is not provisioned");
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    log.warn("API: {} {} failed: {}", ctx.request().method(), ctx.request().path(), e.toString());
    Problem.send(ctx, 503, "database-unavailable", "Service Unavailable", e.getMessage());
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
