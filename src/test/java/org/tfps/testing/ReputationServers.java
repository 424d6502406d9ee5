package org.tfps.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One local HTTP server (127.0.0.1) that speaks the documented request and response formats of
 * AbuseIPDB's v2 check endpoint, APIBAN's paged {@code /get}, SentryPeer's OAuth2 token endpoint
 * and look-ups, and a plain address list; each endpoint can be switched to misbehave (slow, 500,
 * 429, malformed JSON, never answering) and counts the requests it got.
 */
public final class ReputationServers implements AutoCloseable {

  /** How an endpoint answers. */
  public enum Mode {
    NORMAL,
    SLOW,
    ERROR_500,
    RATE_LIMITED,
    MALFORMED,
    HANG
  }

  public static final String ABUSEIPDB_KEY = "abuseipdb-test-key-5d1e";
  public static final String APIBAN_KEY = "apiban-test-key-93af";
  public static final String SENTRYPEER_ID = "sentrypeer-test-client";
  public static final String SENTRYPEER_SECRET = "sentrypeer-test-secret-7c2b";

  private final Vertx vertx;
  private final HttpServer server;
  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, Integer> scores = new ConcurrentHashMap<>();
  private final Set<String> seenNumbers = ConcurrentHashMap.newKeySet();
  private final Set<String> seenAddresses = ConcurrentHashMap.newKeySet();
  private final List<String> banned = new CopyOnWriteArrayList<>();
  private final List<String> apiBanIds = new CopyOnWriteArrayList<>();
  private final List<String> tokens = new CopyOnWriteArrayList<>();
  private volatile String listBody = "";
  private volatile long slowMillis = 500;
  private volatile int retryAfterSeconds = 30;
  private volatile int tokenLifetimeSeconds = 3600;

  private ReputationServers(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts the server on a free port of 127.0.0.1. */
  public static ReputationServers start(Vertx vertx) throws Exception {
    Router router = Router.router(vertx);
    ReputationServers[] self = new ReputationServers[1];
    router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
    router.get("/api/v2/check").handler(ctx -> self[0].abuseIpDb(ctx));
    router.post("/api/get").handler(ctx -> self[0].apiBan(ctx));
    router.post("/oauth/token").handler(ctx -> self[0].token(ctx));
    router.get("/api/phone-numbers/:n").handler(ctx -> self[0].sentryPeer(ctx, "numbers"));
    router.get("/api/ip-addresses/:ip").handler(ctx -> self[0].sentryPeer(ctx, "addresses"));
    router.get("/list.txt").handler(ctx -> self[0].list(ctx));
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    self[0] = new ReputationServers(vertx, server);
    return self[0];
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Switches an endpoint ("abuseipdb", "apiban", "token", "numbers", "addresses", "list"). */
  public ReputationServers mode(String endpoint, Mode mode) {
    modes.put(endpoint, mode);
    return this;
  }

  public ReputationServers slowMillis(long millis) {
    slowMillis = millis;
    return this;
  }

  public ReputationServers retryAfter(int seconds) {
    retryAfterSeconds = seconds;
    return this;
  }

  public ReputationServers tokenLifetime(int seconds) {
    tokenLifetimeSeconds = seconds;
    return this;
  }

  public ReputationServers score(String ip, int score) {
    scores.put(ip, score);
    return this;
  }

  public ReputationServers seenNumber(String digits) {
    seenNumbers.add(digits);
    return this;
  }

  public ReputationServers seenAddress(String ip) {
    seenAddresses.add(ip);
    return this;
  }

  /** Adds addresses to APIBAN's list (served 2 a page, so paging is exercised). */
  public ReputationServers ban(String... ips) {
    banned.addAll(List.of(ips));
    return this;
  }

  public ReputationServers listBody(String body) {
    listBody = body;
    return this;
  }

  /** Requests an endpoint got. */
  public int count(String endpoint) {
    AtomicInteger c = counts.get(endpoint);
    return c == null ? 0 : c.get();
  }

  /** The IDs APIBAN was asked from, in order. */
  public List<String> apiBanIds() {
    return List.copyOf(apiBanIds);
  }

  /** Answers per the endpoint's mode; true when the handler should answer normally. */
  private boolean misbehave(String endpoint, RoutingContext ctx, Runnable normal) {
    counts.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
    HttpServerResponse r = ctx.response();
    switch (modes.getOrDefault(endpoint, Mode.NORMAL)) {
      case NORMAL -> {
        return true;
      }
      case SLOW -> vertx.setTimer(slowMillis, t -> normal.run());
      case ERROR_500 -> r.setStatusCode(500).end("internal error");
      case RATE_LIMITED ->
          r.setStatusCode(429)
              .putHeader("Retry-After", Integer.toString(retryAfterSeconds))
              .putHeader("Content-Type", "application/json")
              .end(
                  new JsonObject()
                      .put(
                          "errors",
                          new JsonArray()
                              .add(
                                  new JsonObject()
                                      .put("detail", "Daily rate limit exceeded")
                                      .put("status", 429)))
                      .encode());
      case MALFORMED ->
          r.setStatusCode(200).putHeader("Content-Type", "application/json").end("{\"data\": [");
      case HANG -> {
        // never answers; the client's timeout ends it
      }
    }
    return false;
  }

  private void abuseIpDb(RoutingContext ctx) {
    Runnable answer =
        () -> {
          if (!ABUSEIPDB_KEY.equals(ctx.request().getHeader("Key"))) {
            json(ctx, 401, new JsonObject().put("errors", new JsonArray().add("unauthorized")));
            return;
          }
          String ip = ctx.queryParams().get("ipAddress");
          if (ip == null || ctx.queryParams().get("maxAgeInDays") == null) {
            json(ctx, 422, new JsonObject().put("errors", new JsonArray().add("ipAddress")));
            return;
          }
          json(
              ctx,
              200,
              new JsonObject()
                  .put(
                      "data",
                      new JsonObject()
                          .put("ipAddress", ip)
                          .put("isPublic", true)
                          .put("isWhitelisted", false)
                          .put("abuseConfidenceScore", scores.getOrDefault(ip, 0))
                          .put("countryCode", "NL")
                          .put("totalReports", scores.containsKey(ip) ? 12 : 0)));
        };
    if (misbehave("abuseipdb", ctx, answer)) {
      answer.run();
    }
  }

  private void apiBan(RoutingContext ctx) {
    Runnable answer =
        () -> {
          if (!("Bearer " + APIBAN_KEY).equals(ctx.request().getHeader("Authorization"))) {
            json(
                ctx,
                400,
                new JsonObject().put("ipaddress", "unauthorized").put("ID", "unauthorized"));
            return;
          }
          JsonObject q = ctx.body().asJsonObject();
          String id = q.getString("id");
          apiBanIds.add(id);
          // IDs are positions in the list plus 1000; "100" asks for the whole list.
          int from = id.equals("100") ? 0 : Integer.parseInt(id) - 1000;
          if (from >= banned.size()) {
            json(
                ctx,
                400,
                new JsonObject()
                    .put("ipaddress", new JsonArray().add("no new bans"))
                    .put("ID", "none"));
            return;
          }
          int to = Math.min(from + 2, banned.size());
          json(
              ctx,
              200,
              new JsonObject()
                  .put("ipaddress", new JsonArray(new ArrayList<>(banned.subList(from, to))))
                  .put("ID", Integer.toString(1000 + to)));
        };
    if (misbehave("apiban", ctx, answer)) {
      answer.run();
    }
  }

  private void token(RoutingContext ctx) {
    Runnable answer =
        () -> {
          JsonObject q = ctx.body().asJsonObject();
          if (q == null
              || !"client_credentials".equals(q.getString("grant_type"))
              || !SENTRYPEER_ID.equals(q.getString("client_id"))
              || !SENTRYPEER_SECRET.equals(q.getString("client_secret"))) {
            json(ctx, 401, new JsonObject().put("error", "access_denied"));
            return;
          }
          String token = "tok-" + (tokens.size() + 1);
          tokens.add(token);
          json(
              ctx,
              200,
              new JsonObject()
                  .put("access_token", token)
                  .put("expires_in", tokenLifetimeSeconds)
                  .put("token_type", "Bearer"));
        };
    if (misbehave("token", ctx, answer)) {
      answer.run();
    }
  }

  private void sentryPeer(RoutingContext ctx, String endpoint) {
    Runnable answer =
        () -> {
          String auth = ctx.request().getHeader("Authorization");
          if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            json(ctx, 401, new JsonObject().put("message", "Unauthorized"));
            return;
          }
          boolean numbers = endpoint.equals("numbers");
          String key = numbers ? ctx.pathParam("n") : ctx.pathParam("ip");
          boolean seen = numbers ? seenNumbers.contains(key) : seenAddresses.contains(key);
          if (!seen) {
            json(
                ctx,
                404,
                new JsonObject()
                    .put("message", numbers ? "No phone number found" : "No bad actor found"));
          } else if (numbers) {
            json(ctx, 200, new JsonObject().put("phone_number_found", key));
          } else {
            json(ctx, 200, new JsonObject().put("bad_actor_found", key));
          }
        };
    if (misbehave(endpoint, ctx, answer)) {
      answer.run();
    }
  }

  private void list(RoutingContext ctx) {
    Runnable answer = () -> ctx.response().putHeader("Content-Type", "text/plain").end(listBody);
    if (misbehave("list", ctx, answer)) {
      answer.run();
    }
  }

  /** Tokens the token endpoint gave out. */
  public int tokensIssued() {
    return tokens.size();
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(body.encode());
    }
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
