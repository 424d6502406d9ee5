package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitor-only mode over SIP (SIPp through TFPS's front door): a monitored account's call that
 * enforcing would deny is let through with {@code would-deny} in X-TFPS-Verdict and recorded as an
 * event; one API call switches the account to enforcing, which is itself an event, and the same
 * call is then declined.
 */
class MonitorModeIT {

  private static final String ACCOUNT = "4001@pbx.example.com";
  private static final String CUBA = "+5372345678";

  @TempDir static Path dir;
  static TfpsHarness tfps;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    tfps = TfpsHarness.start(dir, TfpsHarness.embeddedDatabase(dir));
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  private static void sipp(String scenario) throws Exception {
    Sipp.Result r =
        Sipp.run(
            scenario,
            CUBA,
            tfps.sipPort,
            "u1",
            "127.0.0.1",
            1,
            dir,
            List.of("-key", "cid", "4001", "-key", "ncalls", "-"));
    assertThat(r.exitCode()).as("SIPp %s: %s%n%s", scenario, r.errors(), r.output()).isZero();
  }

  private static int post(String action) throws Exception {
    return Api.send(
            tfps.tfps.apiPort(),
            "POST",
            "/v1/accounts/" + ACCOUNT + "/" + action,
            TfpsHarness.TEST_TOKEN,
            null)
        .statusCode();
  }

  /** The account's events, newest first, once {@code count} of them are in the database. */
  private static List<JsonObject> events(int count) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<JsonObject> events = List.of();
    while (System.nanoTime() < end) {
      JsonArray a =
          new JsonObject(tfps.get("/v1/events?account=" + ACCOUNT + "&limit=50"))
              .getJsonArray("events");
      events = a.stream().map(e -> (JsonObject) e).collect(Collectors.toList());
      if (events.size() >= count) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return events;
  }

  @Test
  void aMonitoredAccountsDeniedCallGoesThroughAndIsRecordedThenEnforcingDeclinesIt()
      throws Exception {
    assertThat(post("monitor")).isEqualTo(200);
    JsonObject account = new JsonObject(tfps.get("/v1/accounts/" + ACCOUNT));
    assertThat(account.getBoolean("monitorOnly")).isTrue();

    sipp("invite-monitored.xml");
    List<JsonObject> seen = events(2);
    JsonObject verdict =
        seen.stream().filter(e -> "verdict".equals(e.getString("kind"))).findFirst().orElseThrow();
    assertThat(verdict.getString("code")).isEqualTo("R06");
    assertThat(verdict.getString("action")).isEqualTo("deny");
    assertThat(verdict.getBoolean("monitorOnly")).isTrue();
    assertThat(seen)
        .anyMatch(
            e -> "operator".equals(e.getString("kind")) && e.encode().contains("\"monitor\""));

    assertThat(post("enforce")).isEqualTo(200);
    sipp("invite-enforced.xml");
    List<JsonObject> after = events(4);
    assertThat(after)
        .anyMatch(
            e -> "operator".equals(e.getString("kind")) && e.encode().contains("\"enforce\""));
    JsonObject enforced =
        after.stream().filter(e -> "verdict".equals(e.getString("kind"))).findFirst().orElseThrow();
    assertThat(enforced.getBoolean("monitorOnly")).isFalse();
    assertThat(new JsonObject(tfps.get("/v1/accounts/" + ACCOUNT)).getBoolean("monitorOnly"))
        .isFalse();
  }
}
