package org.tfps.sip;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionService;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Verdict;

/**
 * The UAS core: trusted-peer check, parse, transaction matching, and one handler per method.
 * Transport-independent (bytes in, {@link Sender} out) and confined to one event loop, so tests
 * drive it with an injected clock and a recording sender.
 */
public final class SipServer {

  private static final Logger log = LoggerFactory.getLogger(SipServer.class);

  /**
   * Methods that only exist inside a dialog; outside a verify dialog TFPS keeps none (RFC 3261
   * 12.2.2).
   */
  private static final List<String> IN_DIALOG =
      List.of(Methods.BYE, Methods.INFO, Methods.PRACK, Methods.UPDATE);

  private static final String ALLOW = "Allow: INVITE, ACK, CANCEL, OPTIONS";

  /** Methods of RFC 3261 and its extensions that TFPS knows but does not serve (405). */
  private static final List<String> KNOWN_UNSUPPORTED =
      List.of(Methods.REGISTER, "SUBSCRIBE", "NOTIFY", "MESSAGE", "REFER", "PUBLISH");

  private final PeerAcl acl;
  private final DecisionService decisions;
  final VerdictAnswers answers;
  private final IdentityReader identities;
  final ResponseWriter writer;
  final Transactions transactions;
  final SipStats stats;
  final Clock clock;
  final java.util.concurrent.Executor loop;
  private final String allowPrefix;
  private final String tagPrefix;
  final String serverHeader;
  private long tagCounter;
  private VerifyDialogs verify;
  private QueueDelay queue = new QueueDelay(0, 0);
  private SentBy sentBy = (transport, host) -> host;

  public SipServer(
      PeerAcl acl,
      DecisionService decisions,
      VerdictAnswers answers,
      IdentityReader identities,
      String serverHeader,
      String allowPrefix,
      Sender sender,
      SipStats stats,
      Clock clock,
      java.util.concurrent.Executor loop,
      long t1Millis,
      long t2Millis,
      int maxTransactions) {
    this.acl = acl;
    this.decisions = decisions;
    this.answers = answers;
    this.identities = identities;
    this.writer = new ResponseWriter(serverHeader);
    this.serverHeader = serverHeader;
    this.stats = stats;
    this.clock = clock;
    this.loop = loop;
    this.allowPrefix = allowPrefix;
    this.transactions =
        new Transactions(sender, stats, t1Millis, t2Millis, maxTransactions, clock.millis());
    this.tagPrefix = Long.toHexString(new java.security.SecureRandom().nextInt() & 0xffffffffL);
  }

  /** Fires due transaction timers; called by a periodic tick on the owning event loop. */
  public void tick() {
    transactions.advance(clock.millis());
  }

  /**
   * Hands verify verdicts to {@code handler} (issue 7) instead of answering them like a deny; null
   * (the default, {@code tfps.verify.mode = deny}) keeps the deny answer. {@code sentBy} is TFPS's
   * own address on each transport: the Contact of its 2xx and the Via of its BYE.
   */
  public void verifyWith(VerifyHandler handler, SentBy sentBy) {
    this.verify = handler == null ? null : new VerifyDialogs(this, handler);
    this.sentBy = sentBy;
  }

  /**
   * Sheds new INVITEs while {@code queue} says requests wait too long to be read (overload
   * control): they are answered 500 without a decision.
   */
  void shedWith(QueueDelay queue) {
    this.queue = queue;
  }

  /** TFPS's own address as a request or a Contact names it (RFC 3261 20.42 sent-by). */
  @FunctionalInterface
  public interface SentBy {
    /**
     * host:port of the listener of {@code transport} (UDP, TCP, TLS); {@code fallbackHost} (the
     * verify call's media address) when the listener is bound to every interface and no
     * contact-host is configured.
     */
    String of(String transport, String fallbackHost);
  }

  String sentBy(String transport, String fallbackHost) {
    return sentBy.of(transport, fallbackHost);
  }

  boolean trusts(String ip) {
    return acl.trusted(ip);
  }

  /** Live verify dialogs. */
  public int dialogCount() {
    return verify == null ? 0 : verify.count();
  }

  /** Ends every verify dialog (shutdown): the media side releases its ports, callers get a BYE. */
  public void endDialogs() {
    if (verify != null) {
      verify.endAll();
    }
  }

  /** Live server transactions. */
  public int transactionCount() {
    return transactions.size();
  }

  /**
   * Handles one message. Never throws for anything a peer sends.
   *
   * @param data the message bytes (owned by the server from now on)
   * @param len bytes used in {@code data}
   * @param from the sender; {@code from.connection()} is set for stream transports
   */
  public void receive(byte[] data, int len, Peer from) {
    long start = System.nanoTime();
    boolean trusted = acl.trusted(from.ip());
    SipMessage m;
    RequestHeaders h;
    try {
      m = SipParser.parse(data, len, !from.reliable());
      if (!m.isRequest()) {
        if (verify == null || !verify.response(m)) {
          stats.strayResponses.inc();
        }
        return;
      }
      h = RequestValidator.validate(m);
    } catch (SipParseException e) {
      onParseError(e, from, trusted);
      return;
    }
    if (!trusted) {
      stats.untrusted.inc();
      if (m.method() != Methods.ACK) {
        respondStateless(m, h, from, Answer.refusal(403, "Forbidden", "untrusted peer"));
      }
      return;
    }
    String method = m.method();
    stats.requests.inc(metricMethod(method));
    if (verify != null && verify.inDialog(m, h, from)) {
      return;
    }
    switch (method) {
      case Methods.INVITE -> {
        if (h.to().tag() != null) {
          // A re-INVITE: TFPS keeps no dialogs (RFC 3261 12.2.2).
          onNonInvite(
              m,
              h,
              from,
              Answer.refusal(481, "Call/Transaction Does Not Exist", "TFPS keeps no dialogs"));
        } else {
          onInvite(m, h, from, start);
        }
      }
      case Methods.ACK -> onAck(h);
      case Methods.CANCEL -> onCancel(m, h, from);
      case Methods.OPTIONS ->
          onNonInvite(m, h, from, new Answer(200, "OK", List.of(ALLOW, "Accept: application/sdp")));
      default -> {
        boolean inDialog = IN_DIALOG.contains(method) || h.to().tag() != null;
        onNonInvite(
            m,
            h,
            from,
            inDialog
                ? Answer.refusal(481, "Call/Transaction Does Not Exist", "TFPS keeps no dialogs")
                : KNOWN_UNSUPPORTED.contains(method)
                    ? new Answer(405, "Method Not Allowed", List.of(ALLOW))
                    // RFC 3261 21.5.2: 501 when the UAS does not recognise the method.
                    : new Answer(501, "Not Implemented", List.of(ALLOW)));
      }
    }
  }

  /** RFC 3261 17.2.1 and 8.2: new INVITE, retransmission, loop and hop-count checks. */
  private void onInvite(SipMessage m, RequestHeaders h, Peer from, long startNanos) {
    String key = Transactions.key(h, Methods.INVITE);
    ServerTransaction existing = transactions.get(key);
    if (existing != null) {
      stats.requestRetransmissions.inc();
      existing.onRetransmission();
      return;
    }
    long now = clock.millis();
    ServerTransaction tx =
        transactions.create(key, true, replyPeer(h, from), from.ip(), from.port(), now);
    if (tx == null) {
      stats.overload.inc();
      respondStateless(m, h, from, overloaded());
      return;
    }
    tx.request = m;
    tx.headers = h;
    tx.receivedNanos = startNanos;
    if (queue.shedding()) {
      // Through the transaction, so its retransmissions get the same 500 and its ACK ends it.
      queue.shed();
      stats.shed.inc();
      finish(tx, overloaded(), now);
      return;
    }
    SipUri ruri = SipUri.parse(m.requestUri());
    if (h.maxForwards() == 0) {
      finish(
          tx,
          Answer.inviteRefusal(483, "Too Many Hops", "too-many-hops", "Max-Forwards is 0"),
          now);
      return;
    }
    if (!allowPrefix.isEmpty() && ruri.user().startsWith(allowPrefix)) {
      finish(
          tx,
          Answer.inviteRefusal(
              482,
              "Loop Detected",
              "loop",
              "Request-URI already carries the allow prefix " + allowPrefix),
          now);
      return;
    }
    Identity who = identities.read(m, h, from.ip());
    CallAttempt attempt =
        new CallAttempt(
            who.account(),
            ruri.user(),
            who.sourceIp(),
            who.userAgent(),
            h.callId(),
            clock.instant(),
            who.reportedCalls());
    Future<Decision> decided = decisions.decide(attempt);
    if (decided.isComplete()) {
      onDecision(tx, decided, ruri);
    } else {
      tx.sendProvisional(
          writer.write(m, h, 100, "Trying", null, from.ip(), from.port(), List.of()));
      // Ports may complete on another thread; the server is confined to its own loop.
      decided.onComplete(ar -> loop.execute(() -> onDecision(tx, ar, ruri)));
    }
  }

  private void onDecision(ServerTransaction tx, AsyncResult<Decision> ar, SipUri ruri) {
    if (tx.state != ServerTransaction.State.PROCEEDING) {
      return; // cancelled, or timed out, while the decision was pending
    }
    Answer answer;
    if (ar.succeeded()) {
      Verdict v = ar.result().verdict();
      stats.verdicts.inc(v.code());
      if (verify != null
          && !ar.result().letThrough()
          && v.action() == org.tfps.engine.Action.VERIFY) {
        verify.start(tx, ar.result(), ruri);
        return;
      }
      answer = answers.answer(ar.result(), ruri.user(), ruri.host());
    } else {
      log.error("decision failed for Call-ID {}: {}", tx.headers.callId(), ar.cause().toString());
      answer = Answer.refusal(500, "Server Internal Error", "decision failed");
    }
    long started = tx.receivedNanos;
    finish(tx, answer, clock.millis());
    stats.decisionLatency.record(System.nanoTime() - started);
  }

  /** RFC 3261 17.2.1: the ACK for a non-2xx final response belongs to the INVITE transaction. */
  private void onAck(RequestHeaders h) {
    ServerTransaction tx = transactions.get(Transactions.key(h, Methods.ACK));
    if (tx != null) {
      tx.onAck(clock.millis());
    }
    // Otherwise a stray ACK (its transaction has ended): absorbed, never answered.
  }

  /**
   * RFC 3261 9.2: CANCEL gets 200 when it matches an INVITE transaction (and the INVITE gets 487 if
   * still pending), 481 when it matches none. The CANCEL is its own non-INVITE transaction.
   */
  private void onCancel(SipMessage m, RequestHeaders h, Peer from) {
    ServerTransaction invite = transactions.get(Transactions.key(h, Methods.INVITE));
    Answer answer =
        invite == null
            ? Answer.refusal(481, "Call/Transaction Does Not Exist", "no such INVITE transaction")
            : new Answer(200, "OK", List.of());
    if (!onNonInvite(m, h, from, answer)) {
      return;
    }
    if (invite != null && invite.state == ServerTransaction.State.PROCEEDING) {
      finish(
          invite,
          Answer.refusal(487, "Request Terminated", "cancelled by the caller"),
          clock.millis());
    }
  }

  /**
   * A non-INVITE request: answer once through a transaction (17.2.2) so retransmissions get the
   * same response. Returns false when the request was a retransmission.
   */
  boolean onNonInvite(SipMessage m, RequestHeaders h, Peer from, Answer answer) {
    String key = Transactions.key(h, m.method());
    ServerTransaction existing = transactions.get(key);
    if (existing != null) {
      stats.requestRetransmissions.inc();
      existing.onRetransmission();
      return false;
    }
    long now = clock.millis();
    ServerTransaction tx =
        transactions.create(key, false, replyPeer(h, from), from.ip(), from.port(), now);
    if (tx == null) {
      stats.overload.inc();
      respondStateless(m, h, from, overloaded());
      return false;
    }
    tx.request = m;
    tx.headers = h;
    finish(tx, answer, now);
    return true;
  }

  void finish(ServerTransaction tx, Answer a, long nowMillis) {
    byte[] bytes =
        writer.write(
            tx.request,
            tx.headers,
            a.status(),
            a.phrase(),
            nextTag(),
            tx.sourceIp,
            tx.sourcePort,
            a.headers());
    stats.responses.inc(Integer.toString(a.status()));
    tx.sendFinal(bytes, nowMillis);
  }

  private void respondStateless(SipMessage m, RequestHeaders h, Peer from, Answer a) {
    byte[] bytes =
        writer.write(m, h, a.status(), a.phrase(), nextTag(), from.ip(), from.port(), a.headers());
    stats.responses.inc(Integer.toString(a.status()));
    transactions.sender.send(replyPeer(h, from), bytes);
  }

  /**
   * Bad SIP: counted, and answered 400 (or 505/513) when enough of the request is readable to build
   * a response; otherwise dropped.
   */
  private void onParseError(SipParseException e, Peer from, boolean trusted) {
    stats.parseErrors.inc(e.reason().name());
    if (!trusted) {
      stats.untrusted.inc();
    }
    SipMessage partial = e.partial();
    if (partial == null || !partial.isRequest() || partial.method() == Methods.ACK) {
      return;
    }
    RequestHeaders h = readableHeaders(partial);
    if (h == null) {
      return;
    }
    ParseError r = e.reason();
    String phrase =
        r.status() == 505
            ? "Version Not Supported"
            : r.status() == 513 ? "Message Too Large" : "Bad Request";
    int status = trusted ? r.status() : 403;
    respondStateless(
        partial,
        h,
        from,
        Answer.refusal(
            status, trusted ? phrase : "Forbidden", trusted ? r.text() : "untrusted peer"));
  }

  /** The headers needed to address a response, read leniently from a refused request. */
  private static RequestHeaders readableHeaders(SipMessage m) {
    try {
      Via via = m.topVia();
      String from = m.first(HeaderName.FROM);
      String to = m.first(HeaderName.TO);
      if (via == null
          || from == null
          || to == null
          || m.first(HeaderName.CALL_ID) == null
          || m.first(HeaderName.CSEQ) == null) {
        return null;
      }
      NameAddr toAddr;
      try {
        toAddr = NameAddr.parse(to);
      } catch (SipParseException e) {
        toAddr = new NameAddr("", null);
      }
      return new RequestHeaders(
          via, m.first(HeaderName.CALL_ID), 0, new NameAddr("", null), toAddr, 0);
    } catch (SipParseException e) {
      return null;
    }
  }

  /**
   * Where responses go (RFC 3261 18.2.2, RFC 3581): back on the connection for streams; for UDP the
   * source address, at the source port when rport was asked for, else the sent-by port.
   */
  private static Peer replyPeer(RequestHeaders h, Peer from) {
    if (from.reliable() || h.via().rport()) {
      return from;
    }
    int port = h.via().port() > 0 ? h.via().port() : 5060;
    return port == from.port() ? from : new Peer(from.ip(), port, null);
  }

  private static Answer overloaded() {
    return new Answer(
        500, "Server Internal Error", List.of(Answer.reason(500, "overloaded"), "Retry-After: 5"));
  }

  String nextTag() {
    return tagPrefix + Long.toHexString(++tagCounter);
  }

  /** Methods as metric labels: a bounded set, so junk methods cannot grow the registry. */
  private static String metricMethod(String method) {
    return switch (method) {
      case Methods.INVITE,
          Methods.ACK,
          Methods.CANCEL,
          Methods.OPTIONS,
          Methods.BYE,
          Methods.REGISTER,
          Methods.INFO,
          Methods.PRACK,
          Methods.UPDATE ->
          method;
      default -> "OTHER";
    };
  }
}
