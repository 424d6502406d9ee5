package org.tfps.ivr;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
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
 * range, answers, then runs one {@link VerifyCall} per dialog on the media thread ({@link
 * MediaLoop}). {@link #offer} and the owner's bookkeeping (ports, counts, outcomes) run on the SIP
 * event loop; the calls themselves, their sockets' sends and reads, on the media thread: the SIP
 * side's ACK, INFO and BYE are handed to it, and what a call tells its owner is handed back.
 */
public final class VerifyCalls implements VerifyHandler {

  private static final Logger log = LoggerFactory.getLogger(VerifyCalls.class);

  /** Ports tried for one call before giving up (another program may hold some of the range). */
  static final int BIND_TRIES = 8;

  /**
   * How long an offer's media address given as a name may take to resolve; then 488 (the INVITE's
   * server transaction is waiting, and the caller hears nothing meanwhile).
   */
  static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(2);

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
  private final InetAddress mediaAddress;
  private final MediaLoop media = new MediaLoop(MediaLoop.daemon("tfps-media"), System::nanoTime);
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong ended = new AtomicLong();
  private final AtomicLongArray outcomeCounts =
      new AtomicLongArray(Challenge.Outcome.values().length);
  private final LongAdder skipped = new LongAdder();
  private final LongAdder sendErrors = new LongAdder();
  private int live;

  /**
   * @param codes the CAPTCHA codes' generator: SecureRandom, or a seeded one in tests (drawn on the
   *     media thread, in the order the calls' ACKs come)
   * @param pinHashOf the account's PIN hash ({@link Pins}), or null when it has none
   * @param lateness where each RTP frame's send lateness (ns) is recorded (from the media thread)
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
    this.mediaAddress = literal(config.mediaAddress());
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

  /** Calls answered with media since start. */
  public long callsStarted() {
    return started.get();
  }

  /** Calls whose media ended and whose port was freed since start. */
  public long callsEnded() {
    return ended.get();
  }

  /** Challenges that ended with {@code outcome} since start. */
  public long outcomes(Challenge.Outcome outcome) {
    return outcomeCounts.get(outcome.ordinal());
  }

  /** Frames the pacers skipped because the media thread ran a call too late ({@link Pacer}). */
  public long framesSkipped() {
    return skipped.sum();
  }

  /** Frames the RTP sockets did not take (buffer full, or an error). */
  public long sendErrors() {
    return sendErrors.sum();
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
    return remote(choice.remote().address(), choice.remotePort())
        .map(
            remote -> {
              if (remote == null) {
                return (Offer)
                    new Offer.Refused(
                        488, "Not Acceptable Here", "the offer's address does not resolve");
              }
              DatagramChannel channel = bind(BIND_TRIES);
              if (channel == null) {
                return (Offer) new Offer.Declined("no free RTP port");
              }
              int port = ((InetSocketAddress) localAddress(channel)).getPort();
              String answer =
                  SdpAnswer.build(
                      sdp,
                      choice,
                      new SdpAnswer.Local(
                          config.mediaAddress(), port, random.nextLong() & Long.MAX_VALUE, 1));
              return (Offer)
                  new Offer.Accepted(
                      answer, start(invite.decision(), choice, channel, port, remote, control));
            });
  }

  /**
   * The offer's media address: an IPv4 literal at once, a name (RFC 4566 allows an FQDN) resolved
   * on a worker thread within {@link #RESOLVE_TIMEOUT}; null when it does not resolve to an IPv4
   * address in time.
   */
  private Future<InetSocketAddress> remote(String host, int port) {
    InetAddress literal = ipv4Literal(host);
    if (literal != null) {
      return Future.succeededFuture(new InetSocketAddress(literal, port));
    }
    return vertx
        .executeBlocking(() -> new InetSocketAddress(InetAddress.getByName(host), port), false)
        .timeout(RESOLVE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .map(a -> a.getAddress() instanceof java.net.Inet4Address ? a : null)
        .otherwise((InetSocketAddress) null);
  }

  /** The configured media address, a literal IP (checked when the configuration is read). */
  private static InetAddress literal(String address) {
    try {
      return InetAddress.getByName(address); // a literal: no look-up
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("media address " + address + " is not a literal IP", e);
    }
  }

  /** {@code host} as an IPv4 address when it is a dotted-quad literal (no look-up), else null. */
  static InetAddress ipv4Literal(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !Sdp.digits(p)) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      b[i] = (byte) v;
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (java.net.UnknownHostException e) {
      return null; // four bytes are always an address
    }
  }

  /**
   * A non-blocking channel bound to a port of the range, or null when none could be bound in {@code
   * tries} (a port someone else holds is given back, so it is tried again last, round robin).
   */
  private DatagramChannel bind(int tries) {
    for (int i = 0; i < tries; i++) {
      int port = ports.take();
      if (port < 0) {
        return null;
      }
      DatagramChannel channel = null;
      try {
        channel =
            DatagramChannel.open(
                mediaAddress instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
        channel.configureBlocking(false);
        channel.bind(new InetSocketAddress(mediaAddress, port));
        return channel;
      } catch (IOException e) {
        log.debug("RTP port {} not bound: {}", port, e.toString());
        if (channel != null) {
          try {
            channel.close();
          } catch (IOException ignored) {
            // not bound: nothing held
          }
        }
        ports.release(port);
      }
    }
    return null;
  }

  private static java.net.SocketAddress localAddress(DatagramChannel channel) {
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Session start(
      Decision decision,
      SdpAnswer.Choice choice,
      DatagramChannel channel,
      int port,
      InetSocketAddress remote,
      Control control) {
    String account = decision.attempt().account();
    // Read on the event loop, where the accounts are kept; each entry is checked on a worker
    // thread (PBKDF2, about 0.2 s), never on the media thread, which would hold every call's audio.
    String pinHash = config.mode() == VerifyConfig.Mode.PIN ? pinHashOf.apply(account) : null;
    Challenge challenge =
        config.mode() == VerifyConfig.Mode.PIN
            ? Challenge.pinCheckedByOwner(settings, clock)
            : Challenge.captcha(settings, codes, clock);
    Context context = vertx.getOrCreateContext();
    live++;
    started.incrementAndGet();
    CallMedia rtp = new CallMedia(channel, remote, config.symmetricRtp(), skipped, sendErrors);
    VerifyCall.Owner owner =
        new VerifyCall.Owner() {
          @Override
          public void outcome(Challenge.Outcome outcome) {
            int attempts = challenge.attempts();
            context.runOnContext(v -> tellOutcome(decision, outcome, attempts));
          }

          @Override
          public void hangUp() {
            context.runOnContext(v -> control.hangUp());
          }

          @Override
          public void released() {
            context.runOnContext(
                v -> {
                  ports.release(port);
                  live--;
                  ended.incrementAndGet();
                });
          }

          @Override
          public void checkPin(String typed, java.util.function.Consumer<Boolean> answer) {
            vertx
                .executeBlocking(() -> pinMatches(pinHash, config.pin(), typed), false)
                .onComplete(
                    ar -> {
                      if (ar.failed()) {
                        log.error(
                            "PIN check of verify call {} failed: {}",
                            decision.attempt().callId(),
                            ar.cause().toString());
                      }
                      media.execute(() -> answer.accept(ar.succeeded() && ar.result()));
                    });
          }
        };
    VerifyCall call =
        new VerifyCall(
            challenge,
            new Playout(prompts, choice.codec(), random),
            new RtpStream(choice.payloadType(), random),
            choice.telephoneEvent() > 0 ? choice.telephoneEvent() : -1,
            System::nanoTime,
            clock,
            config.silenceTimeout().toNanos(),
            rtp,
            owner,
            lateness);
    rtp.attach(call, owner);
    return new Session() {
      @Override
      public void acked() {
        media.execute(
            () -> {
              call.acked();
              if (!call.over()) {
                media.schedule(rtp, System.nanoTime());
              }
            });
      }

      @Override
      public void info(String contentType, byte[] body) {
        media.execute(() -> call.info(contentType, body));
      }

      @Override
      public void ended(String why) {
        media.execute(() -> call.ended(why));
      }
    };
  }

  private void tellOutcome(Decision decision, Challenge.Outcome outcome, int attempts) {
    outcomeCounts.incrementAndGet(outcome.ordinal());
    log.info(
        "verify call {} of {}: {} after {} attempts",
        decision.attempt().callId(),
        decision.attempt().account(),
        outcome,
        attempts);
    if (outcome == Challenge.Outcome.SOLVED) {
      outcomes.solved(decision, entry(decision));
    } else {
      outcomes.failed(decision, outcome);
    }
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
