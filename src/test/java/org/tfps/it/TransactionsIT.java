package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.config.ConfigLoader;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.DecisionService;
import org.tfps.engine.BlockedCountryRule;
import org.tfps.engine.Engine;
import org.tfps.engine.RuleData;
import org.tfps.engine.RuleDataRef;
import org.tfps.metrics.MetricsRegistry;
import org.tfps.numbers.DialPlan;
import org.tfps.sip.SipStats;
import org.tfps.sip.SipVerticle;
import org.tfps.testing.Decisions;

/** Server transactions over real sockets: CANCEL of a pending INVITE and retransmissions. */
class TransactionsIT {

  @TempDir Path dir;

  @Test
  void cancelOfPendingInviteGets200AndInvite487() throws Exception {
    int port = Ports.freeUdpAndTcp();
    Path conf = dir.resolve("c.conf");
    Files.writeString(conf, "tfps.sip { udp-port = " + port + ", tcp-port = " + port + " }");
    TfpsConfig config = ConfigLoader.load(Optional.of(conf), Map.of(), new Properties());
    DialPlan plan = new DialPlan("US", List.of("00", "011"), "");
    Vertx vertx = Vertx.vertx();
    try {
      // An account store that takes 3 s to answer, so the INVITE is still pending when the
      // CANCEL arrives. The decision deadline is longer than that.
      DecisionService slow =
          Decisions.of(
              account ->
                  vertx
                      .timer(3, TimeUnit.SECONDS)
                      .map(x -> AccountProfile.withDialPlan(account, plan)),
              new Engine(
                  List.of(
                      new BlockedCountryRule(
                          new RuleDataRef(
                              RuleData.blockedCountries(config.engine().blockedCountries()))))),
              plan,
              10_000);
      MetricsRegistry metrics = new MetricsRegistry();
      vertx
          .deployVerticle(
              new SipVerticle(
                  config.sip(), slow, new SipStats(metrics), Clock.systemUTC(), "TFPS/it"))
          .await(10, TimeUnit.SECONDS);
      for (String transport : new String[] {"u1", "t1"}) {
        Sipp.Result r =
            Sipp.run("cancel.xml", "+442079460123", port, transport, "127.0.0.1", 1, dir);
        assertThat(r.exitCode()).as("%s: %s%n%s", transport, r.errors(), r.output()).isZero();
      }
      assertThat(metrics.render())
          .contains("tfps_sip_responses_total{status=\"487\"} 2")
          .contains("tfps_sip_requests_total{method=\"CANCEL\"} 2");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void retransmittedInviteGetsIdenticalBytesAndIsDecidedOnce() throws Exception {
    try (TfpsHarness tfps = TfpsHarness.start(dir, "");
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      socket.setSoTimeout(5000);
      int local = socket.getLocalPort();
      String invite =
          "INVITE sip:+5312345678@127.0.0.1 SIP/2.0\r\n"
              + "Via: SIP/2.0/UDP 127.0.0.1:"
              + local
              + ";branch=z9hG4bK-retrans-1;rport\r\n"
              + "Max-Forwards: 70\r\n"
              + "From: <sip:1001@pbx.example.com>;tag=a1\r\n"
              + "To: <sip:+5312345678@127.0.0.1>\r\n"
              + "Call-ID: retrans-1@it\r\n"
              + "CSeq: 7 INVITE\r\n"
              + "Content-Length: 0\r\n\r\n";
      byte[] first = exchange(socket, invite, tfps.sipPort);
      byte[] second = exchange(socket, invite, tfps.sipPort);
      assertThat(new String(first, StandardCharsets.US_ASCII))
          .startsWith("SIP/2.0 603 Decline\r\n");
      assertThat(second).isEqualTo(first);
      assertThat(tfps.metric("tfps_verdicts_total{code=\"R06\"}")).isEqualTo(1);
      assertThat(tfps.metric("tfps_sip_request_retransmissions_total")).isEqualTo(1);
      assertThat(tfps.metric("tfps_sip_requests_total{method=\"INVITE\"}")).isEqualTo(2);
    }
  }

  private static byte[] exchange(DatagramSocket socket, String message, int port) throws Exception {
    byte[] out = message.getBytes(StandardCharsets.US_ASCII);
    socket.send(new DatagramPacket(out, out.length, InetAddress.getByName("127.0.0.1"), port));
    byte[] buf = new byte[65_535];
    DatagramPacket in = new DatagramPacket(buf, buf.length);
    socket.receive(in);
    return Arrays.copyOf(buf, in.getLength());
  }
}
