package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The honeypot on loopback: it answers like a careless PBX, records the attacker, and a trusted
 * account that then dials the number the attacker tried is denied at once (R28).
 */
class HoneypotIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  @BeforeAll
  static void start() throws Exception {
    tfps =
        TfpsHarness.start(
            dir,
            TfpsHarness.embeddedDatabase(dir)
                + "tfps.honeypot { enabled = true, udp-port = 0, requests-per-minute = 8 }\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  static int seq;

  /** Sends one request from {@code s}; the status line of the answer, or null when none came. */
  static String send(DatagramSocket s, String method, String ruri, String extra) throws Exception {
    seq++;
    String msg =
        method
            + " "
            + ruri
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:"
            + s.getLocalPort()
            + ";branch=z9hG4bK-hp-"
            + seq
            + "\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:100@127.0.0.1>;tag=hp"
            + seq
            + "\r\n"
            + "To: <sip:100@127.0.0.1>\r\n"
            + "Call-ID: hp-"
            + seq
            + "@127.0.0.1\r\n"
            + "CSeq: 1 "
            + method
            + "\r\n"
            + "User-Agent: friendly-scanner\r\n"
            + extra
            + "Content-Length: 0\r\n\r\n";
    byte[] b = msg.getBytes(StandardCharsets.US_ASCII);
    s.send(
        new DatagramPacket(
            b, b.length, InetAddress.getLoopbackAddress(), tfps.tfps.honeypotPort()));
    byte[] in = new byte[4096];
    DatagramPacket p = new DatagramPacket(in, in.length);
    try {
      s.receive(p);
    } catch (SocketTimeoutException none) {
      return null;
    }
    String answer = new String(in, 0, p.getLength(), StandardCharsets.US_ASCII);
    assertThat(p.getLength()).as("never an amplifier").isLessThan(b.length * 2);
    return answer;
  }

  @Test
  void anAttackerIsAnsweredRecordedAndItsNumberDeniedToTrustedCallers() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(2000);
      assertThat(send(s, "OPTIONS", "sip:100@127.0.0.1", "")).startsWith("SIP/2.0 200 OK");
      String challenge = send(s, "REGISTER", "sip:127.0.0.1", "");
      assertThat(challenge)
          .startsWith("SIP/2.0 401")
          .contains("WWW-Authenticate: Digest realm=\"pbx\"");
      assertThat(
              send(
                  s,
                  "REGISTER",
                  "sip:127.0.0.1",
                  "Authorization: Digest username=\"100\", realm=\"pbx\", nonce=\"x\","
                      + " uri=\"sip:127.0.0.1\", response=\"00\"\r\n"))
          .startsWith("SIP/2.0 200 OK");
      assertThat(send(s, "INVITE", "sip:0046701234567@127.0.0.1", ""))
          .startsWith("SIP/2.0 407")
          .contains("Proxy-Authenticate: Digest");
      assertThat(
              send(
                  s,
                  "INVITE",
                  "sip:0046701234567@127.0.0.1",
                  "Proxy-Authorization: Digest username=\"100\", realm=\"pbx\", nonce=\"x\","
                      + " uri=\"sip:0046701234567@127.0.0.1\", response=\"00\"\r\n"))
          .startsWith("SIP/2.0 480")
          .doesNotContain("TFPS");
      // Past its 8 requests of the minute, the source gets no answer at all.
      String last = "";
      for (int i = 0; i < 5 && last != null; i++) {
        last = send(s, "OPTIONS", "sip:100@127.0.0.1", "");
      }
      assertThat(last).as("answered past the limit").isNull();
    }
    assertThat(tfps.metric("tfps_honeypot_dropped_total")).isPositive();

    // What it learned: the look-ups, and R28 for a trusted account's call to that number.
    assertThat(Api.get(tfps.tfps.apiPort(), "/api/phone-numbers/%2B46701234567"))
        .contains("phone_number_found");
    assertThat(Api.get(tfps.tfps.apiPort(), "/api/ip-addresses/127.0.0.1"))
        .contains("bad_actor_found");
    JsonObject verdict =
        new JsonObject(
            Api.send(
                    tfps.tfps.apiPort(),
                    "POST",
                    "/v1/decide",
                    TfpsHarness.TEST_TOKEN,
                    "{\"account\":\"9501@pbx.example.com\",\"dialed\":\"+46701234567\"}")
                .body());
    assertThat(verdict.getString("code")).isEqualTo("R28");
    assertThat(verdict.getString("action")).isEqualTo("deny");

    // Kept as events of kind honeypot.
    JsonArray events = new JsonArray();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      events =
          new JsonObject(Api.get(tfps.tfps.apiPort(), "/v1/events?limit=50"))
              .getJsonArray("events");
      if (events.encode().contains("+46701234567")) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    assertThat(
            events.stream()
                .map(e -> (JsonObject) e)
                .filter(e -> "honeypot".equals(e.getString("kind")))
                .map(e -> e.getString("rule")))
        .contains("OPTIONS", "REGISTER", "INVITE");

    // Exported in SentryPeer's event shape.
    JsonArray shared =
        new JsonObject(Api.get(tfps.tfps.apiPort(), "/v1/honeypot/events?limit=50"))
            .getJsonArray("events");
    JsonObject invite =
        shared.stream()
            .map(e -> (JsonObject) e)
            .filter(e -> "INVITE".equals(e.getString("sip_method")))
            .findFirst()
            .orElseThrow();
    assertThat(invite.getString("called_number")).isEqualTo("0046701234567");
    assertThat(invite.getString("source_ip")).isEqualTo("127.0.0.1");
    assertThat(invite.getString("sip_user_agent")).isEqualTo("friendly-scanner");
    assertThat(invite.getString("collected_method")).isEqualTo("responsive");
    assertThat(invite.getString("transport_type")).isEqualTo("UDP");
    assertThat(java.util.UUID.fromString(invite.getString("event_uuid"))).isNotNull();
    assertThat(invite.getString("event_timestamp"))
        .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
  }

  @Test
  void sippPlayingAnAttackerRegistersThenItsCallFailsAndItsNumberIsLearned() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    // From 127.0.0.2: the other test's source is past its rate limit.
    Sipp.Result r =
        Sipp.run(
            "honeypot-attack.xml",
            "0046701234568",
            tfps.tfps.honeypotPort(),
            "u1",
            "127.0.0.2",
            1,
            dir);
    assertThat(r.exitCode()).as("SIPp: %s%n%s", r.errors(), r.output()).isZero();
    assertThat(Api.get(tfps.tfps.apiPort(), "/api/phone-numbers/%2B46701234568"))
        .contains("phone_number_found");
    assertThat(Api.get(tfps.tfps.apiPort(), "/api/ip-addresses/127.0.0.2"))
        .contains("bad_actor_found");
  }
}
