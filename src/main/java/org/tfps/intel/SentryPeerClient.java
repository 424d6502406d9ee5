package org.tfps.intel;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import org.tfps.config.TfpsConfig;

/**
 * SentryPeer's API: {@code GET /api/phone-numbers/{number}} and {@code GET /api/ip-addresses/{ip}}
 * answer 200 when its honeypots saw the number or address and 404 when not, with a bearer token
 * from the OAuth2 client-credentials grant (RFC 6749 4.4) at the token endpoint, kept until shortly
 * before it expires. Numbers are sent as E.164 digits without "+".
 */
final class SentryPeerClient {

  static final String NAME = "sentrypeer";

  /** A token is renewed this long before it expires. */
  private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

  private static final Duration DEFAULT_PAUSE = Duration.ofMinutes(1);

  private final WebClient client;
  private final TfpsConfig.SentryPeer config;
  private final Clock clock;
  private final String base;
  private volatile String token;
  private volatile long tokenExpiresMillis;
  private Future<String> tokenRequest;

  SentryPeerClient(WebClient client, TfpsConfig.SentryPeer config, Clock clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.base = Http.base(config.url());
  }

  /** True when SentryPeer's honeypots saw {@code e164} dialled. */
  Future<Boolean> number(String e164) {
    String digits = e164.startsWith("+") ? e164.substring(1) : e164;
    return seen("/api/phone-numbers/" + digits);
  }

  /** True when SentryPeer's honeypots saw {@code ip}. */
  Future<Boolean> address(String ip) {
    return seen("/api/ip-addresses/" + ip);
  }

  private Future<Boolean> seen(String path) {
    return token()
        .compose(
            t ->
                client
                    .getAbs(base + path)
                    .bearerTokenAuthentication(t)
                    .putHeader("Accept", "application/json")
                    .timeout(config.timeout().toMillis())
                    .send())
        .compose(this::seen);
  }

  private Future<Boolean> seen(HttpResponse<Buffer> r) {
    return switch (r.statusCode()) {
      case 200 -> Future.succeededFuture(true);
      case 404 -> Future.succeededFuture(false);
      case 429 ->
          Future.failedFuture(
              new RateLimited(NAME, RateLimited.after(r.getHeader("Retry-After"), DEFAULT_PAUSE)));
      case 401 -> {
        token = null; // expired or revoked early: the next look-up asks for a new one
        yield Future.failedFuture(new SourceFailure(NAME + " refused the token (401)"));
      }
      default -> Future.failedFuture(new SourceFailure(NAME + " answered " + r.statusCode()));
    };
  }

  /** A valid token: the kept one, the one being asked for, or a new one. */
  private synchronized Future<String> token() {
    String t = token;
    if (t != null && clock.millis() < tokenExpiresMillis) {
      return Future.succeededFuture(t);
    }
    if (tokenRequest != null) {
      return tokenRequest;
    }
    JsonObject grant =
        new JsonObject()
            .put("grant_type", "client_credentials")
            .put("client_id", config.clientId())
            .put("client_secret", config.clientSecret())
            .put("audience", config.audience());
    Future<String> request =
        client
            .postAbs(config.tokenUrl())
            .putHeader("Accept", "application/json")
            .timeout(config.timeout().toMillis())
            .sendJsonObject(grant)
            .compose(this::token);
    tokenRequest = request;
    request.onComplete(ar -> clearRequest());
    return request;
  }

  private synchronized void clearRequest() {
    tokenRequest = null;
  }

  private Future<String> token(HttpResponse<Buffer> r) {
    if (r.statusCode() == 429) {
      return Future.failedFuture(
          new RateLimited(NAME, RateLimited.after(r.getHeader("Retry-After"), DEFAULT_PAUSE)));
    }
    if (r.statusCode() != 200) {
      // The body may echo the request; it is not logged.
      return Future.failedFuture(
          new SourceFailure(NAME + " token endpoint answered " + r.statusCode()));
    }
    try {
      JsonObject body = r.bodyAsJsonObject();
      String t = body.getString("access_token");
      if (t == null || t.isEmpty()) {
        return Future.failedFuture(new SourceFailure(NAME + " token endpoint gave no token"));
      }
      long expiresIn = body.getLong("expires_in", 3600L);
      tokenExpiresMillis = clock.millis() + Math.max(0, expiresIn * 1000 - RENEW_BEFORE.toMillis());
      token = t;
      return Future.succeededFuture(t);
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(
          new SourceFailure(NAME + " token endpoint answered a body that is not JSON"));
    }
  }
}
