package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.testing.ReputationServers;
import org.tfps.testing.ReputationServers.Mode;

/**
 * TFPS with every reputation source configured against local servers that speak AbuseIPDB's,
 * APIBAN's and SentryPeer's formats: their answers decide calls (R02, R28), a hanging source never
 * holds a call past the deadline, an address that knocked on the honeypot is judged (but a trusted
 * peer never), and the keys stay out of GET /v1/config.
 */
class ReputationIT {

  @TempDir static Path dir;
  static Vertx serverVertx;
  static ReputationServers servers;
  static TfpsHarness tfps;

  @BeforeAll
  static void start() throws Exception {
    serverVertx = Vertx.vertx();
    servers =
        ReputationServers.start(serverVertx)
            .score("198.51.100.7", 97)
            .score("198.51.100.8", 65)
            .seenNumber("88213012345")
            .ban("198.51.100.66", "198.51.100.67", "198.51.100.68");
    String url = servers.url();
    tfps =
        TfpsHarness.start(
            dir,
            "tfps.sip.trusted-peers = [\"127.0.0.1/32\"]\ntfps.decision.deadline = 1s\n"
                + "tfps.honeypot { enabled = true, udp-port = 0 }\n"
                + "tfps.intel {\n"
                + "  deadline = 200ms\n"
                + "  abuseipdb { enabled = true, url = \""
                + url
                + "\", key = \""
                + ReputationServers.ABUSEIPDB_KEY
                + "\", timeout = 3s }\n"
                + "  apiban { enabled = true, url = \""
                + url
                + "/api\", key = \""
                + ReputationServers.APIBAN_KEY
                + "\", page-interval = 0s }\n"
                + "  sentrypeer { enabled = true, url = \""
                + url
                + "\", token-url = \""
                + url
                + "/oauth/token\", client-id = \""
                + ReputationServers.SENTRYPEER_ID
                + "\", client-secret = \""
                + ReputationServers.SENTRYPEER_SECRET
                + "\" }\n"
                + "}\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
    if (servers != null) {
      servers.close();
    }
    serverVertx.close().await(10, TimeUnit.SECONDS);
  }

  static int calls;

  /** Decides one call of a new account (so no account rule sees the others). */
  static JsonObject decide(String sourceIp, String dialed) throws Exception {
    calls++;
    return new JsonObject(
        Api.send(
                tfps.tfps.apiPort(),
                "POST",
                "/v1/decide",
                TfpsHarness.TEST_TOKEN,
                new JsonObject()
                    .put("account", (2000 + calls) + "@pbx.example.com")
                    .put("dialed", dialed)
                    .put("sourceIp", sourceIp)
                    .encode())
            .body());
  }

  @Test
  void abuseScoresDecideByTheConfiguredThresholds() throws Exception {
    JsonObject deny = decide("198.51.100.7", "+12125550100");
    assertThat(deny.getString("action")).isEqualTo("deny");
    assertThat(deny.getString("code")).isEqualTo("R02");
    assertThat(deny.getString("evidence")).contains("97").contains("abuseipdb");
    JsonObject verify = decide("198.51.100.8", "+12125550100");
    assertThat(verify.getString("action")).isEqualTo("verify");
    assertThat(verify.getString("code")).isEqualTo("R02");
    assertThat(decide("203.0.113.50", "+12125550100").getString("action")).isEqualTo("allow");
    assertThat(tfps.metric("tfps_intel_fetched_total{source=\"abuseipdb\"}")).isGreaterThan(2);
  }

  @Test
  void aNumberSentryPeerSawIsDeniedByR28() throws Exception {
    JsonObject v = decide("203.0.113.51", "+88213012345");
    assertThat(v.getString("code")).isEqualTo("R28");
    assertThat(v.getString("action")).isEqualTo("deny");
    assertThat(v.getString("evidence")).contains("sentrypeer");
  }

  @Test
  void apiBanListedAddressesAreDenied() throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (tfps.metric("tfps_intel_list_entries{list=\"apiban\"}") < 3 && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    JsonObject v = decide("198.51.100.67", "+12125550100");
    assertThat(v.getString("code")).isEqualTo("R02");
    assertThat(v.getString("evidence")).contains("apiban");
  }

  @Test
  void aHangingSourceNeverHoldsTheCallAndTheMissIsCounted() throws Exception {
    servers.mode("abuseipdb", Mode.HANG);
    try {
      JsonObject v = decide("203.0.113.77", "+12125550100");
      assertThat(v.getString("action")).as("fail-open by default").isEqualTo("allow");
      assertThat(tfps.metric("tfps_intel_deadline_misses_total{source=\"abuseipdb\"}"))
          .isPositive();
    } finally {
      servers.mode("abuseipdb", Mode.NORMAL);
    }
  }

  @Test
  void addressesThatKnockedOnTheHoneypotAreJudgedButTrustedPeersNever() throws Exception {
    knock("127.0.0.5");
    knock("127.0.0.1"); // the trusted softswitch, were it ever to reach the honeypot
    JsonObject v = decide("127.0.0.5", "+12125550100");
    assertThat(v.getString("code")).isEqualTo("R02");
    assertThat(v.getString("evidence")).contains("TFPS honeypot");
    assertThat(decide("127.0.0.1", "+12125550100").getString("action")).isEqualTo("allow");
  }

  @Test
  void statusShowsTheSourcesAndConfigHidesTheirKeys() throws Exception {
    JsonObject intel = new JsonObject(tfps.get("/v1/status")).getJsonObject("intel");
    assertThat(intel.getJsonArray("sources").encode())
        .contains("abuseipdb")
        .contains("sentrypeer-numbers");
    assertThat(intel.getJsonArray("lists").encode()).contains("apiban");
    String config = tfps.get("/v1/config");
    assertThat(config)
        .doesNotContain(ReputationServers.ABUSEIPDB_KEY)
        .doesNotContain(ReputationServers.APIBAN_KEY)
        .doesNotContain(ReputationServers.SENTRYPEER_SECRET)
        .contains("(redacted)");
  }

  /** One REGISTER to the honeypot from {@code from}, waiting for its answer. */
  static void knock(String from) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(from, 0))) {
      s.setSoTimeout(3000);
      String msg =
          "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
              + "Via: SIP/2.0/UDP "
              + from
              + ":"
              + s.getLocalPort()
              + ";branch=z9hG4bK-knock-"
              + from
              + "\r\nMax-Forwards: 70\r\nFrom: <sip:100@127.0.0.1>;tag=k\r\n"
              + "To: <sip:100@127.0.0.1>\r\nCall-ID: knock-"
              + from
              + "\r\nCSeq: 1 REGISTER\r\nContact: <sip:100@"
              + from
              + ">\r\nUser-Agent: friendly-scanner\r\nContent-Length: 0\r\n\r\n";
      byte[] b = msg.getBytes(StandardCharsets.US_ASCII);
      s.send(
          new DatagramPacket(
              b, b.length, InetAddress.getLoopbackAddress(), tfps.tfps.honeypotPort()));
      byte[] in = new byte[4096];
      s.receive(new DatagramPacket(in, in.length));
    }
  }
}
