package org.tfps.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the operator's routes share: reading parameters and bodies, answering, auditing. */
final class RouteSupport {

  private static final Logger log = LoggerFactory.getLogger(RouteSupport.class);

  private RouteSupport() {}

  static void audit(
      Operations ops, RoutingContext ctx, String account, String action, String detail) {
    String by = "by token " + holder(ctx);
    log.info(
        "operator: {} {} {}{}", action, account, by, detail.isEmpty() ? "" : " (" + detail + ")");
    ops.log()
        .operator(
            account, action, detail.isEmpty() ? by : detail + ", " + by, ops.clock().instant());
  }

  static String holder(RoutingContext ctx) {
    ApiTokens.Holder h = ctx.get(Auth.HOLDER);
    return h == null ? "?" : h.name();
  }

  static String accountParam(RoutingContext ctx) {
    try {
      return AccountJson.account(ctx.pathParam("account"));
    } catch (AccountJson.BadField e) {
      Problem.send(ctx, 400, "invalid-account", "Bad Request", e.getMessage());
      return null;
    }
  }

  static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
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
  static JsonObject body(RoutingContext ctx) {
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

  static void unknown(RoutingContext ctx, String account) {
    Problem.send(
        ctx, 404, "unknown-account", "Not Found", "account " + account + " is not provisioned");
  }

  static void unavailable(RoutingContext ctx, Throwable e) {
    log.warn("API: {} {} failed: {}", ctx.request().method(), ctx.request().path(), e.toString());
    Problem.send(ctx, 503, "database-unavailable", "Service Unavailable", e.getMessage());
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
