package org.tfps.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token authentication for the API: 401 without a token we know, 403 when the token lacks
 * the route's scope, 429 for a source that failed too often in the current minute (every request of
 * it, so guessing stops paying; a legitimate client waits at most the rest of the minute). Runs on
 * the API's event loop only, so its table needs no lock.
 */
final class Auth {

  private static final Logger log = LoggerFactory.getLogger(Auth.class);

  /**
   * Sources whose failures are remembered (memory stays bounded under a flood from many sources;
   * past it, failures of further sources go uncounted until a minute has passed).
   */
  static final int MAX_SOURCES = 10_000;

  static final long WINDOW_MILLIS = 60_000;

  /** The holder of the request's token, for handlers after this one. */
  static final String HOLDER = "tfps.holder";

  private final ApiTokens tokens;
  private final int failuresPerWindow;
  private final LongSupplier millis;
  private final Map<String, long[]> failures = new HashMap<>();
  private long refused;

  Auth(ApiTokens tokens, int failuresPerWindow, LongSupplier millis) {
    this.tokens = tokens;
    this.failuresPerWindow = failuresPerWindow;
    this.millis = millis;
  }

  /** Requests refused (401, 403 or 429) since start. */
  long refused() {
    return refused;
  }

  /** A handler that lets through requests whose token has {@code scope}. */
  Handler<RoutingContext> require(String scope) {
    return ctx -> {
      String source =
          ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
      long now = millis.getAsLong();
      long wait = throttled(source, now);
      if (wait > 0) {
        refused++;
        ctx.response().putHeader("Retry-After", Long.toString((wait + 999) / 1000));
        Problem.send(
            ctx,
            429,
            "too-many-failures",
            "Too Many Requests",
            "too many failed authentications from " + source + "; try again later");
        return;
      }
      String header = ctx.request().getHeader("Authorization");
      ApiTokens.Holder holder = null;
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        holder = tokens.holder(header.substring(7).trim());
      } else if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
        // For posters that only speak Basic (FreeSWITCH's mod_json_cdr): the token is the
        // password, the user name is not read.
        holder = tokens.holder(basicPassword(header.substring(6).trim()));
      }
      if (holder == null) {
        refused++;
        if (header != null) {
          // Only a wrong token counts towards the throttle: a request without credentials
          // guesses nothing, and posters that wait for the challenge (curl, Kamailio's
          // http_client) send one before each authenticated request.
          failed(source, now);
        }
        log.warn(
            "API: {} {} from {} refused: {}",
            ctx.request().method(),
            ctx.request().path(),
            source,
            header == null ? "no token" : "unknown token");
        // Bearer first; Basic for posters that wait for a challenge (the password is the token).
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"tfps\", Basic realm=\"tfps\"");
        Problem.send(
            ctx,
            401,
            "unauthorized",
            "Unauthorized",
            header == null
                ? "send Authorization: Bearer <token> (docs/api.md)"
                : "the token is not one TFPS knows");
        return;
      }
      if (!holder.may(scope)) {
        refused++;
        log.warn(
            "API: {} {} from {} refused: token {} lacks scope {}",
            ctx.request().method(),
            ctx.request().path(),
            source,
            holder.name(),
            scope);
        Problem.send(
            ctx,
            403,
            "forbidden",
            "Forbidden",
            "token " + holder.name() + " lacks the scope " + scope + " this route needs");
        return;
      }
      ctx.put(HOLDER, holder);
      ctx.next();
    };
  }

  /** The password of a Basic credential ("user:password" in base64), or "" when malformed. */
  static String basicPassword(String credential) {
    try {
      String pair =
          new String(
              java.util.Base64.getDecoder().decode(credential),
              java.nio.charset.StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? "" : pair.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** Milliseconds until {@code source} may try again, or 0. */
  private long throttled(String source, long now) {
    long[] w = failures.get(source);
    if (w == null || now - w[0] >= WINDOW_MILLIS) {
      return 0;
    }
    return w[1] >= failuresPerWindow ? WINDOW_MILLIS - (now - w[0]) : 0;
  }

  private void failed(String source, long now) {
    long[] w = failures.get(source);
    if (w == null || now - w[0] >= WINDOW_MILLIS) {
      if (w == null && failures.size() >= MAX_SOURCES) {
        forgetExpired(now);
        if (failures.size() >= MAX_SOURCES) {
          return;
        }
      }
      failures.put(source, new long[] {now, 1});
      return;
    }
    w[1]++;
  }

  private void forgetExpired(long now) {
    Iterator<long[]> it = failures.values().iterator();
    while (it.hasNext()) {
      if (now - it.next()[0] >= WINDOW_MILLIS) {
        it.remove();
      }
    }
  }
}
