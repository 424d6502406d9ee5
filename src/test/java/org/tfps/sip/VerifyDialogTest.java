package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.config.Cidr;
import org.tfps.config.IdentitySource;
import org.tfps.config.SipMode;
import org.tfps.decision.AccountProfile;
import org.tfps.engine.Action;
import org.tfps.engine.Engine;
import org.tfps.engine.Finding;
import org.tfps.metrics.MetricsRegistry;
import org.tfps.numbers.DialPlan;
import org.tfps.testing.Decisions;
import org.tfps.testing.MutableClock;

/** The verify dialog's SIP side (RFC 3261 12, 13.3.1.4, 15), with a fake media handler. */
class VerifyDialogTest {

  private static final DialPlan PLAN = new DialPlan("US", List.of("00", "011"), "");
  private static final Peer CALLER = new Peer("127.0.0.1", 5070, null);
  private static final String SDP =
      "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          + "m=audio 6000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
  private final List<String> sent = new ArrayList<>();
  private final List<String> sentTo = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private VerifyHandler.Control control;
  private Future<VerifyHandler.Offer> pending;
  private VerifyHandler.Offer offer =
      new VerifyHandler.Offer.Accepted("v=0\r\n", new RecordingSession());

  final class RecordingSession implements VerifyHandler.Session {
    @Override
    public void acked() {
      events.add("acked");
    }

    @Override
    public void info(String contentType, byte[] body) {
      events.add("info " + contentType + " " + new String(body, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void ended(String why) {
      events.add("ended " + why);
    }
  }

  private SipServer server() {
    SipServer s =
        new SipServer(
            new PeerAcl(List.of(Cidr.parse("127.0.0.0/8"))),
            Decisions.of(
                name -> Future.succeededFuture(AccountProfile.withDialPlan(name, PLAN)),
                new Engine(
                    List.of(
                        (attempt, facts) ->
                            new Finding("R24", "sequential", Action.VERIFY, 50, "test"))),
                PLAN,
                50),
            new VerdictAnswers(SipMode.FAILOVER, "A00", false, "", "192.0.2.99"),
            new IdentityReader(IdentitySource.FROM),
            "TFPS/test",
            "A00",
            (to, bytes) -> {
              sent.add(new String(bytes, StandardCharsets.ISO_8859_1));
              sentTo.add(to.ip() + ":" + to.port());
            },
            new SipStats(new MetricsRegistry()),
            clock,
            Runnable::run,
            500,
            4000,
            1000);
    s.verifyWith(
        (invite, c) -> {
          control = c;
          events.add("offer " + invite.callId() + " " + invite.sdp().length);
          return pending != null ? pending : Future.succeededFuture(offer);
        },
        (transport, host) -> "192.0.2.10:" + (transport.equals("UDP") ? 5060 : 5065));
    return s;
  }

  private static String request(String method, String branch, String toTag, String body) {
    return method
        + " sip:+442079460123@127.0.0.1:5060 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch="
        + branch
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:1001@pbx.example.com>;tag=abc\r\n"
        + "To: <sip:+442079460123@127.0.0.1>"
        + (toTag == null ? "" : ";tag=" + toTag)
        + "\r\n"
        + "Call-ID: dialog-1\r\n"
        + "CSeq: "
        + (method.equals("ACK") ? "1" : method.equals("INVITE") ? "1" : "2")
        + " "
        + method
        + "\r\n"
        + "Contact: <sip:1001@127.0.0.1:5070>\r\n"
        + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
        + "Content-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  private void receive(SipServer s, String msg) {
    byte[] b = msg.getBytes(StandardCharsets.ISO_8859_1);
    s.receive(b, b.length, CALLER);
  }

  private static String toTag(String response) {
    for (String line : response.split("\r\n")) {
      if (line.startsWith("To:")) {
        return line.substring(line.indexOf(";tag=") + 5);
      }
    }
    return null;
  }

  private void advance(SipServer s, long millis) {
    for (long t = 0; t < millis; t += 10) {
      clock.advance(Duration.ofMillis(10));
      s.tick();
    }
  }

  @Test
  void answers200WithTheSdpAndRetransmitsUntilTheAck() {
    SipServer s = server();
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    assertThat(events).containsExactly("offer dialog-1 " + SDP.length());
    String ok = sent.get(0);
    assertThat(ok).startsWith("SIP/2.0 200 OK\r\n");
    assertThat(ok).contains("Content-Type: application/sdp", "Contact: <sip:tfps@192.0.2.10:5060>");
    assertThat(ok).contains("X-TFPS-Verdict: verify; code=R24").endsWith("\r\n\r\nv=0\r\n");
    assertThat(s.dialogCount()).isEqualTo(1);
    advance(s, 1_600); // T1 500: resent at 500 and 1500
    assertThat(sent).hasSize(3).allMatch(m -> m.equals(ok));
    receive(s, request("ACK", "z9hG4bK-2", toTag(ok), ""));
    assertThat(events).contains("acked");
    advance(s, 10_000);
    assertThat(sent).hasSize(3);
    assertThat(s.dialogCount()).isEqualTo(1);
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP)); // late retransmission: absorbed
    assertThat(sent).hasSize(3);
    assertThat(events.stream().filter(e -> e.startsWith("offer"))).hasSize(1);
  }

  @Test
  void infoIsAnswered200AndHandedOn() {
    SipServer s = server();
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    String tag = toTag(sent.get(0));
    receive(s, request("ACK", "z9hG4bK-2", tag, ""));
    receive(
        s,
        request("INFO", "z9hG4bK-3", tag, "Signal=5\r\nDuration=160\r\n")
            .replace("application/sdp", "application/dtmf-relay"));
    assertThat(sent.get(sent.size() - 1)).startsWith("SIP/2.0 200 OK");
    assertThat(events).anyMatch(e -> e.startsWith("info application/dtmf-relay Signal=5"));
  }

  @Test
  void theCallersByeIsAnswered200AndEndsTheDialog() {
    SipServer s = server();
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    String tag = toTag(sent.get(0));
    receive(s, request("ACK", "z9hG4bK-2", tag, ""));
    receive(s, request("BYE", "z9hG4bK-4", tag, ""));
    assertThat(sent.get(sent.size() - 1)).startsWith("SIP/2.0 200 OK");
    assertThat(events).endsWith("ended caller hung up");
    assertThat(s.dialogCount()).isZero();
    receive(s, request("BYE", "z9hG4bK-4", tag, "")); // retransmission: same 200
    assertThat(sent.get(sent.size() - 1)).startsWith("SIP/2.0 200 OK");
    assertThat(events.stream().filter(e -> e.startsWith("ended"))).hasSize(1);
  }

  @Test
  void aReInviteIsRefused488AndTheDialogGoesOn() {
    SipServer s = server();
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    String tag = toTag(sent.get(0));
    receive(s, request("ACK", "z9hG4bK-2", tag, ""));
    receive(s, request("INVITE", "z9hG4bK-5", tag, SDP));
    assertThat(sent.get(sent.size() - 1)).startsWith("SIP/2.0 488 Not Acceptable Here");
    assertThat(s.dialogCount()).isEqualTo(1);
  }

  @Test
  void tfpsHangsUpWithAByeToTheContactRetransmittedUntilAnswered() {
    SipServer s = server();
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    String tag = toTag(sent.get(0));
    receive(s, request("ACK", "z9hG4bK-2", tag, ""));
    control.hangUp();
    String bye = sent.get(sent.size() - 1);
    assertThat(bye).startsWith("BYE sip:1001@127.0.0.1:5070 SIP/2.0\r\n");
    assertThat(bye).contains("From: <sip:+442079460123@127.0.0.1>;tag=" + tag);
    assertThat(bye).contains("To: <sip:1001@pbx.example.com>;tag=abc", "Call-ID: dialog-1");
    assertThat(s.dialogCount()).isZero();
    advance(s, 600);
    assertThat(sent.get(sent.size() - 1)).isEqualTo(bye);
    int count = sent.size();
    String ok =
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1\r\nFrom: <sip:x@y>;tag="
            + tag
            + "\r\nTo: <sip:1001@pbx.example.com>;tag=abc\r\nCall-ID: dialog-1\r\n"
            + "CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n";
    receive(s, ok);
    advance(s, 40_000);
    assertThat(sent).hasSize(count);
    assertThat(events).noneMatch(e -> e.startsWith("ended"));
  }

  @Test
  void aProxyThatRecordRoutedStaysOnThePathOfTheAckAndTheBye() {
    SipServer s = server();
    String rr = "Record-Route: <sip:127.0.0.9:5080;lr;ftag=abc>, <sip:10.1.1.1;lr>\r\n";
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP).replace("Max-Forwards", rr + "Max-F"));
    String ok = sent.get(0);
    assertThat(ok)
        .contains(
            "Record-Route: <sip:127.0.0.9:5080;lr;ftag=abc>\r\n"
                + "Record-Route: <sip:10.1.1.1;lr>\r\n")
        .contains("Contact: <sip:tfps@192.0.2.10:5060>");
    receive(s, request("ACK", "z9hG4bK-2", toTag(ok), ""));
    control.hangUp();
    String bye = sent.get(sent.size() - 1);
    assertThat(bye)
        .startsWith("BYE sip:1001@127.0.0.1:5070 SIP/2.0\r\n")
        .contains("Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK")
        .contains("Route: <sip:127.0.0.9:5080;lr;ftag=abc>\r\nRoute: <sip:10.1.1.1;lr>\r\n");
    assertThat(sentTo.get(sentTo.size() - 1)).as("the first route").isEqualTo("127.0.0.9:5080");
  }

  @Test
  void aRouteToAnUntrustedAddressIsNotWhereTfpsSendsItsBye() {
    SipServer s = server();
    String rr = "Record-Route: <sip:203.0.113.5;lr>\r\n";
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP).replace("Max-Forwards", rr + "Max-F"));
    receive(s, request("ACK", "z9hG4bK-2", toTag(sent.get(0)), ""));
    control.hangUp();
    assertThat(sent.get(sent.size() - 1)).contains("Route: <sip:203.0.113.5;lr>");
    assertThat(sentTo.get(sentTo.size() - 1))
        .as("where the INVITE came from")
        .isEqualTo("127.0.0.1:5070");
  }

  @Test
  void noAckEndsTheDialogWithAByeAfter64T1() {
    SipServer s = server();
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    advance(s, 33_000);
    assertThat(events).endsWith("ended no ACK");
    assertThat(sent.get(sent.size() - 1)).startsWith("BYE ");
    assertThat(s.dialogCount()).isZero();
  }

  @Test
  void aCancelWhileThePortIsBeingBoundGets487AndTheSessionIsReleased() {
    io.vertx.core.Promise<VerifyHandler.Offer> later = io.vertx.core.Promise.promise();
    pending = later.future();
    SipServer s = server();
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    assertThat(sent).isEmpty();
    receive(
        s, request("CANCEL", "z9hG4bK-1", null, "").replace("CSeq: 2 CANCEL", "CSeq: 1 CANCEL"));
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0)).startsWith("SIP/2.0 200 OK");
    assertThat(sent.get(1)).startsWith("SIP/2.0 487 Request Terminated");
    later.complete(offer);
    assertThat(events).endsWith("ended cancelled");
    assertThat(s.dialogCount()).isZero();
    assertThat(sent).hasSize(2);
  }

  @Test
  void aDeclinedOfferIsAnsweredLikeADeny() {
    offer = new VerifyHandler.Offer.Declined("no free RTP port");
    SipServer s = server();
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    assertThat(sent.get(0)).startsWith("SIP/2.0 603 Decline").contains("X-TFPS-Verdict: verify");
    assertThat(s.dialogCount()).isZero();
  }

  @Test
  void aRefusedOfferCarriesItsStatus() {
    offer = new VerifyHandler.Offer.Refused(488, "Not Acceptable Here", "no common codec");
    SipServer s = server();
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    assertThat(sent.get(0))
        .startsWith("SIP/2.0 488 Not Acceptable Here")
        .contains("text=\"no common codec\"", "X-TFPS-Verdict: verify");
  }

  @Test
  void withoutAHandlerVerifyIsStill603() {
    SipServer s = server();
    s.verifyWith(null, null);
    receive(s, request("INVITE", "z9hG4bK-1", null, SDP));
    assertThat(sent.get(0)).startsWith("SIP/2.0 603 Decline");
  }
}
