package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/openapi.yaml is the contract: every answer of a running TFPS (successes and errors) must be
 * one the contract declares for its operation, with a body of the declared shape, and every
 * operation of the contract must be exercised here.
 */
class OpenApiContractIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;
  static Vertx vertx;
  static OpenAPIContract contract;
  static ResponseValidator validator;
  static final Set<String> exercised = new LinkedHashSet<>();

  @BeforeAll
  static void start() throws Exception {
    tfps = TfpsHarness.start(dir, TfpsHarness.embeddedDatabase(dir));
    vertx = Vertx.vertx();
    contract =
        OpenAPIContract.from(vertx, Path.of("docs/openapi.yaml").toAbsolutePath().toString())
            .await(30, TimeUnit.SECONDS);
    validator = ResponseValidator.create(vertx, contract);
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Sends the request and checks the answer against the contract; returns the status. */
  static int check(String method, String path, String token, String body, int expected)
      throws Exception {
    HttpResponse<String> r = Api.send(tfps.tfps.apiPort(), method, path, token, body);
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Operation op = contract.findOperation(bare, HttpMethod.valueOf(method));
    assertThat(op).as("the contract has %s %s", method, bare).isNotNull();
    assertThat(op.getResponse(r.statusCode()) != null || op.getDefaultResponse() != null)
        .as("the contract declares %d for %s", r.statusCode(), op.getOperationId())
        .isTrue();
    Map<String, String> headers = new HashMap<>();
    r.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
    String type = r.headers().firstValue("Content-Type").orElse(null);
    ValidatableResponse v =
        r.body().isEmpty()
            ? ValidatableResponse.create(r.statusCode(), headers)
            : ValidatableResponse.create(
                r.statusCode(),
                headers,
                Buffer.buffer(r.body()),
                type == null ? null : type.split(";")[0]);
    try {
      validator.validate(v, op.getOperationId()).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(
          method
              + " "
              + path
              + " -> "
              + r.statusCode()
              + " does not match the contract of "
              + op.getOperationId()
              + ": "
              + e.getMessage()
              + "\nbody: "
              + r.body(),
          e);
    }
    exercised.add(op.getOperationId());
    return r.statusCode();
  }

  static String account(String a) {
    return "/v1/accounts/" + URLEncoder.encode(a, StandardCharsets.UTF_8);
  }

  @Test
  void everyAnswerIsOneTheContractDeclares() throws Exception {
    String t = TfpsHarness.TEST_TOKEN;
    check("GET", "/health", null, null, 200);
    check("GET", "/health/ready", null, null, 200);
    check("GET", "/v1/status", t, null, 200);
    check("GET", "/v1/status", null, null, 401);
    check("GET", "/v1/config", t, null, 200);
    check("GET", "/metrics", t, null, 200);
    check("GET", "/v1/stats", t, null, 200);

    String a = "8001@pbx.example.com";
    check(
        "POST",
        "/v1/accounts",
        t,
        "{\"account\":\"" + a + "\",\"pin\":\"1234\",\"limits\":{\"callsPerDay\":{\"total\":9}}}",
        201);
    check("POST", "/v1/accounts", t, "{\"account\":\"" + a + "\"}", 409);
    check("POST", "/v1/accounts", t, "{\"account\":\"x@y\",\"homeCountry\":\"ZZ\"}", 400);
    check("POST", "/v1/accounts", t, "x".repeat(70_000), 413);
    check("GET", "/v1/accounts?limit=1", t, null, 200);
    check("POST", account("8009@pbx.example.com") + "/block", t, "{\"minutes\":5}", 200);
    // The block reaches the database through the journal: wait until the listing shows it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Api.send(tfps.tfps.apiPort(), "GET", "/v1/accounts?blocked=true", t, null)
            .body()
            .contains("8009@")
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    check("GET", "/v1/accounts?blocked=true", t, null, 200);
    check("GET", "/v1/accounts?limit=0", t, null, 400);
    check("GET", account(a), t, null, 200);
    check("GET", account("nobody@pbx.example.com"), t, null, 200);
    check("PUT", account("8002@pbx.example.com"), t, "{\"timeZone\":\"UTC\"}", 201);
    check("PUT", account("8002@pbx.example.com"), t, "{\"timeZone\":\"UTC\"}", 200);
    check("PATCH", account(a), t, "{\"homeCountry\":\"GB\"}", 200);
    check("PATCH", account("nobody@pbx.example.com"), t, "{}", 404);
    check("POST", account(a) + "/block", t, "{\"minutes\":5}", 200);
    check("POST", account(a) + "/unblock", t, null, 200);
    check("POST", account(a) + "/monitor", t, null, 200);
    check("POST", account(a) + "/enforce", t, null, 200);
    check("POST", account(a) + "/reset", t, null, 200);
    check("DELETE", account(a) + "/calls/no-such-call", t, null, 404);

    check(
        "GET",
        "/v1/decide?dialed_number=%2B12125550101&from_user=8003&domain=pbx.example.com",
        t,
        null,
        200);
    check(
        "POST",
        "/v1/decide",
        t,
        "{\"account\":\"8003@pbx.example.com\",\"dialed\":\"+5312345678\",\"callId\":\"oa-1\"}",
        200);
    check("POST", "/v1/decide", t, "{\"dialed\":\"+5312345678\"}", 400);
    check(
        "POST",
        "/v1/cdrs",
        t,
        "{\"call_id\":\"no-such\",\"account\":\"8003@pbx.example.com\"}",
        404);
    check("POST", "/v1/cdrs", t, "{\"account\":\"8003@pbx.example.com\"}", 400);
    check(
        "POST",
        "/v1/cdrs/import?format=generic&zone=UTC",
        t,
        "account,destination,start,duration,disposition\n"
            + "8004@pbx.example.com,+442079460123,2026-09-01T09:00:00Z,60,ANSWERED\n"
            + "8004@pbx.example.com,+442079460124,not-a-time,60,ANSWERED\n",
        200);
    check("POST", "/v1/cdrs/import?format=nope", t, "x", 400);
    check(
        "POST",
        "/v1/cdrs/replay?format=generic&from=2026-09-01T00:00:00Z",
        t,
        "account,destination,start,duration,disposition\n"
            + "8005@pbx.example.com,+5372345678,2026-09-01T09:00:00Z,60,ANSWERED\n",
        200);
    check("POST", "/v1/cdrs/replay?from=yesterday", t, "x", 400);
    check("GET", "/v1/events?limit=5", t, null, 200);
    check("GET", "/v1/events?kind=operator&limit=5", t, null, 200);
    check("GET", "/v1/honeypot/events?limit=5", t, null, 200);
    check("GET", "/v1/events?since=yesterday", t, null, 400);

    check("POST", account(a) + "/authorized", t, "{\"destination\":\"CU\"}", 201);
    check("POST", account(a) + "/authorized", t, "{\"destination\":\"XX\"}", 400);
    check("DELETE", account(a) + "/authorized/CU", t, null, 204);
    check("DELETE", account(a) + "/authorized/CU", t, null, 404);
    check("POST", account(a) + "/blocked-destinations", t, "{\"destination\":\"+1900\"}", 201);
    check("DELETE", account(a) + "/blocked-destinations/%2B1900", t, null, 204);
    check("GET", "/v1/data", t, null, 200);
    check("GET", "/v1/data/ranges", t, null, 200);
    check("PUT", "/v1/data/ranges", t, "+881,Satellite,deny\n", 409);
    check("PUT", "/v1/data/nope", t, "x", 404);
    check("GET", "/api/phone-numbers/%2B8816123456", t, null, 404);
    check("GET", "/api/phone-numbers/abc", t, null, 400);
    check("GET", "/api/ip-addresses/198.51.100.1", t, null, 404);
    check(
        "POST",
        "/v1/decide",
        t,
        "{\"account\":\"8004@pbx.example.com\",\"dialed\":\"+8816123456\"}",
        200);
    check("GET", "/api/phone-numbers/%2B8816123456", t, null, 200);
    check("DELETE", account("8002@pbx.example.com"), t, null, 204);
    check("DELETE", account("8002@pbx.example.com"), t, null, 404);

    List<String> all = contract.operations().stream().map(Operation::getOperationId).toList();
    // The stream never ends by itself: tested in ProvisioningIT, declared in the contract.
    Set<String> missing = new LinkedHashSet<>(all);
    missing.removeAll(exercised);
    missing.removeIf(id -> contract.operation(id).getOpenAPIPath().endsWith("/stream"));
    assertThat(missing).as("operations of the contract this test never exercised").isEmpty();
  }
}
