package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The honeypot against real attack tools from Debian (sipvicious: svmap, svwar, svcrack), on
 * loopback: they find a PBX, its extensions and a password, and every probe is recorded with the
 * tools' user agent.
 */
class SipviciousIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  @BeforeAll
  static void start() throws Exception {
    assertThat(run("svmap", "--version").exit())
        .as("sipvicious must be installed (apt-get install sipvicious)")
        .isZero();
    tfps =
        TfpsHarness.start(
            dir,
            TfpsHarness.embeddedDatabase(dir)
                + "tfps.honeypot { enabled = true, udp-port = 0, requests-per-minute = 1000 }\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  record Result(int exit, String output) {}

  /** A sipvicious tool, bounded in time, run in the test's folder (its session files go there). */
  static Result run(String... cmd) throws Exception {
    List<String> c = new ArrayList<>(List.of("timeout", "60"));
    c.addAll(List.of(cmd));
    Process p = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  @Test
  void theToolsFindACarelessPbxAndEveryProbeIsRecorded() throws Exception {
    String port = "-p" + tfps.tfps.honeypotPort();
    Result map = run("svmap", port, "127.0.0.1");
    assertThat(map.output())
        .as(map.output())
        .contains("127.0.0.1:" + tfps.tfps.honeypotPort(), "Asterisk PBX")
        .doesNotContain("TFPS");
    Result war = run("svwar", port, "-e98-102", "-m", "REGISTER", "127.0.0.1");
    assertThat(war.output()).as(war.output()).contains("100", "101", "102").doesNotContain("| 99 ");
    Result crack = run("svcrack", port, "-u100", "-r1000-1002", "127.0.0.1");
    assertThat(crack.output()).as(crack.output()).contains("100");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String events = "";
    while (System.nanoTime() < deadline) {
      events = Api.get(tfps.tfps.apiPort(), "/v1/events?limit=100");
      if (events.contains("\"OPTIONS\"") && events.contains("\"REGISTER\"")) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    assertThat(
            new JsonObject(events)
                .getJsonArray("events").stream()
                    .map(e -> (JsonObject) e)
                    .filter(e -> "honeypot".equals(e.getString("kind")))
                    .map(e -> e.getString("userAgent")))
        .anyMatch(ua -> ua.contains("friendly-scanner"));
    assertThat(tfps.metric("tfps_honeypot_requests_total")).isGreaterThan(5);
    assertThat(Api.get(tfps.tfps.apiPort(), "/api/ip-addresses/127.0.0.1"))
        .contains("bad_actor_found");
  }
}
