package org.tfps.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.tfps.config.Cidr;
import org.tfps.decision.Intelligence;

/**
 * SentryPeer-compatible look-ups served from TFPS's own intelligence (docs/api.md#sentrypeer), so a
 * tool written for SentryPeer (its FreePBX module, scripts) can ask TFPS: 200 when the number or
 * address is known bad, 404 when not, in SentryPeer's JSON shapes.
 */
final class SentryPeerRoutes {

  /** A number as SentryPeer takes it: E.164 with or without the "+". */
  private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,15}");

  private final Intelligence intel;

  SentryPeerRoutes(Intelligence intel) {
    this.intel = intel;
  }

  void mount(Router router, Auth auth) {
    router.get("/api/phone-numbers/:number").handler(auth.require("read")).handler(this::number);
    router.get("/api/ip-addresses/:ip").handler(auth.require("read")).handler(this::address);
  }

  private void number(RoutingContext ctx) {
    String n = ctx.pathParam("number");
    if (n == null || !NUMBER.matcher(n).matches()) {
      invalid(ctx);
      return;
    }
    String e164 = n.startsWith("+") ? n : "+" + n;
    if (intel.number(e164) == null) {
      answer(ctx, 404, new JsonObject().put("message", "No phone number found"));
    } else {
      answer(ctx, 200, new JsonObject().put("phone_number_found", e164));
    }
  }

  private void address(RoutingContext ctx) {
    String ip = ctx.pathParam("ip");
    try {
      Cidr.literal(ip);
    } catch (IllegalArgumentException e) {
      invalid(ctx);
      return;
    }
    if (intel.address(ip)) {
      answer(ctx, 200, new JsonObject().put("bad_actor_found", ip));
    } else {
      answer(ctx, 404, new JsonObject().put("message", "No bad actor found"));
    }
  }

  private static void invalid(RoutingContext ctx) {
    answer(ctx, 400, new JsonObject().put("error", "The request data was invalid"));
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
