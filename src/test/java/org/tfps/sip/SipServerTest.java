package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tfps.config.Cidr;
import org.tfps.config.IdentitySource;
import org.tfps.config.SipMode;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.Accounts;
import org.tfps.decision.DecisionService;
import org.tfps.engine.BlockedCountryRule;
import org.tfps.engine.Engine;
import org.tfps.engine.RuleData;
import org.tfps.engine.RuleDataRef;
import org.tfps.metrics.MetricsRegistry;
import org.tfps.numbers.DialPlan;
import org.tfps.testing.Decisions;
import org.tfps.testing.MutableClock;

/** The UAS core and RFC 3261 17.2 server transactions, with a hand-moved clock and no sockets. */
class SipServerTest {

  private static final DialPlan PLAN = new DialPlan("US", List.of("00", "011"), "");
  private static final Peer SOFTSWITCH = new Peer("127.0.0.1", 5070, null);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
  private final List<Sent> sent = new ArrayList<>();
  private final MetricsRegistry registry = new MetricsRegistry();
  private final SipStats stats = new SipStats(registry);
  private Accounts accounts =
      account -> Future.succeededFuture(AccountProfile.withDialPlan(account, PLAN));

  record Sent(Peer to, String text) {
    int status() {
      return Integer.parseInt(text.substring(8, 11));
    }

    String header(String name) {
      for (String line : text.split("\r\n")) {
        if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          return line.substring(name.length() + 1).trim();
        }
      }
      return null;
    }
  }

  private SipServer server(SipMode mode) {
    return server(mode, false, IdentitySource.FROM);
  }

  private SipServer server(SipMode mode, boolean denyRedirect, IdentitySource identity) {
    DecisionService decisions =
        Decisions.of(
            name -> accounts.profile(name),
            new Engine(
                List.of(
                    new BlockedCountryRule(
                        new RuleDataRef(RuleData.blockedCountries(Set.of("CU")))))),
            PLAN,
            // The decision deadline runs on the wall clock: one long enough that a slow host
            // never answers a pending INVITE with the fail-open 503 before the test looks.
            60_000);
    return new SipServer(
        new PeerAcl(List.of(Cidr.parse("127.0.0.0/8"))),
        decisions,
        new VerdictAnswers(mode, "A00", denyRedirect, "", "192.0.2.99"),
        new IdentityReader(identity),
        "TFPS/test",
        "A00",
        (to, bytes) -> sent.add(new Sent(to, new String(bytes, StandardCharsets.ISO_8859_1))),
        stats,
        clock,
        Runnable::run,
        500,
        4000,
        1000);
  }

  static String invite(String number, String branch) {
    return request("INVITE", number, branch, 70, "");
  }

  static String request(
      String method, String number, String branch, int maxForwards, String extra) {
    return method
        + " sip:"
        + number
        + "@127.0.0.1:5060 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch="
        + branch
        + "\r\n"
        + "Max-Forwards: "
        + maxForwards
        + "\r\n"
        + "From: \"Office\" <sip:1001@pbx.example.com>;tag=abc\r\n"
        + "To: <sip:"
        + number
        + "@127.0.0.1>\r\n"
        + "Call-ID: call-"
        + branch
        + "\r\n"
        + "CSeq: 1 "
        + method
        + "\r\n"
        + extra
        + "Content-Length: 0\r\n\r\n";
  }

  private void receive(SipServer s, String msg, Peer from) {
    byte[] b = msg.getBytes(StandardCharsets.ISO_8859_1);
    s.receive(b, b.length, from);
  }

  private void tick(SipServer s, Duration d) {
    clock.advance(d);
    s.tick();
  }

  @Test
  void failoverModeAllows503AndDeniesCuba603() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, invite("+442079460123", "z9hG4bK-1"), SOFTSWITCH);
    receive(s, invite("005312345678", "z9hG4bK-2"), SOFTSWITCH);
    receive(s, invite("01153 12345678".replace(" ", ""), "z9hG4bK-3"), SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(503, 603, 603);
    assertThat(sent.get(0).header("X-TFPS-Verdict")).isEqualTo("allow; code=R00; rule=none");
    assertThat(sent.get(0).header("Reason")).isEqualTo("SIP;cause=503;text=\"allowed\"");
    assertThat(sent.get(1).header("X-TFPS-Verdict"))
        .isEqualTo("deny; code=R06; rule=blocked-country");
    assertThat(sent.get(1).header("Reason")).startsWith("SIP;cause=603;text=\"R06 ").contains("CU");
    assertThat(sent.get(1).header("To")).matches("<sip:005312345678@127.0.0.1>;tag=[0-9a-f]+");
    assertThat(sent.get(1).header("Via")).isEqualTo("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-2");
    assertThat(stats.verdicts.get("R06")).isEqualTo(2);
    assertThat(stats.decisionLatency().count()).isEqualTo(3);
  }

  @Test
  void redirectModeSends302WithAllowPrefix() {
    SipServer s = server(SipMode.REDIRECT);
    receive(s, invite("+442079460123", "z9hG4bK-r"), SOFTSWITCH);
    assertThat(sent.get(0).status()).isEqualTo(302);
    assertThat(sent.get(0).header("Contact")).isEqualTo("<sip:A00+442079460123@127.0.0.1>");
  }

  @Test
  void denyRedirectSends302ToTheRuleCode() {
    SipServer s = server(SipMode.REDIRECT, true, IdentitySource.FROM);
    receive(s, invite("005312345678", "z9hG4bK-dr"), SOFTSWITCH);
    assertThat(sent.get(0).status()).isEqualTo(302);
    assertThat(sent.get(0).header("Contact")).isEqualTo("<sip:R06005312345678@127.0.0.1>");
    assertThat(sent.get(0).header("X-TFPS-Verdict"))
        .isEqualTo("deny; code=R06; rule=blocked-country");
  }

  @Test
  void pAssertedIdentityNamesTheAccountWhenConfigured() {
    List<String> seen = new ArrayList<>();
    accounts =
        account -> {
          seen.add(account);
          return Future.succeededFuture(AccountProfile.withDialPlan(account, PLAN));
        };
    SipServer s = server(SipMode.FAILOVER, false, IdentitySource.P_ASSERTED_IDENTITY);
    receive(
        s,
        request(
            "INVITE",
            "+1",
            "z9hG4bK-pai",
            70,
            "P-Asserted-Identity: \"Sales\" <sip:+12125550123@trunk.example.net>, <tel:+12125550123>\r\n"),
        SOFTSWITCH);
    receive(s, invite("+1", "z9hG4bK-nopai"), SOFTSWITCH);
    assertThat(seen).containsExactly("+12125550123@trunk.example.net", "1001@pbx.example.com");
  }

  @Test
  void retransmittedInviteGetsTheSameBytesAndIsDecidedOnce() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, invite("+5312345678", "z9hG4bK-rt"), SOFTSWITCH);
    receive(s, invite("+5312345678", "z9hG4bK-rt"), SOFTSWITCH);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).text()).isEqualTo(sent.get(0).text());
    assertThat(stats.verdicts.total()).isEqualTo(1);
    assertThat(stats.requestRetransmissions.total()).isEqualTo(1);
  }

  @Test
  void timerGRetransmitsUntilTheAckEndsTheTransaction() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, invite("+5312345678", "z9hG4bK-g"), SOFTSWITCH);
    assertThat(sent).hasSize(1);
    tick(s, Duration.ofMillis(490));
    assertThat(sent).hasSize(1);
    tick(s, Duration.ofMillis(20)); // 510 ms: Timer G = T1
    assertThat(sent).hasSize(2);
    tick(s, Duration.ofMillis(1000)); // G doubled to 1 s
    assertThat(sent).hasSize(3);
    assertThat(sent.get(2).text()).isEqualTo(sent.get(0).text());
    receive(s, request("ACK", "+5312345678", "z9hG4bK-g", 70, ""), SOFTSWITCH);
    assertThat(s.transactionCount()).isZero(); // the ACK ends it (see ServerTransaction.onAck)
    receive(s, request("ACK", "+5312345678", "z9hG4bK-g", 70, ""), SOFTSWITCH);
    tick(s, Duration.ofSeconds(40));
    assertThat(sent).hasSize(3); // no more retransmissions, ACK retransmission absorbed
    assertThat(stats.responseRetransmissions.total()).isEqualTo(2);
  }

  @Test
  void timerGCapsAtT2AndTimerHGivesUp() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, invite("+5312345678", "z9hG4bK-h"), SOFTSWITCH);
    for (int i = 0; i < 400; i++) {
      tick(s, Duration.ofMillis(100));
    }
    // Retransmissions at 0.5, 1.5, 3.5, 7.5 s, then every T2 = 4 s up to 31.5 s: 10 of them,
    // then Timer H (64*T1 = 32 s) ends the transaction.
    assertThat(sent).hasSize(11);
    assertThat(s.transactionCount()).isZero();
    assertThat(stats.ackTimeouts.total()).isEqualTo(1);
  }

  @Test
  void reliableTransportDoesNotRetransmitAndEndsOnAck() {
    SipServer s = server(SipMode.FAILOVER);
    List<byte[]> written = new ArrayList<>();
    Peer tcp = new Peer("127.0.0.1", 40000, written::add);
    receive(s, invite("+5312345678", "z9hG4bK-t"), tcp);
    tick(s, Duration.ofSeconds(5));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).to()).isSameAs(tcp);
    receive(s, request("ACK", "+5312345678", "z9hG4bK-t", 70, ""), tcp);
    assertThat(s.transactionCount()).isZero();
  }

  @Test
  void cancelOfPendingInviteGets200AndInvite487() {
    Promise<AccountProfile> slow = Promise.promise();
    accounts = account -> slow.future();
    SipServer s = server(SipMode.FAILOVER);
    receive(s, invite("+442079460123", "z9hG4bK-c"), SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(100);
    receive(s, request("CANCEL", "+442079460123", "z9hG4bK-c", 70, ""), SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(100, 200, 487);
    assertThat(sent.get(1).header("CSeq")).isEqualTo("1 CANCEL");
    assertThat(sent.get(2).header("CSeq")).isEqualTo("1 INVITE");
    // The decision arriving late changes nothing.
    slow.complete(AccountProfile.withDialPlan("x", PLAN));
    assertThat(sent).hasSize(3);
    assertThat(stats.verdicts.total()).isZero();
  }

  @Test
  void retransmittedInviteWhilePendingGetsTrying() {
    Promise<AccountProfile> slow = Promise.promise();
    accounts = account -> slow.future();
    SipServer s = server(SipMode.FAILOVER);
    receive(s, invite("+442079460123", "z9hG4bK-p"), SOFTSWITCH);
    receive(s, invite("+442079460123", "z9hG4bK-p"), SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(100, 100);
    slow.complete(AccountProfile.withDialPlan("x", PLAN));
    assertThat(sent).extracting(Sent::status).containsExactly(100, 100, 503);
  }

  @Test
  void cancelWithoutInviteGets481AndAfterFinalGets200() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, request("CANCEL", "+1", "z9hG4bK-none", 70, ""), SOFTSWITCH);
    receive(s, invite("+442079460123", "z9hG4bK-done"), SOFTSWITCH);
    receive(s, request("CANCEL", "+442079460123", "z9hG4bK-done", 70, ""), SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(481, 503, 200);
  }

  @Test
  void optionsKeepaliveAndOtherMethods() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, request("OPTIONS", "tfps", "z9hG4bK-o", 70, ""), SOFTSWITCH);
    receive(s, request("BYE", "tfps", "z9hG4bK-b", 70, ""), SOFTSWITCH);
    receive(s, request("REGISTER", "tfps", "z9hG4bK-reg", 70, ""), SOFTSWITCH);
    receive(s, request("MESSAGE", "tfps", "z9hG4bK-m", 70, ""), SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(200, 481, 405, 405);
    assertThat(sent.get(0).header("Allow")).isEqualTo("INVITE, ACK, CANCEL, OPTIONS");
    assertThat(sent.get(2).header("Allow")).isEqualTo("INVITE, ACK, CANCEL, OPTIONS");
    // A retransmitted OPTIONS is answered from its transaction, identically.
    receive(s, request("OPTIONS", "tfps", "z9hG4bK-o", 70, ""), SOFTSWITCH);
    assertThat(sent.get(4).text()).isEqualTo(sent.get(0).text());
  }

  @Test
  void reInviteAndUnknownMethods() {
    SipServer s = server(SipMode.FAILOVER);
    receive(
        s,
        invite("+5312345678", "z9hG4bK-re")
            .replace("To: <sip:+5312345678@127.0.0.1>", "To: <sip:+5312345678@127.0.0.1>;tag=x1"),
        SOFTSWITCH);
    receive(s, request("FROBNICATE", "tfps", "z9hG4bK-unk", 70, ""), SOFTSWITCH);
    receive(s, request("SUBSCRIBE", "tfps", "z9hG4bK-sub", 70, ""), SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(481, 501, 405);
    assertThat(sent.get(0).header("To")).isEqualTo("<sip:+5312345678@127.0.0.1>;tag=x1");
    assertThat(stats.verdicts.total()).isZero();
  }

  @Test
  void telRequestUriRedirectsToTfpsOwnAddress() {
    SipServer s = server(SipMode.REDIRECT);
    receive(
        s,
        invite("+442079460123", "z9hG4bK-tel")
            .replaceFirst("INVITE sip:\\+442079460123@127.0.0.1:5060", "INVITE tel:+442079460123"),
        SOFTSWITCH);
    assertThat(sent.get(0).status()).isEqualTo(302);
    assertThat(sent.get(0).header("Contact")).isEqualTo("<sip:A00+442079460123@192.0.2.99>");
  }

  @Test
  void strayAckIsAbsorbed() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, request("ACK", "+1", "z9hG4bK-stray", 70, ""), SOFTSWITCH);
    assertThat(sent).isEmpty();
  }

  @Test
  void maxForwardsZeroIs483AndAllowPrefixIsALoop() {
    SipServer s = server(SipMode.REDIRECT);
    receive(s, request("INVITE", "+442079460123", "z9hG4bK-mf", 0, ""), SOFTSWITCH);
    receive(s, invite("A00+442079460123", "z9hG4bK-loop"), SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(483, 482);
    assertThat(sent.get(1).header("X-TFPS-Verdict")).isEqualTo("deny; code=S482; rule=loop");
    assertThat(stats.verdicts.total()).isZero();
  }

  @Test
  void untrustedPeerGets403AndIsNeverDecided() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, invite("+442079460123", "z9hG4bK-u"), new Peer("203.0.113.7", 5060, null));
    assertThat(sent).extracting(Sent::status).containsExactly(403);
    assertThat(stats.untrusted.total()).isEqualTo(1);
    assertThat(stats.verdicts.total()).isZero();
    assertThat(s.transactionCount()).isZero();
  }

  @Test
  void malformedRequestGets400WithReasonAndJunkIsDropped() {
    SipServer s = server(SipMode.FAILOVER);
    String noCseqMethodMatch =
        invite("+1", "z9hG4bK-bad").replace("CSeq: 1 INVITE", "CSeq: 1 OPTIONS");
    receive(s, noCseqMethodMatch, SOFTSWITCH);
    receive(s, "\u0001\u0002garbage\r\n\r\n", SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(400);
    assertThat(sent.get(0).header("Reason")).contains("CSeq method");
    assertThat(stats.parseErrors.get("CSEQ_METHOD_MISMATCH")).isEqualTo(1);
    assertThat(stats.parseErrors.get("BAD_START_LINE")).isEqualTo(1);
  }

  @Test
  void otherSipVersionGets505() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, invite("+1", "z9hG4bK-v3").replace("SIP/2.0\r\nVia", "SIP/3.0\r\nVia"), SOFTSWITCH);
    assertThat(sent).extracting(Sent::status).containsExactly(505);
    assertThat(sent.get(0).text()).startsWith("SIP/2.0 505 Version Not Supported\r\n");
    assertThat(stats.parseErrors.get("UNSUPPORTED_VERSION")).isEqualTo(1);
  }

  @Test
  void rportAndReceivedAreFilledAndResponseGoesToSourcePort() {
    SipServer s = server(SipMode.FAILOVER);
    String msg =
        invite("+442079460123", "z9hG4bK-rp")
            .replace(";branch=z9hG4bK-rp", ";rport;branch=z9hG4bK-rp");
    receive(
        s, msg.replace("127.0.0.1:5070", "198.51.100.1:5070"), new Peer("127.0.0.2", 40123, null));
    assertThat(sent.get(0).header("Via"))
        .isEqualTo(
            "SIP/2.0/UDP 198.51.100.1:5070;rport=40123;branch=z9hG4bK-rp;received=127.0.0.2");
    assertThat(sent.get(0).to()).isEqualTo(new Peer("127.0.0.2", 40123, null));
  }

  @Test
  void withoutRportResponseGoesToSentByPort() {
    SipServer s = server(SipMode.FAILOVER);
    receive(s, invite("+442079460123", "z9hG4bK-sb"), new Peer("127.0.0.1", 40999, null));
    assertThat(sent.get(0).to()).isEqualTo(new Peer("127.0.0.1", 5070, null));
  }

  @Test
  void pTfpsHeaderNamesTheAccount() {
    List<String> accountsSeen = new ArrayList<>();
    accounts =
        account -> {
          accountsSeen.add(account);
          return Future.succeededFuture(AccountProfile.withDialPlan(account, PLAN));
        };
    SipServer s = server(SipMode.FAILOVER);
    receive(
        s,
        request(
            "INVITE",
            "+1",
            "z9hG4bK-pt",
            70,
            "P-tfps: 1001;pbx.example.com;192.0.2.10;Asterisk PBX 18;2\r\n"),
        SOFTSWITCH);
    receive(s, invite("+1", "z9hG4bK-fr"), SOFTSWITCH);
    assertThat(accountsSeen).containsExactly("1001@pbx.example.com", "1001@pbx.example.com");
    assertThat(IdentityReader.pTfps("1001;pbx;192.0.2.10;Asterisk; build 7;3", "127.0.0.1", ""))
        .isEqualTo(new Identity("1001@pbx", "192.0.2.10", "Asterisk; build 7", 3));
  }

  @Test
  void fullTableAnswers500InsteadOfGrowing() {
    SipServer s = server(SipMode.FAILOVER);
    for (int i = 0; i < 1001; i++) {
      receive(s, invite("+442079460123", "z9hG4bK-f" + i), SOFTSWITCH);
    }
    assertThat(s.transactionCount()).isEqualTo(1000);
    assertThat(sent.get(1000).status()).isEqualTo(500);
    assertThat(stats.overload.total()).isEqualTo(1);
  }

  @Test
  void whileTheQueueWaitsTooLongNewInvitesGet500WithoutADecision() {
    SipServer s = server(SipMode.FAILOVER);
    QueueDelay queue = new QueueDelay(200, 42);
    s.shedWith(queue);
    byte[] probe = queue.probe(0);
    queue.received(probe, probe.length, 250_000_000L); // waited 250 ms
    assertThat(queue.shedding()).isTrue();

    receive(s, invite("+442079460123", "z9hG4bK-shed"), SOFTSWITCH);
    receive(s, invite("+442079460123", "z9hG4bK-shed"), SOFTSWITCH); // its retransmission
    receive(s, request("OPTIONS", "ping", "z9hG4bK-opt", 70, ""), SOFTSWITCH);

    assertThat(sent).hasSize(3);
    assertThat(sent.get(0).status()).isEqualTo(500);
    assertThat(sent.get(0).header("Reason")).contains("overloaded");
    assertThat(sent.get(0).header("Retry-After")).isEqualTo("5");
    assertThat(sent.get(1).text()).isEqualTo(sent.get(0).text());
    assertThat(sent.get(2).status()).isEqualTo(200); // keepalives still answered
    assertThat(stats.shed.total()).isEqualTo(1);
    assertThat(stats.verdicts.total()).isZero();
    receive(s, request("ACK", "+442079460123", "z9hG4bK-shed", 70, ""), SOFTSWITCH);
    assertThat(s.transactionCount()).isEqualTo(1); // the OPTIONS transaction only

    // Back to half the limit: decided again.
    probe = queue.probe(300_000_000L);
    queue.received(probe, probe.length, 390_000_000L);
    assertThat(queue.shedding()).isFalse();
    receive(s, invite("+442079460123", "z9hG4bK-after"), SOFTSWITCH);
    assertThat(sent.get(3).status()).isEqualTo(503);
    assertThat(stats.verdicts.total()).isEqualTo(1);
  }
}
