package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning over the API with the embedded MariaDB: an account's own limits and blocks decide
 * its SIP calls, the API refuses bad input naming the field and tokens without the scope, and
 * accounts, blocks and unblocks come back after a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisioningIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  static final String READER = "tfps_it-reader-token-not-a-secret-002";

  /** 6101 may make 2 calls a day (the defaults of the harness: no limit). */
  static final String LIMITED = "6101@pbx.example.com";

  static String config() {
    return TfpsHarness.embeddedDatabase(dir)
        + "tfps.api.tokens += { name = reader, scopes = [read], sha256 = \""
        + org.tfps.api.ApiTokens.sha256(READER)
        + "\" }\n";
  }

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    tfps = TfpsHarness.start(dir, config());
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  static HttpResponse<String> api(String method, String path, String body) throws Exception {
    return Api.send(tfps.tfps.apiPort(), method, path, TfpsHarness.TEST_TOKEN, body);
  }

  static String path(String account) {
    return "/v1/accounts/" + URLEncoder.encode(account, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One call of {@code cid} to a US number: the code of its verdict, or "allow". */
  static String call(String cid, String... codes) throws Exception {
    long[] before = new long[codes.length];
    for (int i = 0; i < codes.length; i++) {
      before[i] = tfps.metric("tfps_verdicts_total{code=\"" + codes[i] + "\"}");
    }
    Sipp.ptfps(tfps.sipPort, dir, "+12125550101", cid, "-");
    for (int i = 0; i < codes.length; i++) {
      if (tfps.metric("tfps_verdicts_total{code=\"" + codes[i] + "\"}") > before[i]) {
        return codes[i];
      }
    }
    return "allow";
  }

  @Test
  @Order(1)
  void tokensNeedTheirScope() throws Exception {
    int port = tfps.tfps.apiPort();
    HttpResponse<String> none = Api.send(port, "GET", "/v1/accounts", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"tfps\", Basic realm=\"tfps\"");
    assertThat(new JsonObject(none.body()).getString("type")).endsWith("/unauthorized");
    assertThat(Api.send(port, "GET", "/v1/accounts", READER, null).statusCode()).isEqualTo(200);
    HttpResponse<String> write =
        Api.send(port, "POST", "/v1/accounts", READER, "{\"account\":\"x@y.example\"}");
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.body()).contains("reader", "provision");
    assertThat(Api.send(port, "POST", "/v1/cdrs", READER, "{}").statusCode()).isEqualTo(403);
    assertThat(Api.send(port, "GET", "/health", null, null).statusCode()).isEqualTo(200);
    assertThat(Api.send(port, "GET", "/v1/config", READER, null).statusCode()).isEqualTo(403);
    JsonObject config = new JsonObject(api("GET", "/v1/config", null).body());
    assertThat(config.getJsonObject("api").getJsonArray("tokens").encode())
        .contains("reader", "(redacted)")
        .doesNotContain(org.tfps.api.ApiTokens.sha256(READER));
  }

  @Test
  @Order(2)
  void anAccountsOwnLimitDecidesItsCalls() throws Exception {
    HttpResponse<String> created =
        api(
            "POST",
            "/v1/accounts",
            new JsonObject()
                .put("account", "6101@PBX.example.com")
                .put("timeZone", "Europe/Paris")
                .put(
                    "limits", new JsonObject().put("callsPerDay", new JsonObject().put("total", 2)))
                .put(
                    "contacts",
                    new JsonObject().put("emails", new JsonArray().add("noc@example.net")))
                .encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject body = new JsonObject(created.body());
    // The domain is read in lower case, as TFPS reads it from SIP.
    assertThat(body.getString("account")).isEqualTo(LIMITED);
    assertThat(body.getJsonObject("limits").getJsonObject("callsPerDay").getInteger("total"))
        .isEqualTo(2);
    assertThat(body.getJsonObject("limits").getJsonObject("callsPerDay").getValue("offHours"))
        .isNull();
    assertThat(api("POST", "/v1/accounts", "{\"account\":\"" + LIMITED + "\"}").statusCode())
        .isEqualTo(409);

    assertThat(call("6101", "R11")).isEqualTo("allow");
    assertThat(call("6101", "R11")).isEqualTo("allow");
    assertThat(call("6101", "R11")).isEqualTo("R11");
    // Another account keeps the defaults (no daily limit in the harness).
    assertThat(call("6102", "R11")).isEqualTo("allow");

    JsonObject shown = new JsonObject(api("GET", path(LIMITED), null).body());
    assertThat(shown.getBoolean("provisioned")).isTrue();
    assertThat(shown.getJsonObject("state").getInteger("callsToday")).isEqualTo(3);
    assertThat(shown.getJsonObject("effective").getString("timeZone")).isEqualTo("Europe/Paris");

    // An operator's reset starts the day's quota again.
    assertThat(api("POST", path(LIMITED) + "/reset", null).statusCode()).isEqualTo(200);
    assertThat(call("6101", "R11")).isEqualTo("allow");
  }

  @Test
  @Order(3)
  void thePinIsKeptHashedAndNeverShown() throws Exception {
    HttpResponse<String> r = api("PATCH", path(LIMITED), "{\"pin\":\"739150284613\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("739150284613").contains("\"hasPin\":true");
    String hash =
        tfps.tfps
            .store()
            .pool()
            .preparedQuery("SELECT pin_hash FROM accounts WHERE account = ?")
            .execute(io.vertx.sqlclient.Tuple.of(LIMITED))
            .await(10, TimeUnit.SECONDS)
            .iterator()
            .next()
            .getString(0);
    assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain("739150284613");
    assertThat(org.tfps.decision.Pins.matches("739150284613", hash)).isTrue();
    // A GET body put back keeps the PIN it does not show.
    JsonObject shown = new JsonObject(api("GET", path(LIMITED), null).body());
    assertThat(api("PUT", path(LIMITED), shown.encode()).statusCode()).isEqualTo(200);
    assertThat(new JsonObject(api("GET", path(LIMITED), null).body()).getBoolean("hasPin"))
        .isTrue();
  }

  @Test
  @Order(4)
  void badInputIsRefusedNamingTheField() throws Exception {
    String[][] cases = {
      {"{\"account\":\"6201@pbx.example.com\",\"homeCountry\":\"XX\"}", "homeCountry"},
      {"{\"account\":\"6201@pbx.example.com\",\"colour\":\"red\"}", "colour"},
      {
        "{\"account\":\"6201@pbx.example.com\",\"limits\":{\"callsPerDay\":{\"total\":-1}}}",
        "limits.callsPerDay.total"
      },
      {"{\"account\":\"6201@pbx.example.com\",\"timeZone\":\"Mars/Olympus\"}", "timeZone"},
      {"{\"account\":\"6201@pbx.example.com\",\"pin\":\"12\"}", "pin"},
      {"{\"account\":\"no-domain\"}", "account"},
      {"{\"account\":\"6201@pbx.example.com\",\"businessHours\":[\"every day\"]}", "businessHours"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = api("POST", "/v1/accounts", c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(new JsonObject(r.body()).getString("detail")).as(c[0]).contains("'" + c[1] + "'");
    }
    assertThat(api("POST", "/v1/accounts", "{not json").statusCode()).isEqualTo(400);
    assertThat(api("POST", "/v1/accounts", "x".repeat(70_000)).statusCode()).isEqualTo(413);
    assertThat(api("PATCH", path("nobody@pbx.example.com"), "{}").statusCode()).isEqualTo(404);
    assertThat(api("DELETE", path("nobody@pbx.example.com"), null).statusCode()).isEqualTo(404);
    assertThat(api("GET", "/v1/accounts?limit=0", null).statusCode()).isEqualTo(400);
    // JSON sent as a form (curl -d), larger than Netty's form buffer: read as JSON all the same.
    HttpResponse<String> form =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + tfps.tfps.apiPort() + "/v1/cdrs"))
                    .header(
                        "Authorization",
                        "Basic "
                            + java.util.Base64.getEncoder()
                                .encodeToString(
                                    ("freeswitch:" + TfpsHarness.TEST_TOKEN)
                                        .getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            new JsonObject()
                                .put("call_id", "no-such-call")
                                .put("account", "6001@pbx.example.com")
                                .put("padding", "x".repeat(4000))
                                .encode()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).as(form.body()).isEqualTo(404);
    assertThat(form.body()).contains("unknown-call");
    // A block with no body at all over HTTP/1.1 takes the defaults.
    HttpResponse<String> bare =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + tfps.tfps.apiPort()
                                + path("6202@pbx.example.com")
                                + "/block"))
                    .header("Authorization", "Bearer " + TfpsHarness.TEST_TOKEN)
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(bare.statusCode()).as(bare.body()).isEqualTo(200);
    assertThat(api("POST", path("6202@pbx.example.com") + "/unblock", null).statusCode())
        .isEqualTo(200);
    assertThat(
            api("POST", path("6202@pbx.example.com") + "/block", "{\"minutes\":1.5}").statusCode())
        .isEqualTo(400);
    HttpResponse<String> longPrefixes =
        api(
            "PUT",
            path("6202@pbx.example.com"),
            "{\"internationalPrefixes\":[\"000001\",\"000002\",\"000003\",\"000004\",\"000005\",\"000006\",\"000007\",\"000008\",\"000009\",\"000010\"]}");
    assertThat(longPrefixes.statusCode()).isEqualTo(400);
    assertThat(longPrefixes.body()).contains("internationalPrefixes");
  }

  @Test
  @Order(5)
  void hostileNamesRoundTripVerbatim() throws Exception {
    String name = "o'); DROP TABLE accounts;-- \"<script>\r\n@pbx.example.com";
    // A control character in an account is refused, the rest is kept as it is.
    assertThat(api("PUT", path(name), "{}").statusCode()).isEqualTo(400);
    String hostile = "o'); DROP TABLE accounts;-- \"<script>%00@pbx.example.com";
    HttpResponse<String> r =
        api("PUT", path(hostile), "{\"contacts\":{\"emails\":[\"a'--@example.net\"]}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject back = new JsonObject(api("GET", path(hostile), null).body());
    assertThat(back.getString("account")).isEqualTo(hostile);
    assertThat(back.getJsonObject("contacts").getJsonArray("emails").getString(0))
        .isEqualTo("a'--@example.net");
    JsonObject page =
        new JsonObject(
            api(
                    "GET",
                    "/v1/accounts?prefix=" + URLEncoder.encode("o')", StandardCharsets.UTF_8),
                    null)
                .body());
    assertThat(page.getJsonArray("accounts")).hasSize(1);
    assertThat(api("DELETE", path(hostile), null).statusCode()).isEqualTo(204);
    assertThat(new JsonObject(api("GET", path(hostile), null).body()).getBoolean("provisioned"))
        .isFalse();
  }

  @Test
  @Order(6)
  void blockAndUnblockDecideCallsAndAreAudited() throws Exception {
    HttpResponse<String> b =
        api(
            "POST",
            path("6301@pbx.example.com") + "/block",
            "{\"reason\":\"fraud desk\",\"minutes\":30}");
    assertThat(b.statusCode()).as(b.body()).isEqualTo(200);
    assertThat(call("6301", "R13")).isEqualTo("R13");
    assertThat(api("POST", path("6301@pbx.example.com") + "/unblock", null).statusCode())
        .isEqualTo(200);
    assertThat(call("6301", "R13")).isEqualTo("allow");
    // 6302 stays blocked across the restart below.
    assertThat(api("POST", path("6302@pbx.example.com") + "/block", null).statusCode())
        .isEqualTo(200);

    JsonArray events = new JsonArray();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (events.size() < 2 && System.nanoTime() < deadline) {
      events =
          new JsonObject(api("GET", "/v1/events?account=6301%40pbx.example.com", null).body())
              .getJsonArray("events");
      TimeUnit.MILLISECONDS.sleep(200);
    }
    assertThat(events.stream().map(e -> ((JsonObject) e).getString("rule")))
        .contains("block", "unblock");
    assertThat(events.encode()).contains("by token it");
    JsonArray blocked =
        new JsonObject(api("GET", "/v1/accounts?blocked=true", null).body())
            .getJsonArray("accounts");
    assertThat(blocked.stream().map(x -> ((JsonObject) x).getString("account")))
        .contains("6302@pbx.example.com")
        .doesNotContain("6301@pbx.example.com");
    assertThat(api("GET", "/v1/accounts?blocked=true&prefix=6302", null).body())
        .contains("6302@pbx.example.com");
    assertThat(api("GET", "/v1/accounts?blocked=true&prefix=9", null).body())
        .doesNotContain("6302@pbx.example.com");
  }

  @Test
  @Order(7)
  void accountsAndBlocksComeBackAfterARestart() throws Exception {
    tfps.close();
    tfps = null;
    tfps = TfpsHarness.start(dir, config());
    JsonObject shown = new JsonObject(api("GET", path(LIMITED), null).body());
    assertThat(shown.getBoolean("provisioned")).isTrue();
    assertThat(shown.getBoolean("hasPin")).isTrue();
    assertThat(call("6302", "R13")).isEqualTo("R13");
    assertThat(call("6301", "R13")).isEqualTo("allow");
    // The reset zeroed the kept quota: 1 call since, the limit is 2.
    assertThat(call("6101", "R11")).isEqualTo("allow");
    assertThat(call("6101", "R11")).isEqualTo("R11");
  }

  @Test
  @Order(8)
  void callsAreDecidedOverHttpToo() throws Exception {
    long r06 = tfps.metric("tfps_verdicts_total{code=\"R06\"}");
    // TFPS v2's query names.
    HttpResponse<String> v2 =
        api(
            "GET",
            "/v1/decide?dialed_number=01153123456789&from_user=6401&domain=PBX.example.com"
                + "&source_ip=192.0.2.1&user_agent=Asterisk&sim_calls=0",
            null);
    assertThat(v2.statusCode()).as(v2.body()).isEqualTo(200);
    JsonObject deny = new JsonObject(v2.body());
    assertThat(deny.getString("action")).isEqualTo("deny");
    assertThat(deny.getString("code")).isEqualTo("R06");
    assertThat(deny.getString("account")).isEqualTo("6401@pbx.example.com");
    assertThat(deny.getJsonObject("destination").getString("country")).isEqualTo("CU");
    assertThat(tfps.metric("tfps_verdicts_total{code=\"R06\"}")).isEqualTo(r06 + 1);

    HttpResponse<String> post =
        api(
            "POST",
            "/v1/decide",
            "{\"account\":\"6401@pbx.example.com\",\"dialed\":\"+12125550101\",\"callId\":\"http-1\"}");
    JsonObject allow = new JsonObject(post.body());
    assertThat(allow.getString("action")).isEqualTo("allow");
    assertThat(allow.getString("callId")).isEqualTo("http-1");
    // The allowed call holds a lease like one decided over SIP: a call record ends it.
    assertThat(api("DELETE", path("6401@pbx.example.com") + "/calls/http-1", null).statusCode())
        .isEqualTo(200);

    JsonObject stats = new JsonObject(api("GET", "/v1/stats", null).body());
    assertThat(stats.getJsonArray("topAccounts").encode()).contains("6401@pbx.example.com");
    assertThat(stats.getLong("callsLastHour")).isGreaterThanOrEqualTo(2);
    assertThat(stats.getJsonObject("decisionSeconds").getDouble("p99")).isPositive();
    HttpResponse<String> missing = api("GET", "/v1/decide?from_user=6401&domain=x.example", null);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("dialed");
    assertThat(
            Api.send(tfps.tfps.apiPort(), "GET", "/v1/decide?dialed=1&account=a@b", READER, null)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  @Order(9)
  void eventsAreStreamedAsTheyHappen() throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(
                    "http://127.0.0.1:" + tfps.tfps.apiPort() + "/v1/events/stream?code=R06"))
            .header("Authorization", "Bearer " + TfpsHarness.TEST_TOKEN)
            .build();
    var lines =
        java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(lines.statusCode()).isEqualTo(200);
    assertThat(lines.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    var it = lines.body().iterator();
    assertThat(it.next()).isEqualTo(": tfps events");
    // An allowed call is no event; a denied one (R06) is, and only it passes the filter.
    api("GET", "/v1/decide?dialed=%2B12125550101&account=6501@pbx.example.com", null);
    api("GET", "/v1/decide?dialed=%2B5312345678&account=6501@pbx.example.com", null);
    java.util.concurrent.CompletableFuture<String> data =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data: ")) {
                  return line.substring(6);
                }
              }
              return null;
            });
    JsonObject event = new JsonObject(data.get(20, TimeUnit.SECONDS));
    assertThat(event.getString("code")).isEqualTo("R06");
    assertThat(event.getString("account")).isEqualTo("6501@pbx.example.com");
    assertThat(event.getString("kind")).isEqualTo("verdict");
    assertThat(event.getString("eventId")).isNotBlank();
    lines.body().close();
  }

  /** The verdict code TFPS gives {@code account} calling {@code number} over HTTP. */
  static String decide(String account, String number) throws Exception {
    return new JsonObject(
            api(
                    "POST",
                    "/v1/decide",
                    new JsonObject().put("account", account).put("dialed", number).encode())
                .body())
        .getString("code");
  }

  @Test
  @Order(10)
  void anAccountsOwnDestinationListsDecideAndSurviveARestart() throws Exception {
    String a = "6601@pbx.example.com";
    assertThat(decide(a, "+5312345678")).isEqualTo("R06");
    HttpResponse<String> auth = api("POST", path(a) + "/authorized", "{\"destination\":\"cu\"}");
    assertThat(auth.statusCode()).as(auth.body()).isEqualTo(201);
    assertThat(api("POST", path(a) + "/authorized", "{\"destination\":\"CU\"}").statusCode())
        .isEqualTo(200);
    assertThat(decide(a, "+5312345678")).isEqualTo("R00");
    assertThat(decide("6602@pbx.example.com", "+5312345678")).isEqualTo("R06");
    assertThat(
            api("POST", path(a) + "/blocked-destinations", "{\"destination\":\"+1212555\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(decide(a, "+12125550101")).isEqualTo("R27");
    assertThat(decide(a, "+13125550101")).isEqualTo("R00");
    for (String bad : new String[] {"XX", "+53 12", "53", ""}) {
      assertThat(
              api(
                      "POST",
                      path(a) + "/authorized",
                      new JsonObject().put("destination", bad).encode())
                  .statusCode())
          .as(bad)
          .isEqualTo(400);
    }
    // A PUT of the settings keeps the lists (they have their own routes).
    assertThat(api("PUT", path(a), "{\"timeZone\":\"UTC\"}").statusCode()).isEqualTo(200);
    JsonObject shown = new JsonObject(api("GET", path(a), null).body());
    assertThat(shown.getBoolean("provisioned")).isTrue();
    assertThat(shown.getJsonArray("authorizedDestinations").getList()).containsExactly("CU");
    assertThat(shown.getJsonArray("blockedDestinations").getList()).containsExactly("+1212555");

    tfps.close();
    tfps = null;
    tfps = TfpsHarness.start(dir, config());
    assertThat(decide(a, "+5312345678")).isEqualTo("R00");
    assertThat(decide(a, "+12125550101")).isEqualTo("R27");
    assertThat(api("DELETE", path(a) + "/authorized/CU", null).statusCode()).isEqualTo(204);
    assertThat(api("DELETE", path(a) + "/authorized/CU", null).statusCode()).isEqualTo(404);
    assertThat(decide(a, "+5312345678")).isEqualTo("R06");
  }

  @Test
  @Order(11)
  void hostileCallerTextIsKeptVerbatimAndHarmlessly() throws Exception {
    String ua = "sipvicious'); DROP TABLE events;-- <script>alert(1)</script> \"x\" \\ %00";
    String dialed = "+5312345678";
    HttpResponse<String> r =
        api(
            "POST",
            "/v1/decide",
            new JsonObject()
                .put("account", "6701@pbx.example.com")
                .put("dialed", dialed)
                .put("userAgent", ua)
                .put("sourceIp", "192.0.2.7' OR '1'='1")
                .encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // A header-injection attempt is refused, not stored.
    assertThat(
            api(
                    "POST",
                    "/v1/decide",
                    new JsonObject()
                        .put("account", "6701@pbx.example.com")
                        .put("dialed", dialed)
                        .put("userAgent", "x\r\nX-Injected: 1")
                        .encode())
                .statusCode())
        .isEqualTo(400);
    JsonArray events = new JsonArray();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (events.isEmpty() && System.nanoTime() < deadline) {
      events =
          new JsonObject(api("GET", "/v1/events?account=6701%40pbx.example.com", null).body())
              .getJsonArray("events");
      TimeUnit.MILLISECONDS.sleep(200);
    }
    assertThat(events).hasSize(1);
    assertThat(events.getJsonObject(0).getString("userAgent")).isEqualTo(ua);
    assertThat(events.getJsonObject(0).getString("sourceIp")).isEqualTo("192.0.2.7' OR '1'='1");
    assertThat(events.getJsonObject(0).getString("dialed")).isEqualTo(dialed);
  }

  @Test
  @Order(12)
  void sentryPeerLookUpsAnswerFromWhatTfpsCaught() throws Exception {
    // A call to a satellite range (R20) and one from a scanner (R01) teach TFPS an attacker's
    // number and address.
    decide("6901@pbx.example.com", "+8816123456");
    api(
        "POST",
        "/v1/decide",
        new JsonObject()
            .put("account", "6902@pbx.example.com")
            .put("dialed", "+12125550101")
            .put("userAgent", "friendly-scanner")
            .put("sourceIp", "203.0.113.9")
            .encode());
    assertThat(api("GET", "/api/phone-numbers/%2B8816123456", null).body())
        .isEqualTo("{\"phone_number_found\":\"+8816123456\"}");
    assertThat(api("GET", "/api/phone-numbers/8816123456", null).statusCode()).isEqualTo(200);
    HttpResponse<String> unknown = api("GET", "/api/phone-numbers/%2B12125550101", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("{\"message\":\"No phone number found\"}");
    assertThat(api("GET", "/api/phone-numbers/abc", null).statusCode()).isEqualTo(400);
    assertThat(api("GET", "/api/ip-addresses/203.0.113.9", null).body())
        .isEqualTo("{\"bad_actor_found\":\"203.0.113.9\"}");
    assertThat(api("GET", "/api/ip-addresses/198.51.100.1", null).statusCode()).isEqualTo(404);
    assertThat(api("GET", "/api/ip-addresses/not-an-ip", null).statusCode()).isEqualTo(400);

    // Known again after a restart, from the events in the database.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!api("GET", "/v1/events?account=6902%40pbx.example.com", null).body().contains("R01")
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    tfps.close();
    tfps = null;
    tfps = TfpsHarness.start(dir, config());
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (api("GET", "/api/ip-addresses/203.0.113.9", null).statusCode() != 200
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    assertThat(api("GET", "/api/ip-addresses/203.0.113.9", null).statusCode()).isEqualTo(200);
    assertThat(api("GET", "/api/phone-numbers/%2B8816123456", null).statusCode()).isEqualTo(200);
  }
}
