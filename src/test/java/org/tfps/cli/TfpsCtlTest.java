package org.tfps.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * tfpsctl against a stub API on loopback: the request each verb sends (method, raw path, query,
 * Authorization, body), what it prints for people and with --json, and its exit codes.
 */
class TfpsCtlTest {

  private static final String TOKEN = "tfps_Secret-Token_0123456789";

  /** A request the stub received. */
  record Recorded(
      String method,
      String path,
      String query,
      String authorization,
      String contentType,
      String body) {

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** An answer of the stub. */
  record Canned(int status, String contentType, String body, Map<String, String> headers) {}

  @TempDir Path dir;

  private HttpServer server;
  private String url;
  private Path tokenFile;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Canned>> answers = new ConcurrentHashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\nsecond line is ignored\n");
    env.put("TFPS_URL", url);
    env.put("TFPS_TOKEN_FILE", tokenFile.toString());
    env.put(CtlConfig.CONF_ENV, ""); // never the real /etc/tfps/tfpsctl.conf
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
  }

  /** Answers with the next canned answer for "METHOD rawPath" (the last one repeats), else 404. */
  private void handle(HttpExchange ex) throws IOException {
    URI uri = ex.getRequestURI();
    String body = new String(ex.getRequestBody().readAllBytes(), UTF_8);
    requests.add(
        new Recorded(
            ex.getRequestMethod(),
            uri.getRawPath(),
            uri.getRawQuery(),
            ex.getRequestHeaders().getFirst("Authorization"),
            ex.getRequestHeaders().getFirst("Content-Type"),
            body));
    Deque<Canned> queue = answers.get(ex.getRequestMethod() + " " + uri.getRawPath());
    Canned c;
    if (queue == null || queue.isEmpty()) {
      c = problem(404, "not-found", "Not Found", "no route for " + uri.getRawPath());
    } else {
      c = queue.size() > 1 ? queue.poll() : queue.peek();
    }
    ex.getResponseHeaders().set("Content-Type", c.contentType());
    c.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    byte[] bytes = c.body().getBytes(UTF_8);
    ex.sendResponseHeaders(c.status(), c.status() == 204 ? -1 : bytes.length);
    if (c.status() != 204) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  private void answer(String methodAndPath, int status, String json) {
    answer(methodAndPath, new Canned(status, "application/json", json, Map.of()));
  }

  private void answer(String methodAndPath, Canned canned) {
    answers.computeIfAbsent(methodAndPath, k -> new ArrayDeque<>()).add(canned);
  }

  private static Canned problem(int status, String slug, String title, String detail) {
    JsonObject p =
        new JsonObject()
            .put("type", "https://tfps.dev/problems/" + slug)
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    return new Canned(status, "application/problem+json", p.encode(), Map.of());
  }

  private int ctl(String... args) {
    return TfpsCtl.run(
        args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), env);
  }

  /** tfpsctl with {@code input} as its standard input. */
  private int ctlWithInput(String input, String... args) {
    return TfpsCtl.run(
        args,
        new ByteArrayInputStream(input.getBytes(UTF_8)),
        new PrintStream(out, true, UTF_8),
        new PrintStream(err, true, UTF_8),
        env);
  }

  private String out() {
    return out.toString(UTF_8);
  }

  private String err() {
    return err.toString(UTF_8);
  }

  private Recorded only() {
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  // --- accounts -------------------------------------------------------------------------------

  private static final String PAGE =
      """
      {"accounts": [
        {"account": "alice@pbx.example", "homeCountry": "GB", "timeZone": "Europe/London",
         "hasPin": true, "limits": {"callsPerDay": {"total": 5000, "offHours": 300}}},
        {"account": "bob@pbx.example", "hasPin": false,
         "state": {"blocked": {"reason": "R06", "until": "2026-11-22T07:00:00.123Z"}}}
      ], "next": null}\
      """;

  @Test
  void listSendsTheTokenAndPrintsATable() {
    answer("GET /v1/accounts", 200, PAGE);

    assertThat(ctl("list")).isZero();

    Recorded r = only();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.query()).isNull();
    assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(out())
        .isEqualTo(
            """
            ACCOUNT            HOME  TIME ZONE      PIN  CALLS/DAY
            alice@pbx.example  GB    Europe/London  yes  5000
            bob@pbx.example    -     -              no   -
            """);
    assertThat(err()).isEmpty();
  }

  @Test
  void listBlockedAsksForThemAndPrintsReasonAndUntil() {
    answer(
        "GET /v1/accounts",
        200,
        """
        {"accounts": [{"account": "mallory@10.0.0.1",
          "blocked": {"reason": "prefix probing", "until": "2026-11-23T06:00:00Z"}}],
         "next": null}\
        """);

    assertThat(ctl("list", "--blocked", "--prefix", "mal lory", "--limit=2")).isZero();

    assertThat(only().query()).isEqualTo("limit=2&prefix=mal%20lory&blocked=true");
    assertThat(out())
        .isEqualTo(
            """
            ACCOUNT           REASON          UNTIL
            mallory@10.0.0.1  prefix probing  2026-11-23T06:00:00Z
            """);
  }

  @Test
  void listAllFollowsTheNextPages() {
    answer("GET /v1/accounts", 200, "{\"accounts\": [{\"account\": \"a@x\"}], \"next\": \"a@x\"}");
    answer("GET /v1/accounts", 200, "{\"accounts\": [{\"account\": \"b@x\"}], \"next\": null}");

    assertThat(ctl("list", "--all", "--limit", "1", "--json")).isZero();

    assertThat(requests)
        .extracting(Recorded::query)
        .containsExactly("limit=1", "limit=1&after=a%40x");
    JsonObject printed = new JsonObject(out());
    assertThat(printed.getJsonArray("accounts"))
        .extracting(o -> ((JsonObject) o).getString("account"))
        .containsExactly("a@x", "b@x");
    assertThat(printed.getValue("next")).isNull();
  }

  @Test
  void listWithoutAllSaysMoreFollow() {
    answer("GET /v1/accounts", 200, "{\"accounts\": [{\"account\": \"a@x\"}], \"next\": \"a@x\"}");

    assertThat(ctl("list")).isZero();

    assertThat(requests).hasSize(1);
    assertThat(err()).contains("--all");
  }

  @Test
  void jsonPrintsTheApisJsonPretty() {
    answer("GET /v1/accounts", 200, PAGE);

    assertThat(ctl("--json", "list")).isZero();

    assertThat(new JsonObject(out())).isEqualTo(new JsonObject(PAGE));
    assertThat(out()).contains("\n  \"accounts\"");
  }

  @Test
  void showEncodesTheAccountAndListsSettingsAndState() {
    answer(
        "GET /v1/accounts/bob%20smith@pbx.example",
        200,
        """
        {"account": "bob smith@pbx.example", "provisioned": true, "homeCountry": "GB",
         "internationalPrefixes": ["00", "011"], "outsideLinePrefix": "9",
         "timeZone": "Europe/London", "businessHours": ["DTSTART:20200106T080000 A", "B"],
         "limits": {"concurrentCalls": {"business": 30, "offHours": 5}, "maxSpendPerDay": 200.0},
         "hasPin": true, "contacts": {"emails": ["noc@example.net"]},
         "authorizedDestinations": ["+53", "CU"], "blockedDestinations": ["+1900"],
         "createdAt": "2026-11-22T06:00:00Z",
         "state": {"blocked": {"reason": "R06", "until": "2026-11-22T07:00:00Z"},
                   "callsToday": 12, "callsUp": 1, "spendToday": 0.42}}\
        """);

    assertThat(ctl("show", "bob smith@pbx.example")).isZero();

    assertThat(only().path()).isEqualTo("/v1/accounts/bob%20smith@pbx.example");
    assertThat(out())
        .isEqualTo(
            """
            account                  bob smith@pbx.example
            provisioned              yes
            home country             GB
            international prefixes   00, 011
            outside line prefix      9
            time zone                Europe/London
            business hours           DTSTART:20200106T080000 A
                                     B
            pin                      yes
            concurrent calls         business 30, off-hours 5
            calls per minute         -
            calls per day            -
            max rate per minute      -
            max spend per hour       -
            max spend per day        200
            emails                   noc@example.net
            webhooks                 -
            authorized destinations  +53
                                     CU
            blocked destinations     +1900
            created                  2026-11-22T06:00:00Z
            updated                  -
            blocked                  until 2026-11-22T07:00:00Z (R06)
            calls today              12
            calls up                 1
            spend today              0.42
            """);
  }

  @Test
  void showMarksTheEffectiveDefaultsAndABlockWithoutAnEnd() {
    answer(
        "GET /v1/accounts/new@x",
        200,
        """
        {"account": "new@x", "provisioned": false, "homeCountry": null, "hasPin": false,
         "limits": {"callsPerDay": {"total": 50, "offHours": null}},
         "effective": {"homeCountry": "US", "outsideLinePrefix": "", "businessHours": [],
                       "limits": {"callsPerDay": {"total": 50, "offHours": 10},
                                  "maxSpendPerDay": 200.0}},
         "state": {"blocked": {"reason": "R06"}, "callsToday": 0, "callsLastMinute": 0,
                   "callsUp": 0, "spendToday": 0.0, "knownCountries": ["US", "GB"]}}\
        """);

    assertThat(ctl("show", "new@x")).isZero();

    assertThat(out())
        .contains("provisioned              no\n")
        .contains("home country             US (default)\n")
        .contains("outside line prefix      none (default)\n")
        .contains("business hours           always (default)\n")
        .contains("calls per day            total 50, off-hours 10 (default)\n")
        .contains("max spend per day        200 (default)\n")
        .contains("blocked                  yes (R06)\n")
        .contains("calls last minute        0\n")
        .contains("known countries          US, GB\n")
        .contains("authorized destinations  -\n");
  }

  @Test
  void pathSegmentsAreEncoded() {
    assertThat(ApiClient.segment("bob smith@pbx.example")).isEqualTo("bob%20smith@pbx.example");
    assertThat(ApiClient.segment("a/b?c#d+é")).isEqualTo("a%2Fb%3Fc%23d%2B%C3%A9");
    assertThat(ApiClient.segment("..")).isEqualTo("%2E%2E");
  }

  @Test
  void createPostsTheAccountWithItsFields() {
    answer("POST /v1/accounts", 201, "{\"account\": \"alice@pbx.example\"}");

    int code =
        ctl(
            "create",
            "alice@pbx.example",
            "home-country=GB",
            "international-prefixes=00, 011",
            "calls-per-day=500",
            "max-spend-per-hour=12.5",
            "emails=a@x,b@x",
            "pin=4711");

    assertThat(code).isZero();
    Recorded r = only();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v1/accounts");
    assertThat(r.json())
        .isEqualTo(
            new JsonObject(
                """
                {"account": "alice@pbx.example", "homeCountry": "GB",
                 "internationalPrefixes": ["00", "011"],
                 "limits": {"callsPerDay": {"total": 500}, "maxSpendPerHour": 12.5},
                 "contacts": {"emails": ["a@x", "b@x"]}, "pin": "4711"}\
                """));
    assertThat(out()).startsWith("created alice@pbx.example with home-country,");
    assertThat(out() + err()).doesNotContain("4711");
  }

  @Test
  void setPatchesOnlyTheFieldsGivenAndAnEmptyValueResets() {
    answer("PATCH /v1/accounts/alice@pbx.example", 200, "{\"account\": \"alice@pbx.example\"}");

    int code =
        ctl(
            "set",
            "alice@pbx.example",
            "calls-per-day=500",
            "calls-per-day-off-hours=",
            "concurrent-calls-off-hours=3",
            "time-zone=Europe/Paris",
            "outside-line-prefix=none",
            "pin=123456");

    assertThat(code).isZero();
    Recorded r = only();
    assertThat(r.method()).isEqualTo("PATCH");
    JsonObject expected =
        new JsonObject(
            """
            {"limits": {"callsPerDay": {"total": 500, "offHours": null},
                        "concurrentCalls": {"offHours": 3}},
             "timeZone": "Europe/Paris", "outsideLinePrefix": "", "pin": "123456"}\
            """);
    assertThat(r.json()).isEqualTo(expected);
    assertThat(out())
        .isEqualTo(
            "updated alice@pbx.example: calls-per-day, calls-per-day-off-hours,"
                + " concurrent-calls-off-hours, time-zone, outside-line-prefix, pin\n");
    assertThat(out() + err()).doesNotContain("123456");
  }

  @Test
  void setOfOneContactListKeepsTheOther() {
    answer(
        "GET /v1/accounts/a@x",
        200,
        "{\"contacts\": {\"emails\": [\"old@x\"], \"webhooks\": [\"https://h.example/t\"]}}");
    answer("PATCH /v1/accounts/a@x", 200, "{\"account\": \"a@x\"}");

    assertThat(ctl("set", "a@x", "emails=noc@x, soc@x")).isZero();

    assertThat(requests).extracting(Recorded::method).containsExactly("GET", "PATCH");
    assertThat(requests.get(1).json())
        .isEqualTo(
            new JsonObject(
                """
                {"contacts": {"emails": ["noc@x", "soc@x"],
                              "webhooks": ["https://h.example/t"]}}\
                """));
  }

  @Test
  void setRefusesAnUnknownKeyOrABadNumberWithoutAsking() {
    assertThat(ctl("set", "a@x", "colour=blue")).isEqualTo(1);
    assertThat(err()).contains("unknown key 'colour'");
    assertThat(ctl("set", "a@x", "calls-per-day=many")).isEqualTo(1);
    assertThat(ctl("set", "a@x", "pin4711")).isEqualTo(1);
    assertThat(ctl("set", "a@x")).isEqualTo(1);
    assertThat(requests).isEmpty();
    assertThat(err()).doesNotContain("4711");
  }

  @Test
  void createOfAnExistingAccountIsAConflict() {
    answer(
        "POST /v1/accounts",
        problem(409, "account-exists", "Conflict", "alice@pbx.example is provisioned already"));

    assertThat(ctl("create", "alice@pbx.example")).isEqualTo(5);

    assertThat(err()).isEqualTo("tfpsctl: Conflict: alice@pbx.example is provisioned already\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void deleteSendsDeleteAndANotFoundIsExit4() {
    answer("DELETE /v1/accounts/a@x", new Canned(204, "text/plain", "", Map.of()));
    answer(
        "DELETE /v1/accounts/nobody@x",
        problem(404, "unknown-account", "Not Found", "no account nobody@x"));

    assertThat(ctl("delete", "a@x")).isZero();
    assertThat(out()).isEqualTo("deleted a@x\n");
    assertThat(ctl("delete", "nobody@x")).isEqualTo(4);
    assertThat(err()).isEqualTo("tfpsctl: Not Found: no account nobody@x\n");
    assertThat(requests).extracting(Recorded::method).containsExactly("DELETE", "DELETE");
  }

  // --- actions --------------------------------------------------------------------------------

  @Test
  void blockSendsReasonAndMinutes() {
    answer(
        "POST /v1/accounts/a@x/block",
        200,
        "{\"account\": \"a@x\", \"blocked\": {\"reason\": \"fraud\", \"until\":"
            + " \"2026-11-22T07:00:00Z\"}}");

    assertThat(ctl("block", "a@x", "--reason", "fraud", "--minutes", "60")).isZero();

    assertThat(only().json()).isEqualTo(new JsonObject().put("reason", "fraud").put("minutes", 60));
    assertThat(out()).isEqualTo("blocked a@x until 2026-11-22T07:00:00Z (fraud)\n");
  }

  @Test
  void blockRefusesMinutesThatAreNotAPositiveNumber() {
    assertThat(ctl("block", "a@x", "--minutes", "0")).isEqualTo(1);
    assertThat(ctl("block", "a@x", "--minutes")).isEqualTo(1);
    assertThat(requests).isEmpty();
  }

  @Test
  void unblockAndTheV2VerbsPostTheirActions() {
    answer("POST /v1/accounts/a@x/unblock", 200, "{\"account\": \"a@x\", \"blocked\": null}");
    answer("POST /v1/accounts/alice@pbx.example/unblock", 200, "{\"blocked\": null}");
    answer("POST /v1/accounts/alice@pbx.example/reset", 200, "{\"reset\": true}");

    assertThat(ctl("unblock", "a@x")).isZero();
    assertThat(ctl("remove", "alice", "pbx.example")).isZero();
    assertThat(ctl("reset", "alice", "pbx.example")).isZero();

    assertThat(requests)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /v1/accounts/a@x/unblock",
            "POST /v1/accounts/alice@pbx.example/unblock",
            "POST /v1/accounts/alice@pbx.example/reset");
    assertThat(out())
        .isEqualTo(
            """
            unblocked a@x
            unblocked alice@pbx.example
            reset today's quotas and rate windows of alice@pbx.example
            """);
  }

  @Test
  void theV2VerbsNeedUserAndDomainApart() {
    assertThat(ctl("remove", "alice@pbx.example")).isEqualTo(1);
    assertThat(err()).contains("missing DOMAIN").contains("usage: tfpsctl remove USER DOMAIN");
    assertThat(ctl("reset", "alice@x", "pbx.example")).isEqualTo(1);
    assertThat(requests).isEmpty();
  }

  @Test
  void authorizePostsTheDestination() {
    answer("POST /v1/accounts/a@x/authorized", 200, "{\"account\": \"a@x\"}");

    assertThat(ctl("authorize", "a@x", "+5355512345")).isZero();

    assertThat(only().json()).isEqualTo(new JsonObject().put("destination", "+5355512345"));
    assertThat(out()).isEqualTo("authorized +5355512345 for a@x\n");
  }

  @Test
  void authorizeOnAServerWithoutTheRouteSaysSoAndExits4() {
    assertThat(ctl("authorize", "a@x", "+5355512345")).isEqualTo(4);

    assertThat(err())
        .contains("does not have POST /v1/accounts/{account}/authorized")
        .doesNotContain("Exception");
  }

  @Test
  void endCallDeletesTheCallsLease() {
    answer(
        "DELETE /v1/accounts/a@x/calls/abc%2F1@host",
        200, "{\"callId\": \"abc/1@host\", \"account\": \"a@x\", \"lease\": \"ended\"}");
    answer(
        "DELETE /v1/accounts/a@x/calls/gone",
        problem(409, "call-already-ended", "Conflict", "already ended"));

    assertThat(ctl("end-call", "a@x", "abc/1@host")).isZero();
    assertThat(out()).isEqualTo("ended call abc/1@host of a@x\n");
    assertThat(ctl("end-call", "a@x", "gone")).isEqualTo(5);
  }

  @Test
  void destinationVerbsPutEntriesOnTheListsAndTakeThemOff() {
    answer(
        "POST /v1/accounts/a@x/authorized",
        201,
        "{\"account\": \"a@x\", \"destination\": \"CU\", \"list\": \"authorized\"}");
    answer("DELETE /v1/accounts/a@x/authorized/CU", new Canned(204, "text/plain", "", Map.of()));
    answer(
        "POST /v1/accounts/a@x/blocked-destinations",
        201,
        "{\"account\": \"a@x\", \"destination\": \"+1900\", \"list\": \"blocked\"}");
    answer(
        "DELETE /v1/accounts/a@x/blocked-destinations/%2B1900",
        new Canned(204, "text/plain", "", Map.of()));

    assertThat(ctl("authorize", "a@x", "cu")).isZero();
    assertThat(ctl("unauthorize", "a@x", "CU")).isZero();
    assertThat(ctl("block-destination", "a@x", "+1900")).isZero();
    assertThat(ctl("unblock-destination", "a@x", "+1900")).isZero();

    assertThat(requests)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /v1/accounts/a@x/authorized",
            "DELETE /v1/accounts/a@x/authorized/CU",
            "POST /v1/accounts/a@x/blocked-destinations",
            "DELETE /v1/accounts/a@x/blocked-destinations/%2B1900");
    assertThat(requests.get(0).json()).isEqualTo(new JsonObject().put("destination", "cu"));
    assertThat(requests.get(2).json()).isEqualTo(new JsonObject().put("destination", "+1900"));
    assertThat(requests.get(2).contentType()).isEqualTo("application/json");
    assertThat(requests.get(1).body()).isEmpty();
    assertThat(out())
        .isEqualTo(
            """
            authorized CU for a@x
            unauthorized CU for a@x
            blocked destination +1900 for a@x
            unblocked destination +1900 for a@x
            """);
  }

  @Test
  void anEntryNotOnTheListIsExit4AndARefusedOneExit5() {
    answer(
        "DELETE /v1/accounts/a@x/authorized/%2B53",
        problem(404, "unknown-destination", "Not Found", "+53 is not on the list of account a@x"));
    answer(
        "POST /v1/accounts/a@x/blocked-destinations",
        problem(400, "invalid-destination", "Bad Request", "field 'destination': an E.164..."));

    assertThat(ctl("unauthorize", "a@x", "+53")).isEqualTo(4);
    assertThat(err()).isEqualTo("tfpsctl: Not Found: +53 is not on the list of account a@x\n");
    assertThat(ctl("block-destination", "a@x", "123")).isEqualTo(5);
    assertThat(ctl("unblock-destination", "a@x", "+1900")).isEqualTo(4);
    assertThat(err())
        .contains("does not have DELETE /v1/accounts/{account}/blocked-destinations/{entry}");
    assertThat(requests).hasSize(3);

    assertThat(ctl("unblock-destination", "a@x")).isEqualTo(1);
    assertThat(ctl("block-destination", "a@x", " ")).isEqualTo(1);
    assertThat(err()).contains("missing DESTINATION");
    assertThat(requests).hasSize(3);
  }

  // --- data files -----------------------------------------------------------------------------

  @Test
  void dataListsTheFilesWithTheirEntriesAndPaths() {
    answer(
        "GET /v1/data",
        200,
        """
        {"files": [
          {"name": "blocked-countries", "key": "tfps.engine.blocked-countries-file",
           "path": "/etc/tfps/blocked-countries.txt", "entries": 13},
          {"name": "ranges", "key": "tfps.engine.ranges-file", "path": null, "entries": 5}]}        """);

    assertThat(ctl("data")).isZero();
    assertThat(ctl("data", "list")).isZero();

    assertThat(requests).extracting(Recorded::path).containsExactly("/v1/data", "/v1/data");
    String table =
        """
        NAME               ENTRIES  PATH
        blocked-countries  13       /etc/tfps/blocked-countries.txt
        ranges             5        -
        """;
    assertThat(out()).isEqualTo(table + table);
  }

  @Test
  void dataGetPrintsTheContentAsItIs() {
    answer(
        "GET /v1/data/blocked-countries",
        new Canned(200, "text/plain; charset=utf-8", "# countries\nCU\nKP\n", Map.of()));

    assertThat(ctl("data", "get", "blocked-countries")).isZero();

    assertThat(only().path()).isEqualTo("/v1/data/blocked-countries");
    assertThat(out()).isEqualTo("# countries\nCU\nKP\n");
  }

  @Test
  void dataPutSendsTheFilesBytesAsText() throws IOException {
    Path file = dir.resolve("countries.txt");
    Files.writeString(file, "# pas de Cuba (décidé)\nKP\n", UTF_8);
    answer(
        "PUT /v1/data/blocked-countries",
        200,
        """
        {"name": "blocked-countries", "key": "tfps.engine.blocked-countries-file",
         "path": "/etc/tfps/blocked-countries.txt", "entries": 1}        """);

    assertThat(ctl("data", "put", "blocked-countries", file.toString())).isZero();

    Recorded r = only();
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.contentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.body()).isEqualTo("# pas de Cuba (décidé)\nKP\n");
    assertThat(out())
        .isEqualTo(
            "replaced blocked-countries: 1 entry in force (/etc/tfps/blocked-countries.txt)\n");
  }

  @Test
  void dataPutOfDashReadsStandardInput() {
    answer("PUT /v1/data/ranges", 200, "{\"name\": \"ranges\", \"path\": \"/r\", \"entries\": 2}");

    assertThat(ctlWithInput("+881\n+882\n", "data", "put", "ranges", "-", "--json")).isZero();

    assertThat(only().body()).isEqualTo("+881\n+882\n");
    assertThat(new JsonObject(out()).getInteger("entries")).isEqualTo(2);
  }

  @Test
  void dataRefusalsMapToExitCodes() {
    answer(
        "PUT /v1/data/ranges",
        problem(
            409,
            "data-file-not-configured",
            "Conflict",
            "no file is configured for ranges: set tfps.engine.ranges-file"));
    answer(
        "PUT /v1/data/blocked-countries",
        problem(
            400,
            "invalid-data-file",
            "Bad Request",
            "/etc/tfps/blocked-countries.txt:2: 'XX' is not an ISO 3166-1 alpha-2 country code"));
    answer(
        "GET /v1/data/nope",
        problem(404, "unknown-data-file", "Not Found", "no data file nope; files are [...]"));

    assertThat(ctlWithInput("", "data", "put", "ranges", "-")).isEqualTo(5);
    assertThat(err()).contains("set tfps.engine.ranges-file");
    assertThat(ctlWithInput("CU\nXX\n", "data", "put", "blocked-countries", "-")).isEqualTo(5);
    assertThat(err()).contains("blocked-countries.txt:2: 'XX'");
    assertThat(ctl("data", "get", "nope")).isEqualTo(4);
    assertThat(requests).hasSize(3);
  }

  @Test
  void dataUsageErrorsSendNothing() {
    assertThat(ctl("data", "frob")).isEqualTo(1);
    assertThat(err()).contains("unknown data verb 'frob'");
    assertThat(ctl("data", "get")).isEqualTo(1);
    assertThat(ctl("data", "put", "ranges")).isEqualTo(1);
    assertThat(err()).contains("missing FILE");
    assertThat(ctl("data", "list", "ranges")).isEqualTo(1);
    assertThat(ctl("data", "get", "ranges", "extra")).isEqualTo(1);
    assertThat(ctl("data", "put", "ranges", dir.resolve("missing.txt").toString())).isEqualTo(1);
    assertThat(err()).contains("cannot read");
    assertThat(requests).isEmpty();
  }

  // --- status, stats, events ------------------------------------------------------------------

  @Test
  void statusSummarizesTheNode() {
    answer(
        "GET /v1/status",
        200,
        """
        {"version": "0.1.0", "node": "vm", "startedAt": "2026-11-22T00:29:30.742Z",
         "uptimeSeconds": 93784, "mode": "redirect",
         "listeners": ["udp:127.0.0.1:5060", "http:127.0.0.1:8080"],
         "trustedPeers": ["127.0.0.1/32"], "callsDecided": 3, "sipTransactions": 0,
         "sipQueueDelayMs": 12, "sipShed": 4051,
         "database": {"mode": "embedded", "up": true, "backlog": 0},
         "cluster": {"name": "tfps", "state": "active", "members": [
            {"address": "10.0.0.1:5701", "local": true}, {"address": "10.0.0.2:5701"}]}}\
        """);

    assertThat(ctl("status")).isZero();

    assertThat(only().path()).isEqualTo("/v1/status");
    assertThat(out())
        .isEqualTo(
            """
            node              vm
            version           0.1.0
            uptime            1d 2h 3m (since 2026-11-22T00:29:30Z)
            mode              redirect
            listeners         udp:127.0.0.1:5060
                              http:127.0.0.1:8080
            trusted peers     127.0.0.1/32
            calls decided     3
            sip transactions  0
            sip queue         12 ms wait, 4051 INVITEs shed
            database          up, backlog 0 (embedded)
            cluster           tfps (active), 2 members
                              10.0.0.1:5701 (this node)
                              10.0.0.2:5701
            """);
  }

  private static final String METRICS =
      """
      # HELP tfps_verdicts_total Calls decided, by deciding rule code.
      # TYPE tfps_verdicts_total counter
      tfps_verdicts_total{code="A00"} 90
      tfps_verdicts_total{code="R06"} 10
      tfps_sip_requests_total{method="INVITE"} 100
      tfps_sip_requests_total{method="OPTIONS"} 7
      tfps_decision_seconds_bucket{le="0.001"} 50
      tfps_decision_seconds_bucket{le="0.005"} 96
      tfps_decision_seconds_bucket{le="0.01"} 100
      tfps_decision_seconds_bucket{le="+Inf"} 100
      tfps_decision_seconds_sum 0.2
      tfps_decision_seconds_count 100
      tfps_sip_parse_errors_total{reason="a \\"quoted\\" one"} 1
      tfps_store_up NaN
      """;

  private static final String STATS =
      """
      {"intervalSeconds": 60,
       "intervals": [{"start": "2026-11-22T06:54:00Z", "byCode": {"R00": 1, "R06": 1}},
                     {"start": "2026-11-22T06:55:00Z", "byCode": {"R00": 1, "R06": 3}}],
       "callsLastHour": 6, "callsPerSecond": 0.06666666666666667,
       "decisionSeconds": {"p50": 0.0175, "p99": 0.025},
       "topAccounts": [{"account": "6001@pbx.example.com", "calls": 3},
                       {"account": "sipp@127.0.0.1", "calls": 1}],
       "topDestinations": [{"destination": "+5312345678", "calls": 4}]}\
      """;

  @Test
  void statsSummarizesTheLastHour() {
    answer("GET /v1/stats", 200, STATS);

    assertThat(ctl("stats", "--top", "2")).isZero();

    assertThat(only().query()).isEqualTo("top=2");
    assertThat(out())
        .isEqualTo(
            """
            calls last hour   6
            calls per second  0.0667 (the last whole minute)
            decision time     p50 17.5 ms, p99 25 ms

            CODE  CALLS
            R06   4
            R00   2

            denied or sent to verify in the last hour, most first:
            ACCOUNT               CALLS
            6001@pbx.example.com  3
            sipp@127.0.0.1        1

            DESTINATION  CALLS
            +5312345678  4
            """);
    assertThat(err()).isEmpty();
  }

  @Test
  void statsOfAQuietHourAndWithJson() {
    answer(
        "GET /v1/stats",
        200,
        """
        {"intervalSeconds": 60, "intervals": [], "callsLastHour": 0, "callsPerSecond": 0.0,
         "decisionSeconds": {"p50": 0.0, "p99": 0.0}, "topAccounts": [], "topDestinations": []}\
        """);

    assertThat(ctl("stats")).isZero();
    assertThat(out())
        .contains("calls per second  0 (the last whole minute)\n")
        .contains("decision time     none timed yet\n")
        .contains("no calls in the last hour\n")
        .contains("no accounts\n")
        .contains("no destinations\n");
    out.reset();
    assertThat(ctl("stats", "--json")).isZero();
    assertThat(new JsonObject(out()).getInteger("callsLastHour")).isZero();
    assertThat(ctl("stats", "--top", "0")).isEqualTo(1);
  }

  @Test
  void statsOfAServerWithoutV1StatsSummarizesTheMetrics() {
    answer("GET /metrics", new Canned(200, "text/plain; version=0.0.4", METRICS, Map.of()));

    assertThat(ctl("stats")).isZero();

    assertThat(requests)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly("GET /v1/stats", "GET /metrics");
    assertThat(requests.get(1).authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(err()).contains("no GET /v1/stats");
    assertThat(out())
        .isEqualTo(
            """
            calls decided     100
            decision latency  mean 2 ms, p50 <= 1 ms, p95 <= 5 ms, p99 <= 10 ms (100 calls)
            sip requests      107

            CODE  VERDICTS
            A00   90
            R06   10

            METHOD   REQUESTS
            INVITE   100
            OPTIONS  7
            """);
  }

  @Test
  void statsJsonPrintsTheParsedSamples() {
    answer("GET /metrics", new Canned(200, "text/plain", METRICS, Map.of()));

    assertThat(ctl("stats", "--json")).isZero();

    JsonArray samples = new JsonObject(out()).getJsonArray("samples");
    assertThat(samples).hasSize(12);
    assertThat(samples.getJsonObject(0))
        .isEqualTo(
            new JsonObject()
                .put("name", "tfps_verdicts_total")
                .put("labels", new JsonObject().put("code", "A00"))
                .put("value", 90));
    assertThat(samples.getJsonObject(10).getJsonObject("labels").getString("reason"))
        .isEqualTo("a \"quoted\" one");
    assertThat(samples.getJsonObject(11).getValue("value")).isEqualTo("NaN");
  }

  @Test
  void eventsFilterAndPrintATableWithLongAndHostileCellsCut() {
    answer(
        "GET /v1/events",
        200,
        new JsonObject()
            .put(
                "events",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", 2)
                            .put("at", "2026-11-22T06:00:01.5Z")
                            .put("account", "a@x")
                            .put("code", "R06")
                            .put("action", "deny")
                            .put("dialed", "0053\u001b[2J5551234")
                            .put("evidence", "x".repeat(80)))
                    .add(new JsonObject().put("id", 1).put("at", "2026-11-22T06:00:00Z")))
            .put("next", null)
            .encode());

    assertThat(
            ctl("events", "--account", "a@x", "--code", "R06", "--since", "2026-11-22T00:00:00Z"))
        .isZero();

    assertThat(only().query()).isEqualTo("account=a%40x&code=R06&since=2026-11-22T00%3A00%3A00Z");
    assertThat(out())
        .isEqualTo(
            "AT                    ACCOUNT  CODE  ACTION  DIALED           EVIDENCE\n"
                + "2026-11-22T06:00:01Z  a@x      R06   deny    0053?[2J5551234  "
                + "x".repeat(57)
                + "...\n"
                + "2026-11-22T06:00:00Z  -        -     -       -                -\n");
    assertThat(out()).doesNotContain("\u001b");
  }

  private static final String SSE = "text/event-stream; charset=utf-8";

  private static JsonObject event(int n, String code) {
    return new JsonObject()
        .put("node", "vm")
        .put("at", "2026-11-22T06:00:0" + n + "Z")
        .put("kind", "verdict")
        .put("account", "a@x")
        .put("dialed", "+531234567" + n)
        .put("action", "deny")
        .put("code", code)
        .put("rule", "blocked-country")
        .put("evidence", "destination in blocked country CU")
        .put("eventId", "vm-1-" + n);
  }

  /** One message of the stream, as TFPS writes it. */
  private static String message(JsonObject e) {
    return "id: "
        + e.getString("eventId")
        + "\nevent: "
        + e.getString("kind")
        + "\ndata: "
        + e.encode()
        + "\n\n";
  }

  private static Canned stream(String body) {
    return new Canned(200, SSE, ": tfps events\n\n" + body, Map.of());
  }

  @Test
  void followReadsTheStreamWithTheFiltersAndPrintsAlignedRows() {
    JsonObject operator =
        new JsonObject()
            .put("at", "2026-11-22T06:00:05Z")
            .put("kind", "operator")
            .put("account", "a@x")
            .put("rule", "unblock-destination")
            .put("evidence", "+1900, by token admin")
            .put("findings", new JsonArray())
            .put("eventId", "vm-1-5");
    answer(
        "GET /v1/events/stream",
        stream(message(event(1, "R06")) + ": keepalive\n\n" + message(operator)));

    assertThat(ctl("events", "--follow", "--account", "a@x", "--code", "R06", "--max-events", "2"))
        .isZero();

    Recorded r = only();
    assertThat(r.path()).isEqualTo("/v1/events/stream");
    assertThat(r.query()).isEqualTo("account=a%40x&code=R06");
    List<String> lines = out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("AT                    ACCOUNT");
    int code = lines.get(0).indexOf("CODE");
    int action = lines.get(0).indexOf("ACTION");
    int dialed = lines.get(0).indexOf("DIALED");
    assertThat(lines.get(1).indexOf("R06")).isEqualTo(code);
    assertThat(lines.get(1).indexOf("deny")).isEqualTo(action);
    assertThat(lines.get(1).indexOf("+5312345671")).isEqualTo(dialed);
    assertThat(lines.get(2).indexOf("unblock-destination")).isEqualTo(action);
    assertThat(lines.get(2)).startsWith("2026-11-22T06:00:05Z  a@x").contains("+1900, by token");
    assertThat(err()).isEmpty();
  }

  @Test
  void followReadsServerSentEventsAsTheStandardWritesThemAndWarnsOfDroppedEvents() {
    String second = event(2, "R06").encode();
    int cut = second.indexOf(",\"kind\"");
    answer(
        "GET /v1/events/stream",
        stream(
            message(event(1, "R06")).replace("\n", "\r\n")
                + ": dropped 3 events (slow reader)\r\r"
                + "retry: 5000\nid: vm-1-2\nevent: verdict\n"
                + "data:"
                + second.substring(0, cut + 1)
                + "\ndata: "
                + second.substring(cut + 1)
                + "\n\n"
                + "data: not json\n\n"
                + message(event(3, "R06"))));

    assertThat(ctl("events", "--follow", "--json", "--max-events", "3")).isZero();

    assertThat(out().lines().map(l -> new JsonObject(l).getString("eventId")))
        .containsExactly("vm-1-1", "vm-1-2", "vm-1-3");
    assertThat(err())
        .isEqualTo(
            "tfpsctl: warning: TFPS dropped 3 events because tfpsctl read too slowly;"
                + " tfpsctl events lists them\n"
                + "tfpsctl: skipped an event of the stream that is not a JSON object\n");
  }

  @Test
  void followOpensADroppedStreamAgainAndSaysSoOnce() {
    answer("GET /v1/events/stream", stream(message(event(1, "R06"))));
    answer(
        "GET /v1/events/stream",
        problem(503, "too-many-streams", "Service Unavailable", "at most 16 event streams"));
    answer("GET /v1/events/stream", problem(503, "unavailable", "Service Unavailable", "again"));
    answer("GET /v1/events/stream", stream(message(event(2, "R06"))));

    assertThat(ctl("events", "--follow", "--json", "--interval", "0", "--max-events", "2"))
        .isZero();

    assertThat(requests).hasSize(4);
    assertThat(out().lines().map(l -> new JsonObject(l).getString("eventId")))
        .containsExactly("vm-1-1", "vm-1-2");
    List<String> warnings = err().lines().toList();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0))
        .startsWith("tfpsctl: the event stream from " + url + " dropped (closed by TFPS)")
        .endsWith("opening it again every 0 s");
    assertThat(warnings.get(1))
        .matches(
            "tfpsctl: the event stream is back; tfpsctl events --since \\S+Z lists what it missed");
  }

  @Test
  void followOfAServerWithoutTheStreamEndsAtOnce() {
    assertThat(ctl("events", "--follow")).isEqualTo(4);
    assertThat(err()).contains("no event stream (GET /v1/events/stream)");

    answer("GET /v1/events/stream", problem(403, "forbidden", "Forbidden", "token lacks read"));
    assertThat(ctl("events", "--follow")).isEqualTo(3);
    assertThat(out()).isEmpty();
  }

  @Test
  void followWithLimitPrintsTheLatestEventsFirstAndEachOnce() {
    answer("GET /v1/events/stream", stream(message(event(2, "R06")) + message(event(3, "R06"))));
    answer(
        "GET /v1/events",
        200,
        new JsonObject()
            .put("events", new JsonArray().add(event(2, "R06")).add(event(1, "R06")))
            .put("next", null)
            .encode());

    assertThat(
            ctl("events", "--follow", "--json", "--code", "R06", "--limit", "2", "--max-events=3"))
        .isZero();

    assertThat(requests)
        .extracting(r -> r.path() + "?" + r.query())
        .containsExactly("/v1/events/stream?code=R06", "/v1/events?code=R06&limit=2");
    assertThat(out().lines().map(l -> new JsonObject(l).getString("eventId")))
        .containsExactly("vm-1-1", "vm-1-2", "vm-1-3");
  }

  @Test
  void aSilentStreamIsTakenForDeadAndOpenedAgain() throws Exception {
    CountDownLatch end = new CountDownLatch(1);
    AtomicInteger connections = new AtomicInteger();
    HttpServer silent =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService threads = Executors.newCachedThreadPool();
    silent.setExecutor(threads);
    silent.createContext(
        "/",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", SSE);
          ex.sendResponseHeaders(200, 0);
          OutputStream body = ex.getResponseBody();
          body.write(": tfps events\n\n".getBytes(UTF_8));
          body.flush();
          try {
            if (connections.incrementAndGet() == 1) {
              end.await(20, TimeUnit.SECONDS); // says nothing more
            } else {
              body.write(message(event(1, "R06")).getBytes(UTF_8));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    silent.start();
    try {
      ApiClient api =
          new ApiClient(
              CtlConfig.resolve(
                  "http://127.0.0.1:" + silent.getAddress().getPort(), null, null, env));
      PrintStream o = new PrintStream(out, true, UTF_8);
      PrintStream e = new PrintStream(err, true, UTF_8);
      long start = System.nanoTime();

      new EventFollow(api, o, e, true, Clock.systemUTC(), Duration.ofMillis(300))
          .follow(Map.of(), 0, 1);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(connections).hasValue(2);
      assertThat(new JsonObject(out()).getString("eventId")).isEqualTo("vm-1-1");
      assertThat(err()).contains("dropped (nothing for 0.3 s)");
    } finally {
      end.countDown();
      silent.stop(0);
      threads.shutdownNow();
    }
  }

  @Test
  void eventsShowTheOperatorsVerbAsTheAction() {
    answer(
        "GET /v1/events",
        200,
        """
        {"events": [{"id": 3, "at": "2026-11-22T06:00:00Z", "kind": "operator",
                     "account": "a@x", "code": null, "action": null, "rule": "reset",
                     "evidence": "quotas of 2026-11-22, by token admin"}], "next": null}\
        """);

    assertThat(ctl("events")).isZero();

    assertThat(out())
        .isEqualTo(
            """
            AT                    ACCOUNT  CODE  ACTION  DIALED  EVIDENCE
            2026-11-22T06:00:00Z  a@x      -     reset   -       quotas of 2026-11-22, by token admin
            """);
  }

  // --- exit codes and errors ------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "401, unauthorized, 3",
    "403, forbidden, 3",
    "429, too-many-failures, 3",
    "404, unknown-account, 4",
    "400, invalid-account, 5",
    "409, account-exists, 5",
    "413, too-large, 5",
    "500, internal, 6",
    "503, database-unavailable, 6"
  })
  void problemsMapToExitCodes(int status, String slug, int exit) {
    answer("GET /v1/accounts/a@x", problem(status, slug, "Title " + status, "detail " + slug));

    assertThat(ctl("show", "a@x")).isEqualTo(exit);

    assertThat(err()).startsWith("tfpsctl: Title " + status + ": detail " + slug);
    assertThat(err().lines()).hasSize(1);
    assertThat(out()).isEmpty();
    assertThat(err()).doesNotContain(TOKEN);
  }

  @Test
  void anUnauthorizedRunNamesWhereTheTokenCameFromNeverTheToken() {
    answer("GET /v1/status", problem(401, "unauthorized", "Unauthorized", "bad token"));

    assertThat(ctl("status")).isEqualTo(3);

    assertThat(err()).contains("TFPS_TOKEN_FILE " + tokenFile).doesNotContain(TOKEN);
  }

  @Test
  void tooManyFailuresSaysWhenToRetry() {
    answer(
        "GET /v1/status",
        new Canned(
            429,
            "application/problem+json",
            "{\"title\": \"Too Many Requests\", \"detail\": \"too many failures\"}",
            Map.of("Retry-After", "30")));

    assertThat(ctl("status")).isEqualTo(3);

    assertThat(err())
        .isEqualTo("tfpsctl: Too Many Requests: too many failures (retry after 30 s)\n");
  }

  @Test
  void anAnswerThatIsNotAProblemStillGivesTheStatus() {
    answer("GET /v1/status", new Canned(502, "text/html", "<html>bad gateway</html>", Map.of()));

    assertThat(ctl("status")).isEqualTo(6);

    assertThat(err()).isEqualTo("tfpsctl: HTTP 502 from GET /v1/status\n");
  }

  @Test
  void anUnreachableApiIsExit2() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    assertThat(ctl("status", "--url", "http://127.0.0.1:" + port)).isEqualTo(2);

    assertThat(err())
        .isEqualTo(
            "tfpsctl: cannot reach the API at http://127.0.0.1:" + port + ": connection refused\n");
  }

  @Test
  void usageErrorsAreExit1AndSendNothing() {
    assertThat(ctl()).isEqualTo(1);
    assertThat(err()).contains("Verbs:").contains("events");
    assertThat(ctl("frobnicate")).isEqualTo(1);
    assertThat(ctl("list", "--bogus")).isEqualTo(1);
    assertThat(ctl("--bogus", "list")).isEqualTo(1);
    assertThat(ctl("show")).isEqualTo(1);
    assertThat(ctl("show", "a@x", "b@x")).isEqualTo(1);
    assertThat(ctl("events", "--limit", "none")).isEqualTo(1);
    assertThat(ctl("list", "--url")).isEqualTo(1);
    assertThat(requests).isEmpty();
  }

  @Test
  void helpIsExit0AndListsVerbsAndExitCodes() {
    assertThat(ctl("--help")).isZero();
    assertThat(out())
        .contains("list", "show", "remove", "reset", "authorize", "end-call", "events")
        .contains("Exit codes:")
        .contains("6  server error");
    out.reset();
    assertThat(ctl("events", "--help")).isZero();
    assertThat(out())
        .startsWith("usage: tfpsctl events [--account A]")
        .doesNotContain("max-events");
    out.reset();
    assertThat(ctl("help", "set")).isZero();
    assertThat(out()).contains("calls-per-day-off-hours");
    assertThat(requests).isEmpty();
    assertThat(out() + err()).doesNotContain(TOKEN);
  }

  // --- settings -------------------------------------------------------------------------------

  @Test
  void globalOptionsMayFollowTheVerb() throws IOException {
    Path other = dir.resolve("other-token");
    Files.writeString(other, "  other-token  \n");
    env.put("TFPS_URL", "http://127.0.0.1:1");
    answer("GET /v1/status", 200, "{\"node\": \"n1\"}");

    assertThat(ctl("status", "--url", url, "--token-file=" + other, "--json")).isZero();

    assertThat(only().authorization()).isEqualTo("Bearer other-token");
    assertThat(new JsonObject(out()).getString("node")).isEqualTo("n1");
  }

  @Test
  void theSettingsFileIsReadLastAndItsTokenFileIsRelativeToIt() throws IOException {
    Path conf = dir.resolve("tfpsctl.conf");
    Files.writeString(dir.resolve("conf-token"), "from-conf-file\n");
    Files.writeString(conf, "# tfpsctl settings\n\nurl = " + url + "/\ntoken-file = conf-token\n");
    env.remove("TFPS_URL");
    env.remove("TFPS_TOKEN_FILE");
    env.put(CtlConfig.CONF_ENV, conf.toString());
    answer("GET /v1/status", 200, "{}");

    assertThat(ctl("status")).isZero();
    assertThat(only().authorization()).isEqualTo("Bearer from-conf-file");

    env.put("TFPS_TOKEN", "from-env");
    assertThat(ctl("status")).isZero();
    assertThat(requests.get(1).authorization()).isEqualTo("Bearer from-env");

    Files.writeString(conf, "url = " + url + "\ntoken = inline-token\n");
    env.remove("TFPS_TOKEN");
    assertThat(ctl("--config", conf.toString(), "status")).isZero();
    assertThat(requests.get(2).authorization()).isEqualTo("Bearer inline-token");
  }

  @Test
  void aBadSettingsFileIsExit1WithoutItsText() throws IOException {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "url = http://127.0.0.1:1\nsecret-looking-line-without-equals\n");
    env.put(CtlConfig.CONF_ENV, conf.toString());

    assertThat(ctl("status")).isEqualTo(1);

    assertThat(err()).contains("line 2").doesNotContain("secret-looking");
    assertThat(ctl("--config", dir.resolve("missing.conf").toString(), "status")).isEqualTo(1);
    assertThat(requests).isEmpty();
  }

  @Test
  void noTokenSendsNoAuthorizationAndTheRefusalSaysHowToSetOne() {
    env.remove("TFPS_TOKEN_FILE");
    answer("GET /v1/status", problem(401, "unauthorized", "Unauthorized", "a token is needed"));

    assertThat(ctl("status")).isEqualTo(3);

    assertThat(only().authorization()).isNull();
    assertThat(err()).contains("no token is set");
  }

  @Test
  void aUrlWithCredentialsIsRefusedWithoutEchoingThem() {
    assertThat(ctl("status", "--url", "http://admin:hunter2@127.0.0.1:8080")).isEqualTo(1);

    assertThat(err()).doesNotContain("hunter2");
    assertThat(requests).isEmpty();
  }

  @Test
  void theSettingsNeverShowTheToken() throws Exception {
    CtlConfig settings = CtlConfig.resolve(null, tokenFile.toString(), null, env);

    assertThat(settings.token()).isEqualTo(TOKEN);
    assertThat(settings.toString()).doesNotContain(TOKEN);
  }
}
