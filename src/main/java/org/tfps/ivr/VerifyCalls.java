package org.tfps.ivr;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.VerifyConfig;
import org.tfps.decision.Decision;
import org.tfps.decision.Pins;
import org.tfps.sip.VerifyHandler;

/**
 * The verify dialogs' media side (issue 7): reads the INVITE's SDP offer, binds an RTP port of the
 * range, answers, then runs one {@link VerifyCall} per dialog on a 10 ms timer. Every method runs
 * on the SIP event loop (the sockets and timers are created there).
 */
public final class VerifyCalls implements VerifyHandler {

  private static final Logger log = LoggerFactory.getLogger(VerifyCalls.class);

  /**
   * The longest wait between two ticks of a call (timeouts and silence are checked on them). Each
   * tick is otherwise armed for the next frame's due time, so frames leave within about a
   * millisecond of their slot instead of up to a tick late.
   */
  static final long TICK_MS = 10;

  /** Ports tried for one call before giving up (another program may hold some of the range). */
  static final int BIND_TRIES = 8;

  private final Vertx vertx;
  private final VerifyConfig config;
  private final Prompts prompts;
  private final RandomGenerator codes;
  private final RandomGenerator random = new SecureRandom();
  private final Clock clock;
  private final Function<String, String> pinHashOf;
  private final VerifyOutcomes outcomes;
  private final LongConsumer lateness;
  private final RtpPorts ports;
  private final Challenge.Settings settings;
  private int live;

  /**
   * @param codes the CAPTCHA codes' generator: SecureRandom, or a seeded one in tests
   * @param pinHashOf the account's PIN hash ({@link Pins}), or null when it has none
   * @param lateness where each RTP frame's send lateness (ns) is recorded
   */
  public VerifyCalls(
      Vertx vertx,
      VerifyConfig config,
      Prompts prompts,
      RandomGenerator codes,
      Clock clock,
      Function<String, String> pinHashOf,
      VerifyOutcomes outcomes,
      LongConsumer lateness) {
    this.vertx = vertx;
    this.config = config;
    this.prompts = prompts;
    this.codes = codes;
    this.clock = clock;
    this.pinHashOf = pinHashOf;
    this.outcomes = outcomes;
    this.lateness = lateness;
    this.ports = new RtpPorts(config.rtpPortMin(), config.rtpPortMax());
    this.settings =
        new Challenge.Settings(
            config.codeDigits(),
            config.maxAttempts(),
            config.interDigitTimeout(),
            config.timeout());
  }

  /** Live verify calls (dialogs with media). */
  public int live() {
    return live;
  }

  /** RTP ports taken. */
  public int portsInUse() {
    return ports.inUse();
  }

  @Override
  public Future<Offer> offer(Invite invite, Control control) {
    SessionDescription sdp;
    if (invite.sdp().length == 0) {
      return Future.succeededFuture(
          new Offer.Refused(488, "Not Acceptable Here", "an SDP offer is needed to verify"));
    }
    try {
      sdp = Sdp.parse(invite.sdp(), 0, invite.sdp().length);
    } catch (MediaParseException e) {
      return Future.succeededFuture(
          new Offer.Refused(400, "Bad Request", "bad SDP: " + e.getMessage()));
    }
    Optional<SdpAnswer.Choice> chosen = SdpAnswer.choose(sdp);
    if (chosen.isEmpty()) {
      return Future.succeededFuture(
          new Offer.Refused(488, "Not Acceptable Here", "no common codec (PCMU or PCMA)"));
    }
    SdpAnswer.Choice choice = chosen.get();
    if (choice.direction() != SessionDescription.Direction.SENDRECV
        || choice.remote().unspecified()
        || choice.remote().ipv6()) {
      return Future.succeededFuture(
          new Offer.Refused(
              488, "Not Acceptable Here", "the audio stream must be sendrecv to an IPv4 address"));
    }
    return bind(BIND_TRIES)
        .map(
            socket -> {
              if (socket == null) {
                return (Offer) new Offer.Declined("no free RTP port");
              }
              int port = socket.localAddress().port();
              String answer =
                  SdpAnswer.build(
                      sdp,
                      choice,
                      new SdpAnswer.Local(
                          config.mediaAddress(), port, random.nextLong() & Long.MAX_VALUE, 1));
              return (Offer)
                  new Offer.Accepted(answer, start(invite.decision(), choice, socket, control));
            });
  }

  /** Binds a port of the range; null when none could be bound in {@code tries}. */
  private Future<DatagramSocket> bind(int tries) {
    int port = ports.take();
    if (port < 0 || tries == 0) {
      if (port >= 0) {
        ports.release(port);
      }
      return Future.succeededFuture(null);
    }
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    return socket
        .listen(port, config.mediaAddress())
        .recover(
            e -> {
              log.debug("RTP port {} not bound: {}", port, e.toString());
              socket.close();
              ports.release(port); // someone else holds it: tried again last, round robin
              return bind(tries - 1);
            });
  }

  private Session start(
      Decision decision, SdpAnswer.Choice choice, DatagramSocket socket, Control control) {
    int port = socket.localAddress().port();
    String account = decision.attempt().account();
    Challenge challenge =
        config.mode() == VerifyConfig.Mode.PIN
            ? Challenge.pin(settings, pin -> pinMatches(account, pin), clock)
            : Challenge.captcha(settings, codes, clock);
    String remoteHost = choice.remote().address();
    int remotePort = choice.remotePort();
    long[] timer = {-1};
    live++;
    VerifyCall call =
        new VerifyCall(
            challenge,
            new Playout(prompts, choice.codec(), random),
            new RtpStream(choice.payloadType(), random),
            choice.telephoneEvent() > 0 ? choice.telephoneEvent() : -1,
            System::nanoTime,
            clock,
            config.silenceTimeout().toNanos(),
            new VerifyCall.Media() {
              @Override
              public void send(byte[] packet, int length) {
                socket.send(
                    Buffer.buffer(java.util.Arrays.copyOf(packet, length)), remotePort, remoteHost);
              }

              @Override
              public void close() {
                socket.close();
              }
            },
            new VerifyCall.Owner() {
              @Override
              public void outcome(Challenge.Outcome outcome) {
                log.info(
                    "verify call {} of {}: {} after {} attempts",
                    decision.attempt().callId(),
                    account,
                    outcome,
                    challenge.attempts());
                if (outcome == Challenge.Outcome.SOLVED) {
                  outcomes.solved(decision, entry(decision));
                } else {
                  outcomes.failed(decision, outcome);
                }
              }

              @Override
              public void hangUp() {
                control.hangUp();
              }

              @Override
              public void released() {
                vertx.cancelTimer(timer[0]);
                ports.release(port);
                live--;
              }
            },
            lateness);
    socket.handler(
        p -> {
          Buffer b = p.data();
          call.onRtp(b.getBytes(), b.length());
        });
    arm(call, timer);
    return call;
  }

  /** A one-shot timer for the call's next frame (at most {@link #TICK_MS} away), re-armed. */
  private void arm(VerifyCall call, long[] timer) {
    long nanos = call.nanosUntilNextFrame(TICK_MS * 1_000_000L);
    long millis = Math.max(1, (nanos + 999_999) / 1_000_000);
    timer[0] =
        vertx.setTimer(
            millis,
            id -> {
              call.tick();
              if (!call.over()) {
                arm(call, timer);
              }
            });
  }

  private boolean pinMatches(String account, String pin) {
    return pinMatches(pinHashOf.apply(account), config.pin(), pin);
  }

  /**
   * The account's PIN when it has one (its PBKDF2 hash, {@link Pins}), else the global PIN when one
   * is configured (compared in constant time); no PIN at all matches nothing.
   */
  static boolean pinMatches(String accountHash, String globalPin, String typed) {
    if (accountHash != null) {
      return Pins.matches(typed, accountHash);
    }
    return !globalPin.isEmpty()
        && java.security.MessageDigest.isEqual(
            globalPin.getBytes(StandardCharsets.US_ASCII),
            typed.getBytes(StandardCharsets.US_ASCII));
  }

  /** What a solved challenge authorizes: the destination's country, or its E.164 number. */
  private String entry(Decision decision) {
    var d = decision.destination();
    if (config.authorize() == VerifyConfig.Authorize.COUNTRY && !d.country().isEmpty()) {
      return d.country();
    }
    return d.isNumber() ? d.e164() : d.dialed();
  }
}
