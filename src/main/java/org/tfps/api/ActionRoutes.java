package org.tfps.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.AccountRepository;
import org.tfps.decision.AccountSettings;
import org.tfps.decision.CallEnd;

/**
 * The operator's actions on an account (docs/api.md#actions): block, unblock, reset of the day's
 * quotas, end of a call, and its own authorized and blocked destinations.
 */
final class ActionRoutes {

  /** How long an operator's block lasts when the request names no time: a day. */
  static final Duration DEFAULT_BLOCK = Duration.ofDays(1);

  private final Operations ops;

  ActionRoutes(Operations ops) {
    this.ops = ops;
  }

  void mount(Router router, Auth auth, BodyHandler body, String one) {
    router
        .post(one + "/block")
        .handler(body)
        .handler(auth.require("provision"))
        .handler(this::block);
    router.post(one + "/unblock").handler(auth.require("provision")).handler(this::unblock);
    router.post(one + "/reset").handler(auth.require("provision")).handler(this::reset);
    router.post(one + "/monitor").handler(auth.require("provision")).handler(c -> mode(c, true));
    router.post(one + "/enforce").handler(auth.require("provision")).handler(c -> mode(c, false));
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
  }

  private record Saved(AccountSettings settings, boolean added) {}

  private void block(RoutingContext ctx) {
    String account = RouteSupport.accountParam(ctx);
    if (account == null) {
      return;
    }
    // No body at all (HTTP/1.1 without Content-Length, or 0): the defaults.
    JsonObject body =
        ctx.body().buffer() == null || ctx.body().buffer().length() == 0
            ? new JsonObject()
            : RouteSupport.body(ctx);
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
    String by = reason + " (by " + RouteSupport.holder(ctx) + ")";
    // Journaled first: the block survives a restart even while the database is down.
    ops.log().blocked(account, by, now, until);
    ops.ledger().block(account, by, until);
    RouteSupport.audit(ops, ctx, account, "block", "until " + until);
    RouteSupport.json(
        ctx,
        200,
        new JsonObject()
            .put("account", account)
            .put("blocked", new JsonObject().put("reason", by).put("until", until.toString())));
  }

  private void unblock(RoutingContext ctx) {
    String account = RouteSupport.accountParam(ctx);
    if (account == null) {
      return;
    }
    Instant now = ops.clock().instant();
    ops.log().unblocked(account, now);
    ops.ledger()
        .unblock(account)
        .onFailure(e -> RouteSupport.unavailable(ctx, e))
        .onSuccess(
            x -> {
              RouteSupport.audit(ops, ctx, account, "unblock", "");
              RouteSupport.json(
                  ctx, 200, new JsonObject().put("account", account).putNull("blocked"));
            });
  }

  private void reset(RoutingContext ctx) {
    String account = RouteSupport.accountParam(ctx);
    if (account == null) {
      return;
    }
    AccountProfile p = ops.accounts().profile(account).result();
    Instant now = ops.clock().instant();
    // The kept row first: a reset the database did not take is refused whole.
    ops.repository()
        .resetDay(account, now.atZone(p.zone()).toLocalDate())
        .compose(x -> ops.ledger().reset(account, p.zone(), now))
        .onFailure(e -> RouteSupport.unavailable(ctx, e))
        .onSuccess(
            x -> {
              RouteSupport.audit(
                  ops, ctx, account, "reset", "quotas of " + now.atZone(p.zone()).toLocalDate());
              RouteSupport.json(
                  ctx, 200, new JsonObject().put("account", account).put("reset", true));
            });
  }

  /**
   * Switches an account to monitor-only (its calls let through, verdicts recorded as would-deny or
   * would-verify) or to enforcing: kept in the database first, in force on every node at once, and
   * an operator event. An account nobody provisioned is provisioned with this setting only.
   */
  private void mode(RoutingContext ctx, boolean monitor) {
    String account = RouteSupport.accountParam(ctx);
    if (account == null) {
      return;
    }
    AccountSettings now = ops.accounts().settings(account);
    AccountSettings next =
        (now == null ? AccountSettings.bare(account) : now).withMonitorOnly(monitor);
    (now == null ? ops.repository().insert(next) : ops.repository().put(next))
        .compose(x -> ops.repository().get(account))
        .onFailure(e -> RouteSupport.unavailable(ctx, e))
        .onSuccess(
            saved -> {
              ops.accounts().provisioned(saved);
              RouteSupport.audit(ops, ctx, account, monitor ? "monitor" : "enforce", "");
              RouteSupport.json(
                  ctx, 200, new JsonObject().put("account", account).put("monitorOnly", monitor));
            });
  }

  private void endCall(RoutingContext ctx) {
    String account = RouteSupport.accountParam(ctx);
    if (account == null) {
      return;
    }
    String callId = ctx.pathParam("callId");
    ops.ledger()
        .endCall(account, callId, ops.clock().instant())
        .onFailure(e -> RouteSupport.unavailable(ctx, e))
        .onSuccess(
            end -> {
              if (end == CallEnd.ENDED) {
                RouteSupport.audit(ops, ctx, account, "end-call", callId);
                RouteSupport.json(
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
    String account = RouteSupport.accountParam(ctx);
    if (account == null) {
      return;
    }
    JsonObject body = RouteSupport.body(ctx);
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
        .onFailure(e -> RouteSupport.unavailable(ctx, e))
        .onSuccess(
            saved -> {
              ops.accounts().provisioned(saved.settings());
              String what =
                  kind == AccountRepository.DestinationKind.AUTHORIZED
                      ? "authorize"
                      : "block-destination";
              if (saved.added()) {
                RouteSupport.audit(ops, ctx, account, what, entry);
              }
              RouteSupport.json(
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
    String account = RouteSupport.accountParam(ctx);
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
        .onFailure(e -> RouteSupport.unavailable(ctx, e))
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
              RouteSupport.audit(ops, ctx, account, what, entry);
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
}
