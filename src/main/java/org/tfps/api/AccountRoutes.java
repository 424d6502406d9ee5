package org.tfps.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.AccountRepository;
import org.tfps.decision.AccountSettings;
import org.tfps.decision.Pins;

/**
 * Provisioning of accounts (docs/api.md): the database first, then the accounts in memory, so a
 * change TFPS answers 2xx for is kept, and one it refuses changed nothing. The actions on an
 * account are {@link ActionRoutes}, the events and stats {@link EventRoutes}.
 */
final class AccountRoutes {

  private static final Logger log = LoggerFactory.getLogger(AccountRoutes.class);

  /** Largest account document accepted (413 past it). */
  static final int MAX_BODY = 64 * 1024;

  static final int MAX_PAGE = 1000;

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
    new ActionRoutes(ops).mount(router, auth, body, one);
    new EventRoutes(vertx, ops).mount(router, auth);
  }

  private void list(RoutingContext ctx) {
    int limit;
    try {
      limit = RouteSupport.intParam(ctx, "limit", 100, 1, MAX_PAGE);
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
              RouteSupport.json(
                  ctx, 200, new JsonObject().put("accounts", items).put("next", page.next()));
            })
        .onFailure(e -> RouteSupport.unavailable(ctx, e));
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
              RouteSupport.json(
                  ctx, 200, new JsonObject().put("accounts", items).put("next", page.next()));
            })
        .onFailure(e -> RouteSupport.unavailable(ctx, e));
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
              RouteSupport.json(ctx, 200, out);
            });
  }

  private void create(RoutingContext ctx) {
    JsonObject body = RouteSupport.body(ctx);
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
    JsonObject body = RouteSupport.body(ctx);
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
        .onFailure(e -> RouteSupport.unavailable(ctx, e))
        .onSuccess(
            base -> {
              if (base == null) {
                RouteSupport.unknown(ctx, account);
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
        .onFailure(e -> RouteSupport.unavailable(ctx, e))
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
              RouteSupport.audit(
                  ops, ctx, base.account(), saved.added() ? "provision" : "update", "");
              RouteSupport.json(
                  ctx, saved.added() ? 201 : 200, AccountJson.write(saved.settings()));
            });
  }

  private record Saved(AccountSettings settings, boolean added) {}

  private void delete(RoutingContext ctx) {
    String account = RouteSupport.accountParam(ctx);
    if (account == null) {
      return;
    }
    ops.repository()
        .delete(account)
        .onFailure(e -> RouteSupport.unavailable(ctx, e))
        .onSuccess(
            deleted -> {
              if (!deleted) {
                RouteSupport.unknown(ctx, account);
                return;
              }
              ops.accounts().deprovisioned(account);
              RouteSupport.audit(ops, ctx, account, "delete", "");
              ctx.response().setStatusCode(204).end();
            });
  }
}
