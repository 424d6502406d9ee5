package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrency leases ended by call records: with one call allowed up at once, a second call is
 * denied (R08) until the first one's record is posted to {@code POST /v1/cdrs}; the record is kept
 * in the database; unknown, duplicate and malformed records get a clear 4xx.
 */
class CallRecordsIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  private static final String ACCOUNT = "6001@pbx.example.com";

  private static String config() {
    return TfpsHarness.embeddedDatabase(dir)
        + "tfps.accounts.limits.concurrent-calls { business = 1, off-hours = 1 }\n"
        + "tfps.engine.concurrency-window = 1h\n";
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

  /** One call of 6001 with Call-ID {@code callId} (no count from the softswitch): its code. */
  private static String call(String number, String callId) throws Exception {
    long r08 = tfps.metric("tfps_verdicts_total{code=\"R08\"}");
    Sipp.ptfps(tfps.sipPort, dir, number, "6001", "-", "-cid_str", callId);
    return tfps.metric("tfps_verdicts_total{code=\"R08\"}") > r08 ? "R08" : "allow";
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + tfps.tfps.apiPort() + "/v1/cdrs"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TfpsHarness.TEST_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String record(String callId) {
    return new JsonObject()
        .put("call_id", callId)
        .put("account", ACCOUNT)
        .put("destination", "+12125550101")
        .put("start", "2026-11-22T05:00:00Z")
        .put("answer", "2026-11-22T05:00:04Z")
        .put("end", "2026-11-22T05:01:00Z")
        .put("duration", 56)
        .put("disposition", "ANSWERED")
        .encode();
  }

  @Test
  void aCallRecordEndsTheLeaseAndIsKeptAndBadRecordsGetAClear4xx() throws Exception {
    assertThat(call("+12125550101", "lease-one@it")).isEqualTo("allow");
    assertThat(call("+12125550102", "lease-two@it")).as("one call already up").isEqualTo("R08");

    HttpResponse<String> ended = post(record("lease-one@it"));
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    assertThat(new JsonObject(ended.body()).getString("lease")).isEqualTo("ended");
    assertThat(call("+12125550103", "lease-three@it"))
        .as("the first call ended")
        .isEqualTo("allow");

    HttpResponse<String> twice = post(record("lease-one@it"));
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(twice.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(twice.body()).getString("type")).endsWith("/call-already-ended");

    HttpResponse<String> unknown = post(record("never-seen@it"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("type")).endsWith("/unknown-call");
    HttpResponse<String> denied = post(record("lease-two@it"));
    assertThat(denied.statusCode()).as("a denied call holds no lease").isEqualTo(404);

    HttpResponse<String> notJson = post("{\"call_id\": ");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(notJson.body()).getString("type")).endsWith("/invalid-json");
    HttpResponse<String> noAccount = post("{\"call_id\":\"x\"}");
    assertThat(noAccount.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noAccount.body()).getString("detail"))
        .startsWith("field 'account': required");
    HttpResponse<String> huge = post(record("x".repeat(70_000)));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    // The lease of the third call is still up: the malformed records changed nothing.
    assertThat(call("+12125550104", "lease-four@it")).isEqualTo("R08");

    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<Row> rows = new ArrayList<>();
    while (System.nanoTime() < until) {
      rows.clear();
      tfps.tfps
          .store()
          .pool()
          .query("SELECT call_id, account, duration_s, disposition, answer_at FROM call_records")
          .execute()
          .await(10, TimeUnit.SECONDS)
          .forEach(rows::add);
      if (!rows.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getString("call_id")).isEqualTo("lease-one@it");
    assertThat(rows.get(0).getString("account")).isEqualTo(ACCOUNT);
    assertThat(rows.get(0).getInteger("duration_s")).isEqualTo(56);
    assertThat(rows.get(0).getLocalDateTime("answer_at")).hasToString("2026-11-22T05:00:04");

    // A restart keeps the calls up: the third call's lease comes back with the day counters.
    tfps.close();
    tfps = TfpsHarness.start(dir, config());
    assertThat(call("+12125550105", "lease-five@it")).as("after the restart").isEqualTo("R08");
    HttpResponse<String> third = post(record("lease-three@it"));
    assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
    assertThat(call("+12125550106", "lease-six@it")).isEqualTo("allow");
  }
}
