package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TFPS in failover mode, driven by SIPp over UDP and TCP on loopback. */
class SipFrontDoorIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    tfps = TfpsHarness.start(dir, "tfps.sip.mode = failover\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  private static void expectSuccess(Sipp.Result r) {
    assertThat(r.exitCode()).as("SIPp exit code; errors:%n%s%n%s", r.errors(), r.output()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"+5312345678, u1", "005312345678, u1", "01153 12345678, u1", "+5312345678, t1"})
  void cubaIsDeniedWith603InEveryDialForm(String number, String transport) throws Exception {
    expectSuccess(
        Sipp.run(
            "invite-deny.xml",
            number.replace(" ", ""),
            tfps.sipPort,
            transport,
            "127.0.0.1",
            2,
            dir));
  }

  @ParameterizedTest
  @CsvSource({"u1", "t1"})
  void allowedNumberGets503InFailoverMode(String transport) throws Exception {
    expectSuccess(
        Sipp.run(
            "invite-allow-failover.xml",
            "+442079460123",
            tfps.sipPort,
            transport,
            "127.0.0.1",
            2,
            dir));
  }

  @ParameterizedTest
  @CsvSource({"u1", "t1"})
  void optionsKeepaliveGets200(String transport) throws Exception {
    expectSuccess(Sipp.run("options.xml", "tfps", tfps.sipPort, transport, "127.0.0.1", 3, dir));
  }

  @ParameterizedTest
  @CsvSource({
    "+442079460123, friendly-scanner, R01",
    "+88163900000, Asterisk PBX 18, R20",
    "00881639000000, Asterisk PBX 18, R20",
    "+4420794601, Asterisk PBX 18, R22"
  })
  void staticRulesDenyEndToEnd(String number, String userAgent, String code) throws Exception {
    String sample = "tfps_verdicts_total{code=\"" + code + "\"}";
    long before = tfps.metric(sample);
    expectSuccess(
        Sipp.run(
            "invite-603.xml",
            number,
            tfps.sipPort,
            "u1",
            "127.0.0.1",
            1,
            dir,
            List.of("-key", "ua", userAgent)));
    assertThat(tfps.metric(sample)).isEqualTo(before + 1);
  }

  @Test
  void prefixProbingIsDeniedEndToEnd() throws Exception {
    // The SentryPeer example over SIP: one number dialled three ways by the same account.
    long before = tfps.metric("tfps_verdicts_total{code=\"R23\"}");
    List<String> agent = List.of("-key", "ua", "Linksys/SPA942");
    expectSuccess(
        Sipp.run(
            "invite-603.xml", "80046910291629", tfps.sipPort, "u1", "127.0.0.1", 1, dir, agent));
    expectSuccess(
        Sipp.run(
            "invite-allow-failover.xml", "+46910291629", tfps.sipPort, "u1", "127.0.0.1", 1, dir));
    expectSuccess(
        Sipp.run(
            "invite-603.xml", "0046910291629", tfps.sipPort, "u1", "127.0.0.1", 1, dir, agent));
    assertThat(tfps.metric("tfps_verdicts_total{code=\"R23\"}")).isEqualTo(before + 1);
  }

  @Test
  void verdictsAreCountedInMetrics() throws Exception {
    long before = tfps.metric("tfps_verdicts_total{code=\"R06\"}");
    expectSuccess(
        Sipp.run("invite-deny.xml", "+5312345678", tfps.sipPort, "u1", "127.0.0.1", 3, dir));
    assertThat(tfps.metric("tfps_verdicts_total{code=\"R06\"}")).isEqualTo(before + 3);
    assertThat(tfps.metric("tfps_decision_seconds_count")).isGreaterThanOrEqualTo(3);
    assertThat(tfps.get("/metrics")).contains("tfps_sip_requests_total{method=\"INVITE\"}");
  }

  @Test
  void statusAndHealth() throws Exception {
    assertThat(tfps.get("/health")).contains("\"status\":\"UP\"");
    assertThat(tfps.get("/health/ready")).contains("\"status\":\"UP\"");
    String status = tfps.get("/v1/status");
    assertThat(status)
        .contains("\"mode\":\"failover\"")
        .contains("udp:127.0.0.1:" + tfps.sipPort)
        .contains("tcp:127.0.0.1:" + tfps.sipPort)
        .contains("127.0.0.0/8");
    assertThat(tfps.get("/nope")).contains("not-found");
  }
}
