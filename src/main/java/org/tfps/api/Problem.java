package org.tfps.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details, the one error shape of the API. */
final class Problem {

  static final String MEDIA_TYPE = "application/problem+json";

  private Problem() {}

  /**
   * Ends the request with a problem document.
   *
   * @param type a stable identifier, e.g. "not-found"; documented in docs/api.md
   */
  static void send(RoutingContext ctx, int status, String type, String title, String detail) {
    JsonObject body =
        new JsonObject()
            .put("type", "https://tfps.org/problems/" + type)
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    ctx.response().setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).end(body.encode());
  }
}
