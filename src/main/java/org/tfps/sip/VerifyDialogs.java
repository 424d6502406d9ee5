package org.tfps.sip;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.Decision;
import org.tfps.engine.Verdict;

/**
 * The verify dialogs of one {@link SipServer} (issue 7, docs/ivr.md): a verify verdict offered to
 * the {@link VerifyHandler}, the 200 OK with its SDP answer resent until the ACK, the requests
 * inside each dialog (ACK, BYE, INFO, a refused re-INVITE), and TFPS's own BYE. Runs on the
 * server's event loop.
 */
final class VerifyDialogs {

  private static final Logger log = LoggerFactory.getLogger(VerifyDialogs.class);

  private final SipServer server;
  private final VerifyHandler handler;
  private final java.util.Map<String, Dialog> dialogs = new java.util.HashMap<>();
  private final java.util.Map<String, ByeClient> byes = new java.util.HashMap<>();
  private final java.security.SecureRandom branches = new java.security.SecureRandom();

  VerifyDialogs(SipServer server, VerifyHandler handler) {
    this.server = server;
    this.handler = handler;
  }

  /** Live dialogs. */
  int count() {
    return dialogs.size();
  }

  /** Ends every dialog (shutdown): the media side releases its ports, callers get a BYE. */
  void endAll() {
    for (Dialog d : List.copyOf(dialogs.values())) {
      endFromSip(d, "shutdown");
      sendBye(d);
    }
  }

  /** A response to one of TFPS's BYEs: true when it was one. */
  boolean response(SipMessage m) {
    ByeClient bye = byes.get(String.valueOf(m.first(HeaderName.CALL_ID)));
    if (bye == null) {
      return false;
    }
    if (m.status() >= 200) {
      bye.answered();
    }
    return true;
  }

  /** A request: true when a dialog took it (else the server handles it as before). */
  boolean inDialog(SipMessage m, RequestHeaders h, Peer from) {
    Dialog d = dialogs.isEmpty() ? null : of(h);
    return d != null && inDialog(d, m, h, from);
  }

  /** Offers a verify call to the handler; the answer waits for its future (a port is bound). */
  void start(ServerTransaction tx, Decision decision, SipUri ruri) {
    SipMessage m = tx.request;
    RequestHeaders h = tx.headers;
    String contact = m.first(HeaderName.CONTACT);
    String target = null;
    if (contact != null) {
      try {
        target = NameAddr.parse(contact).uri();
      } catch (SipParseException e) {
        target = null;
      }
    }
    String remote = m.first(HeaderName.FROM);
    String local = m.first(HeaderName.TO);
    Dialog d =
        new Dialog(
            this,
            tx,
            h.callId(),
            server.nextTag(),
            h.from().tag(),
            remote,
            local,
            target != null ? target : h.from().uri(),
            h.via().transport(),
            RouteSet.of(m.all("Record-Route")));
    VerifyHandler.Invite invite =
        new VerifyHandler.Invite(
            decision,
            h.callId(),
            m.first(HeaderName.CONTENT_TYPE),
            m.body().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Future<VerifyHandler.Offer> offered;
    try {
      offered = handler.offer(invite, d);
    } catch (RuntimeException e) {
      offered = Future.failedFuture(e);
    }
    offered.onComplete(ar -> server.loop.execute(() -> onOffer(tx, d, decision, ruri, ar)));
  }

  private void onOffer(
      ServerTransaction tx,
      Dialog d,
      Decision decision,
      SipUri ruri,
      AsyncResult<VerifyHandler.Offer> ar) {
    long now = server.clock.millis();
    if (tx.state != ServerTransaction.State.PROCEEDING) {
      if (ar.succeeded() && ar.result() instanceof VerifyHandler.Offer.Accepted a) {
        a.session().ended("cancelled");
      }
      return;
    }
    if (ar.failed()) {
      log.error("verify offer failed for Call-ID {}: {}", d.callId, ar.cause().toString());
      server.finish(tx, Answer.refusal(500, "Server Internal Error", "verify failed"), now);
      return;
    }
    Verdict v = decision.verdict();
    String verdictHeader =
        "X-TFPS-Verdict: " + decision.wireAction() + "; code=" + v.code() + "; rule=" + v.rule();
    VerifyHandler.Offer offer = ar.result();
    if (offer instanceof VerifyHandler.Offer.Declined) {
      server.stats.verifyDeclined.inc();
      server.finish(tx, server.answers.answer(decision, ruri.user(), ruri.host()), now);
    } else if (offer instanceof VerifyHandler.Offer.Refused r) {
      server.finish(
          tx,
          new Answer(
              r.status(), r.phrase(), List.of(Answer.reason(r.status(), r.why()), verdictHeader)),
          now);
    } else if (offer instanceof VerifyHandler.Offer.Accepted a) {
      d.session = a.session();
      d.sentBy = server.sentBy(d.transport, connectionAddress(a.sdp()));
      dialogs.put(d.callId, d);
      // RFC 3261 12.1.1: the 2xx repeats the Record-Route, and its Contact is TFPS itself (the
      // Request-URI may name the proxy in front), so the ACK and the caller's BYE find TFPS
      // through the proxies that record-routed.
      List<String> headers = new java.util.ArrayList<>(d.routes.recordRouteHeaders());
      headers.add("Contact: <" + contactUri(d) + ">");
      headers.add("Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, INFO");
      headers.add(Answer.reason(200, v.code() + " " + v.evidence()));
      headers.add(verdictHeader);
      headers.add("Content-Type: application/sdp");
      byte[] bytes =
          server.writer.write(
              tx.request,
              tx.headers,
              200,
              "OK",
              d.localTag,
              tx.sourceIp,
              tx.sourcePort,
              headers,
              a.sdp().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      server.stats.responses.inc("200");
      // RFC 3261 13.3.1.4: the 2xx is resent at T1 doubling to T2 until the ACK; with none
      // after 64*T1 the dialog is confirmed and then ended with a BYE.
      tx.onAckTimeout =
          () -> {
            if (dialogs.get(d.callId) == d && !d.acked) {
              endFromSip(d, "no ACK");
              sendBye(d);
            }
          };
      tx.sendFinal(bytes, now);
    }
  }

  /** The dialog a request belongs to: same Call-ID, the caller's tag, TFPS's tag (12.2.2). */
  private Dialog of(RequestHeaders h) {
    Dialog d = dialogs.get(h.callId());
    if (d == null || !java.util.Objects.equals(d.remoteTag, h.from().tag())) {
      return null;
    }
    String toTag = h.to().tag();
    // The ACK and a CANCEL may come before the caller saw TFPS's tag only for the INVITE itself.
    return toTag == null || toTag.equals(d.localTag) ? d : null;
  }

  /** A request inside a verify dialog; false when it is the INVITE's own business (CANCEL...). */
  private boolean inDialog(Dialog d, SipMessage m, RequestHeaders h, Peer from) {
    if (h.to().tag() == null) {
      // The INVITE's own transaction answers its retransmissions and a CANCEL; a retransmission
      // that comes after the ACK ended that transaction is absorbed, not decided anew (17.2.1).
      return Methods.INVITE.equals(m.method())
          && d.invite.state == ServerTransaction.State.TERMINATED;
    }
    switch (m.method()) {
      case Methods.ACK -> {
        ServerTransaction tx = server.transactions.get(Transactions.key(h, Methods.ACK));
        if (tx != null) {
          tx.onAck(server.clock.millis());
        }
        if (d.invite.state != ServerTransaction.State.TERMINATED) {
          d.invite.terminate(); // the 2xx retransmissions end with the ACK (13.3.1.4)
        }
        if (!d.acked && !d.over) {
          d.acked = true;
          d.session.acked();
        }
        return true;
      }
      case Methods.BYE -> {
        if (server.onNonInvite(m, h, from, new Answer(200, "OK", List.of()))) {
          endFromSip(d, "caller hung up");
        }
        return true;
      }
      case Methods.INFO -> {
        if (server.onNonInvite(m, h, from, new Answer(200, "OK", List.of()))) {
          d.session.info(
              m.first(HeaderName.CONTENT_TYPE),
              m.body().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return true;
      }
      case Methods.INVITE -> {
        // A re-INVITE while verifying: refused, the dialog goes on (RFC 3261 14.2).
        server.onNonInvite(
            m,
            h,
            from,
            Answer.refusal(488, "Not Acceptable Here", "no session changes while verifying"));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** The dialog ends from the SIP side: the media side releases, nothing is sent here. */
  private void endFromSip(Dialog d, String why) {
    if (d.over) {
      return;
    }
    d.over = true;
    dialogs.remove(d.callId, d);
    if (d.invite.state != ServerTransaction.State.TERMINATED) {
      d.invite.terminate();
    }
    d.session.ended(why);
  }

  /** The media side hangs up: BYE (RFC 3261 15.1.1) and forget the dialog. */
  void hangUp(Dialog d) {
    server.loop.execute(
        () -> {
          if (d.over) {
            return;
          }
          d.over = true;
          dialogs.remove(d.callId, d);
          if (d.invite.state != ServerTransaction.State.TERMINATED) {
            d.invite.terminate();
          }
          sendBye(d);
        });
  }

  /** TFPS's Contact URI in the dialog: sip (sips over TLS), with the transport when not UDP. */
  private static String contactUri(Dialog d) {
    String transport = transport(d);
    return switch (transport) {
      case "TLS" -> "sips:tfps@" + d.sentBy;
      case "UDP" -> "sip:tfps@" + d.sentBy;
      default -> "sip:tfps@" + d.sentBy + ";transport=" + transport.toLowerCase(Locale.ROOT);
    };
  }

  private static String transport(Dialog d) {
    return d.transport == null || d.transport.isEmpty()
        ? "UDP"
        : d.transport.toUpperCase(Locale.ROOT);
  }

  /**
   * The address of an SDP's session-level connection line ({@code c=IN IP4 192.0.2.7}): where the
   * media side receives, and so an address of this host the caller can reach; null without one.
   */
  static String connectionAddress(String sdp) {
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("c=IN IP")) {
        String[] parts = line.trim().split(" ");
        return parts.length == 3 ? parts[2] : null;
      }
    }
    return null;
  }

  private void sendBye(Dialog d) {
    String branch = "z9hG4bK" + Long.toHexString(branches.nextLong() & Long.MAX_VALUE);
    StringBuilder routes = new StringBuilder();
    for (String r : d.routes.routeHeaders(d.remoteTarget)) {
      routes.append(r).append("\r\n");
    }
    String bye =
        "BYE "
            + d.routes.requestUri(d.remoteTarget)
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/"
            + transport(d)
            + " "
            + d.sentBy
            + ";branch="
            + branch
            + ";rport\r\n"
            + routes
            + "Max-Forwards: 70\r\n"
            + "From: "
            + d.localAddress
            + ";tag="
            + d.localTag
            + "\r\n"
            + "To: "
            + d.remoteAddress
            + "\r\n"
            + "Call-ID: "
            + d.callId
            + "\r\n"
            + "CSeq: 1 BYE\r\n"
            + "Reason: SIP;cause=200;text=\"verification over\"\r\n"
            + "Server: "
            + server.serverHeader
            + "\r\n"
            + "Content-Length: 0\r\n\r\n";
    long now = server.clock.millis();
    new ByeClient(
            d.callId,
            bye.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            byeDestination(d),
            server.transactions,
            byes,
            now)
        .start(now);
  }

  /**
   * Where TFPS's BYE goes: over UDP to the first route when it names the address of a trusted peer
   * (12.2.1.1; a route a caller forged sends TFPS's requests nowhere else); otherwise, and over TCP
   * and TLS (the INVITE's connection), where the INVITE came from: the proxy in front, or the
   * caller itself.
   */
  private Peer byeDestination(Dialog d) {
    RouteSet.Hop hop = d.routes.firstHop();
    if (hop == null || d.peer.reliable() || !server.trusts(hop.ip())) {
      return d.peer;
    }
    return new Peer(hop.ip(), hop.port(), null);
  }
}
