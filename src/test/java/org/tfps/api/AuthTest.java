package org.tfps.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tfps.config.TfpsConfig;

/** The bearer check on a real HTTP server: 401, 403, and 429 for a source that keeps failing. */
class AuthTest {

  static final String GOOD = "good-token-0123456789";

  Vertx vertx;
  HttpServer server;
  final AtomicLong now = new AtomicLong(1_000_000);

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Auth auth =
        new Auth(
            ApiTokens.of(
                List.of(new TfpsConfig.ApiToken("reader", Set.of("read"), ApiTokens.sha256(GOOD)))),
            3,
            now::get);
    Router router = Router.router(vertx);
    router.get("/read").handler(auth.require("read")).handler(ctx -> ctx.end("ok"));
    router.get("/write").handler(auth.require("provision")).handler(ctx -> ctx.end("ok"));
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTokenPassesOnlyWhereItsScopeAllows() throws Exception {
    assertThat(get("/read", GOOD).body()).isEqualTo("ok");
    assertThat(get("/write", GOOD).statusCode()).isEqualTo(403);
    assertThat(get("/read", null).statusCode()).isEqualTo(401);
    // "bearer" is case-insensitive (RFC 6750 follows RFC 7235).
    HttpRequest lower =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/read"))
            .header("Authorization", "bearer " + GOOD)
            .build();
    assertThat(
            HttpClient.newHttpClient()
                .send(lower, HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aSourceThatKeepsFailingWaitsForTheMinuteToEnd() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(get("/read", "guess-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> throttled = get("/read", "guess-4");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");
    // Even the right token waits: guessing must stop paying.
    now.addAndGet(30_000);
    HttpResponse<String> still = get("/read", GOOD);
    assertThat(still.statusCode()).isEqualTo(429);
    assertThat(still.headers().firstValue("Retry-After")).hasValue("30");
    now.addAndGet(30_000);
    assertThat(get("/read", GOOD).statusCode()).isEqualTo(200);
  }

  @Test
  void requestsWithoutCredentialsAreRefusedButNeverThrottled() throws Exception {
    // A poster that waits for the challenge sends each request once without credentials.
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> challenged = get("/read", null);
      assertThat(challenged.statusCode()).isEqualTo(401);
      assertThat(challenged.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"tfps\", Basic realm=\"tfps\"");
      assertThat(get("/read", GOOD).statusCode()).isEqualTo(200);
    }
  }
}
