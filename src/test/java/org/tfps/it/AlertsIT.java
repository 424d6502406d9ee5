package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.notify.Alerting;

/**
 * Webhook alerts against a real HTTP receiver that checks each signature: one alert per account and
 * rule, retried while the receiver fails, and kept across a restart of TFPS until delivered.
 */
class AlertsIT {

  static final String SECRET = "it-hook-secret-not-a-secret";

  @TempDir static Path dir;
  static Vertx vertx;
  static HttpServer receiver;
  static final List<JsonObject> received = new CopyOnWriteArrayList<>();
  static final AtomicInteger failNext = new AtomicInteger();
  static final AtomicInteger badSignatures = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                req.response().setStatusCode(500).end();
                                return;
                              }
                              String sig = req.getHeader("X-TFPS-Signature");
                              String[] parts = sig == null ? new String[0] : sig.split(",");
                              long t = Long.parseLong(parts[0].substring(2));
                              String expected = Alerting.signature(SECRET, t, body.toString());
                              if (!parts[1].equals("sha256=" + expected)) {
                                badSignatures.incrementAndGet();
                                req.response().setStatusCode(401).end();
                                return;
                              }
                              received.add(body.toJsonObject());
                              req.response().setStatusCode(204).end();
                            }))
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static String config() {
    return "tfps.db.data-dir = \""
        + dir.resolve("data")
        + "\"\ntfps.alerts { throttle = 1h, retry-min = 200ms, retry-max = 1s, webhooks = [{ url ="
        + " \"http://127.0.0.1:"
        + receiver.actualPort()
        + "/hook\", secret = \""
        + SECRET
        + "\" }] }\n";
  }

  static void decide(TfpsHarness tfps, String account, String number) throws Exception {
    Api.send(
        tfps.tfps.apiPort(),
        "POST",
        "/v1/decide",
        TfpsHarness.TEST_TOKEN,
        new JsonObject().put("account", account).put("dialed", number).encode());
  }

  static List<JsonObject> alertsOf(String account, int atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      List<JsonObject> of =
          received.stream().filter(a -> account.equals(a.getString("account"))).toList();
      if (of.size() >= atLeast) {
        return of;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return received.stream().filter(a -> account.equals(a.getString("account"))).toList();
  }

  @Test
  void oneSignedAlertPerIncidentDeliveredThroughFailures() throws Exception {
    try (TfpsHarness tfps = TfpsHarness.start(dir, config())) {
      failNext.set(2);
      for (int i = 0; i < 3; i++) {
        decide(tfps, "9101@pbx.example.com", "+5312345678");
      }
      List<JsonObject> alerts = alertsOf("9101@pbx.example.com", 1);
      assertThat(alerts).hasSize(1);
      JsonObject a = alerts.get(0);
      assertThat(a.getString("code")).isEqualTo("R06");
      assertThat(a.getString("action")).isEqualTo("deny");
      assertThat(a.getString("undo")).isEqualTo("tfpsctl authorize 9101@pbx.example.com CU");
      assertThat(a.getInteger("calls")).isEqualTo(1);
      // Another rule of the same account is another incident.
      decide(tfps, "9101@pbx.example.com", "+8816123456");
      assertThat(alertsOf("9101@pbx.example.com", 2)).hasSize(2);
      TimeUnit.MILLISECONDS.sleep(500);
      assertThat(alertsOf("9101@pbx.example.com", 3)).as("no alert per call").hasSize(2);
      assertThat(tfps.metric("tfps_alert_delivery_failures_total")).isGreaterThanOrEqualTo(2);
      assertThat(badSignatures).hasValue(0);
    }
  }

  @Test
  void anAlertNotYetDeliveredSurvivesARestart() throws Exception {
    int port = receiver.actualPort();
    TfpsHarness first = TfpsHarness.start(dir, config());
    receiver.close().await(10, TimeUnit.SECONDS);
    try {
      decide(first, "9102@pbx.example.com", "+5312345678");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (first.metric("tfps_alert_delivery_failures_total") == 0
          && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      assertThat(first.metric("tfps_alerts_waiting")).isEqualTo(1);
    } finally {
      first.close();
    }
    receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              received.add(body.toJsonObject());
                              req.response().setStatusCode(204).end();
                            }))
            .listen(port, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    try (TfpsHarness second = TfpsHarness.start(dir, config())) {
      assertThat(alertsOf("9102@pbx.example.com", 1)).hasSize(1);
    }
  }
}
