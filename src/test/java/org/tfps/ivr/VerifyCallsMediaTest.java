package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tfps.config.VerifyConfig;
import org.tfps.decision.Decision;
import org.tfps.engine.Action;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Finding;
import org.tfps.engine.Verdict;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;
import org.tfps.sip.VerifyHandler;

/**
 * {@code VerifyCalls} with a real Vert.x and the real media thread on loopback: an offer answered,
 * RTP flowing after the ACK, everything freed and counted when the caller hangs up; an address that
 * does not resolve refused; no free port declined.
 */
class VerifyCallsMediaTest {

  private static Prompts prompts;

  private final Vertx vertx = Vertx.vertx();
  private final List<Challenge.Outcome> told = new CopyOnWriteArrayList<>();
  private final AtomicInteger hangUps = new AtomicInteger();

  @BeforeAll
  static void load() throws Exception {
    prompts = Prompts.load("en", null, Challenge.promptNames());
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private VerifyCalls calls(int firstPort, int lastPort) {
    VerifyConfig config =
        new VerifyConfig(
            VerifyConfig.Mode.CAPTCHA,
            "127.0.0.1",
            firstPort,
            lastPort,
            3,
            4,
            Duration.ofSeconds(5),
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            true,
            Duration.ofHours(1),
            VerifyConfig.Authorize.COUNTRY,
            "en",
            null,
            "",
            0);
    return new VerifyCalls(
        vertx,
        config,
        prompts,
        new Random(42),
        Clock.systemUTC(),
        account -> null,
        new VerifyOutcomes() {
          @Override
          public void solved(Decision decision, String entry) {
            told.add(Challenge.Outcome.SOLVED);
          }

          @Override
          public void failed(Decision decision, Challenge.Outcome outcome) {
            told.add(outcome);
          }
        },
        nanos -> {});
  }

  private static VerifyHandler.Invite invite(String host, int port) {
    String sdp =
        "v=0\r\no=t 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 "
            + host
            + "\r\nt=0 0\r\nm=audio "
            + port
            + " RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
    Decision d =
        new Decision(
            new CallAttempt("1001@pbx", "+449012345678", "127.0.0.1", "", "c-1", Instant.EPOCH, -1),
            new Destination(
                "+449012345678", "+449012345678", "GB", "", NumberType.PREMIUM_RATE, true),
            new Verdict(
                Action.VERIFY,
                "R21",
                "premium",
                60,
                List.of(new Finding("R21", "premium", Action.VERIFY, 60, "premium rate"))),
            true);
    return new VerifyHandler.Invite(
        d, "c-1", "application/sdp", sdp.getBytes(StandardCharsets.US_ASCII));
  }

  private VerifyHandler.Offer offer(VerifyCalls calls, String host, int port) throws Exception {
    return calls.offer(invite(host, port), hangUps::incrementAndGet).await(10, TimeUnit.SECONDS);
  }

  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }

  @Test
  void anAnsweredCallSendsRtpAfterTheAckAndItsEndFreesAndCountsEverything() throws Exception {
    VerifyCalls calls = calls(39100, 39199);
    try (DatagramSocket phone = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      phone.setSoTimeout(5_000);
      VerifyHandler.Offer o = offer(calls, "127.0.0.1", phone.getLocalPort());
      assertThat(o).isInstanceOf(VerifyHandler.Offer.Accepted.class);
      VerifyHandler.Offer.Accepted a = (VerifyHandler.Offer.Accepted) o;
      assertThat(a.sdp())
          .contains("c=IN IP4 127.0.0.1")
          .containsPattern("m=audio 391[0-9][02468] ");
      assertThat(calls.portsInUse()).isEqualTo(1);
      assertThat(calls.callsStarted()).isEqualTo(1);

      a.session().acked();
      for (int i = 0; i < 10; i++) {
        DatagramPacket p = new DatagramPacket(new byte[2_048], 2_048);
        phone.receive(p);
        assertThat(p.getLength()).isEqualTo(172);
      }
      a.session().ended("caller hung up");
      assertThat(eventually(() -> calls.portsInUse() == 0 && calls.callsEnded() == 1)).isTrue();
      assertThat(eventually(() -> calls.live() == 0)).isTrue();
      assertThat(eventually(() -> !told.isEmpty())).isTrue();
      assertThat(told).containsExactly(Challenge.Outcome.HUNG_UP);
      assertThat(calls.outcomes(Challenge.Outcome.HUNG_UP)).isEqualTo(1);
      assertThat(hangUps.get()).as("the caller hung up: no BYE from TFPS").isZero();
      assertThat(calls.sendErrors()).isZero();
    }
  }

  @Test
  void anOfferAddressThatDoesNotResolveIsRefused() throws Exception {
    VerifyCalls calls = calls(39200, 39299);
    VerifyHandler.Offer o = offer(calls, "no-such-host.invalid", 40000);
    assertThat(o).isInstanceOf(VerifyHandler.Offer.Refused.class);
    assertThat(((VerifyHandler.Offer.Refused) o).status()).isEqualTo(488);
    assertThat(calls.portsInUse()).isZero();
  }

  @Test
  void withEveryPortOfTheRangeHeldElsewhereTheCallIsDeclined() throws Exception {
    try (DatagramSocket holder = new DatagramSocket(39300, InetAddress.getByName("127.0.0.1"))) {
      VerifyCalls calls = calls(39300, 39301);
      VerifyHandler.Offer o = offer(calls, "127.0.0.1", 40000);
      assertThat(o).isInstanceOf(VerifyHandler.Offer.Declined.class);
      assertThat(calls.portsInUse()).isZero();
      assertThat(calls.callsStarted()).isZero();
    }
  }
}
