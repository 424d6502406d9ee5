package org.tfps.honeypot;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.DecisionLog;
import org.tfps.numbers.Destination;
import org.tfps.numbers.DialPlan;
import org.tfps.numbers.NumberNormalizer;
import org.tfps.sip.HeaderName;
import org.tfps.sip.RequestHeaders;
import org.tfps.sip.RequestValidator;
import org.tfps.sip.ResponseWriter;
import org.tfps.sip.SipMessage;
import org.tfps.sip.SipParseException;
import org.tfps.sip.SipParser;
import org.tfps.sip.SipUri;

/**
 * The honeypot: a UDP SIP listener of its own that behaves like a careless PBX with extensions
 * 100-199 and 1000-1099. REGISTER gets a digest challenge, then is accepted whatever the
 * credentials; INVITE is recorded (the dialled number normalized to E.164), challenged (407), and
 * with credentials answered 480; other extensions get 404; OPTIONS 200. Every request is recorded
 * (source, user agent, method) through the decision log (events of kind "honeypot", and TFPS's own
 * intelligence: R28 and the SentryPeer look-ups).
 *
 * <p>It must never be an amplifier or a sink: each source may make {@code requests-per-minute}
 * requests (the rest are dropped unanswered), answers are never larger than a few hundred bytes,
 * nothing is retransmitted, no dialog or media is kept, and the per-source table is bounded.
 */
public final class Honeypot extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(Honeypot.class);

  private final TfpsConfig.Honeypot config;
  private final DecisionLog events;
  private final NumberNormalizer normalizer;
  private final DialPlan plan;
  private final Clock clock;
  private final ResponseWriter writer;
  private final SourceLimiter limiter;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private DatagramSocket socket;
  private volatile int port;

  /**
   * @param events where what it records goes (the store's events and TFPS's own intelligence)
   * @param plan the dial plan the dialled numbers are read under (the default one)
   */
  public Honeypot(
      TfpsConfig.Honeypot config,
      DecisionLog events,
      NumberNormalizer normalizer,
      DialPlan plan,
      Clock clock) {
    this.config = config;
    this.events = events;
    this.normalizer = normalizer;
    this.plan = plan;
    this.clock = clock;
    this.writer = new ResponseWriter(config.server());
    this.limiter = new SourceLimiter(config.requestsPerMinute());
  }

  @Override
  public Future<?> start() {
    socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    socket.handler(this::onPacket);
    return socket
        .listen(config.udpPort(), config.bind())
        .onSuccess(
            s -> {
              port = s.localAddress().port();
              log.info("honeypot listening on udp:{}:{}", config.bind(), port);
            });
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return port;
  }

  /** Requests recorded since start. */
  public long recorded() {
    return recorded.get();
  }

  /** Requests dropped (over a source's limit, or not SIP) since start. */
  public long dropped() {
    return dropped.get();
  }

  private void onPacket(DatagramPacket p) {
    String ip = p.sender().hostAddress();
    int from = p.sender().port();
    Instant now = clock.instant();
    if (!limiter.allow(ip, now.toEpochMilli())) {
      dropped.incrementAndGet();
      return;
    }
    byte[] bytes = p.data().getBytes();
    SipMessage m;
    RequestHeaders h;
    try {
      m = SipParser.parse(bytes, bytes.length, true);
      if (!m.isRequest()) {
        dropped.incrementAndGet();
        return;
      }
      h = RequestValidator.validate(m);
    } catch (SipParseException e) {
      dropped.incrementAndGet(); // junk gets no answer: nothing to reflect
      return;
    }
    String method = m.method();
    String ua = m.first(HeaderName.USER_AGENT);
    ua = ua == null ? "" : ua;
    String dialed = "";
    String e164 = "";
    if (method.equals("INVITE")) {
      SipUri uri = SipUri.parse(m.requestUri());
      dialed = uri == null || uri.user() == null ? "" : uri.user();
      Destination d = dialed.isEmpty() ? null : normalizer.normalize(dialed, plan);
      e164 = d == null ? "" : d.e164();
    }
    if (!method.equals("ACK")) {
      recorded.incrementAndGet();
      events.honeypot(method, ip, ua, dialed, e164, now);
    }
    byte[] answer = answer(m, h, method, ip, from, dialed);
    if (answer != null) {
      socket.send(Buffer.buffer(answer), from, ip);
    }
  }

  /**
   * Extensions the honeypot pretends to have (100-199 and 1000-1099): a scanner that tells known
   * from unknown extensions (svwar) finds them, and a REGISTER or INVITE to another extension gets
   * 404, as from a real PBX.
   */
  static boolean knownExtension(String user) {
    if (!user.matches("[0-9]{3,4}")) {
      return false;
    }
    int n = Integer.parseInt(user);
    return (n >= 100 && n <= 199) || (n >= 1000 && n <= 1099);
  }

  /** A user part that looks like an extension rather than a phone number. */
  static boolean extension(String user) {
    return user.matches("[0-9]{2,5}");
  }

  /** What a careless PBX would say; null for ACK. */
  private byte[] answer(
      SipMessage m, RequestHeaders h, String method, String ip, int from, String dialed) {
    String tag = HexFormat.of().formatHex(bytes(4));
    String challenge =
        "Digest realm=\""
            + config.realm()
            + "\", nonce=\""
            + HexFormat.of().formatHex(bytes(16))
            + "\", algorithm=MD5";
    List<String> allow = List.of("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER");
    switch (method) {
      case "REGISTER" -> {
        String user =
            h.to() == null || h.to().uri() == null ? "" : SipUri.parse(h.to().uri()).user();
        user = user == null ? "" : user;
        if (!knownExtension(user)) {
          return writer.write(m, h, 404, "Not Found", tag, ip, from, List.of());
        }
        return m.header("Authorization") == null
            ? writer.write(
                m, h, 401, "Unauthorized", tag, ip, from, List.of("WWW-Authenticate: " + challenge))
            : writer.write(m, h, 200, "OK", tag, ip, from, List.of("Expires: 3600"));
      }
      case "INVITE" -> {
        if (extension(dialed) && !knownExtension(dialed)) {
          return writer.write(m, h, 404, "Not Found", tag, ip, from, List.of());
        }
        if (m.header("Proxy-Authorization") == null && m.header("Authorization") == null) {
          return writer.write(
              m,
              h,
              407,
              "Proxy Authentication Required",
              tag,
              ip,
              from,
              List.of("Proxy-Authenticate: " + challenge));
        }
        return writer.write(m, h, 480, "Temporarily Unavailable", tag, ip, from, List.of());
      }
      case "OPTIONS" -> {
        return writer.write(m, h, 200, "OK", tag, ip, from, allow);
      }
      case "ACK" -> {
        return null;
      }
      case "BYE", "CANCEL" -> {
        return writer.write(m, h, 481, "Call/Transaction Does Not Exist", tag, ip, from, List.of());
      }
      default -> {
        return writer.write(m, h, 405, "Method Not Allowed", tag, ip, from, allow);
      }
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
