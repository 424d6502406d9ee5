package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tfps.testing.MutableClock;

/** One verify call's media logic, driven by hand-moved clocks and a recording media sink. */
class VerifyCallTest {

  private static Prompts prompts;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<byte[]> sentPackets = new ArrayList<>();
  private final List<Challenge.Outcome> outcomes = new ArrayList<>();
  private final List<Long> lateness = new ArrayList<>();
  private int hangUps;
  private int releases;
  private int closes;

  /** The same generator as the challenge's: it draws the same codes, in order. */
  private final Random codes = new Random(42);

  @BeforeAll
  static void load() throws Exception {
    prompts = Prompts.load("en", null, Challenge.promptNames());
  }

  private VerifyCall call(Challenge challenge, long silenceNanos) {
    return new VerifyCall(
        challenge,
        new Playout(prompts, SdpAnswer.Codec.PCMU),
        new RtpStream(0, new Random(7)),
        101,
        nanos::get,
        clock,
        silenceNanos,
        new VerifyCall.Media() {
          @Override
          public void send(byte[] packet, int length) {
            sentPackets.add(Arrays.copyOf(packet, length));
          }

          @Override
          public void close() {
            closes++;
          }
        },
        new VerifyCall.Owner() {
          @Override
          public void outcome(Challenge.Outcome outcome) {
            outcomes.add(outcome);
          }

          @Override
          public void hangUp() {
            hangUps++;
          }

          @Override
          public void released() {
            releases++;
          }
        },
        lateness::add);
  }

  private Challenge captcha() {
    return Challenge.captcha(Challenge.Settings.DEFAULTS, new Random(42), clock);
  }

  /** Moves both clocks by 10 ms and ticks, {@code n} times. */
  private void run(VerifyCall c, int ticks) {
    for (int i = 0; i < ticks && !c.over(); i++) {
      nanos.addAndGet(10_000_000L);
      clock.advance(Duration.ofMillis(10));
      c.tick();
    }
  }

  /** The next code the challenge draws (4 digits of the shared seed). */
  private String spokenCode() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      sb.append((char) ('0' + codes.nextInt(10)));
    }
    return sb.toString();
  }

  /** An RFC 4733 end packet for {@code digit}, with its own timestamp. */
  private static byte[] dtmf(char digit, long timestamp) {
    byte[] p = new byte[16];
    RtpPacket.writeHeader(p, 0, false, 101, (int) timestamp & 0xffff, timestamp, 0x1234);
    p[12] = (byte) (digit == '*' ? 10 : digit == '#' ? 11 : digit - '0');
    p[13] = (byte) 0x8a; // E bit, volume 10
    p[14] = 0x03;
    p[15] = 0x20; // duration 800
    return p;
  }

  private void type(VerifyCall c, String code, long[] ts) {
    for (char d : code.toCharArray()) {
      byte[] p = dtmf(d, ts[0] += 1000);
      c.onRtp(p, p.length);
      c.onRtp(p, p.length); // a retransmitted end packet counts once (RFC 4733 2.5.1.4)
    }
  }

  @Test
  void nothingIsSentBeforeTheAck() {
    VerifyCall c = call(captcha(), Duration.ofSeconds(30).toNanos());
    run(c, 50);
    assertThat(sentPackets).isEmpty();
    c.acked();
    run(c, 10);
    assertThat(sentPackets).isNotEmpty();
    assertThat(lateness).hasSameSizeAs(sentPackets);
  }

  @Test
  void theRightCodeSolvesItThenTheGoodbyeAndTheBye() {
    VerifyCall c = call(captcha(), Duration.ofSeconds(30).toNanos());
    c.acked();
    String code = spokenCode();
    assertThat(code).hasSize(4);
    run(c, 100);
    type(c, code, new long[] {0});
    assertThat(outcomes).containsExactly(Challenge.Outcome.SOLVED);
    assertThat(hangUps).as("the BYE waits for the last prompt").isZero();
    run(c, 2_000);
    assertThat(hangUps).isEqualTo(1);
    assertThat(releases).isEqualTo(1);
    assertThat(closes).isEqualTo(1);
    c.ended("late BYE");
    assertThat(releases).isEqualTo(1);
    assertThat(outcomes).hasSize(1);
  }

  @Test
  void rtpCarriesThePromptsInOrderWithContinuousSequenceAndTimestamps() {
    VerifyCall c = call(captcha(), Duration.ofSeconds(30).toNanos());
    c.acked();
    run(c, 50);
    assertThat(sentPackets.size()).isGreaterThan(20);
    byte[] first = sentPackets.get(0);
    byte[] enterCode = new byte[160];
    prompts.audio(Challenge.ENTER_CODE).get(enterCode);
    assertThat(Arrays.copyOfRange(first, 12, 172)).isEqualTo(enterCode);
    for (int i = 1; i < sentPackets.size(); i++) {
      byte[] a = sentPackets.get(i - 1);
      byte[] b = sentPackets.get(i);
      int seqA = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
      int seqB = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      assertThat(seqB).isEqualTo((seqA + 1) & 0xffff);
      long tsA = java.nio.ByteBuffer.wrap(a, 4, 4).getInt() & 0xffffffffL;
      long tsB = java.nio.ByteBuffer.wrap(b, 4, 4).getInt() & 0xffffffffL;
      assertThat((tsB - tsA) & 0xffffffffL).isEqualTo(160);
      assertThat(Arrays.copyOfRange(b, 8, 12)).isEqualTo(Arrays.copyOfRange(first, 8, 12));
    }
  }

  @Test
  void threeWrongCodesFailAndHangUpAfterTheGoodbye() {
    VerifyCall c = call(captcha(), Duration.ofSeconds(30).toNanos());
    c.acked();
    long[] ts = {0};
    for (int i = 0; i < 3; i++) {
      String code = spokenCode();
      String wrong = code.equals("0000") ? "1111" : "0000";
      run(c, 50);
      type(c, wrong, ts);
    }
    assertThat(outcomes).containsExactly(Challenge.Outcome.FAILED);
    run(c, 2_000);
    assertThat(hangUps).isEqualTo(1);
    assertThat(releases).isEqualTo(1);
  }

  @Test
  void digitsBySipInfoCountToo() {
    VerifyCall c = call(captcha(), Duration.ofSeconds(30).toNanos());
    c.acked();
    for (char d : spokenCode().toCharArray()) {
      byte[] body = ("Signal=" + d + "\r\nDuration=160\r\n").getBytes();
      c.info("application/dtmf-relay", body);
    }
    assertThat(outcomes).containsExactly(Challenge.Outcome.SOLVED);
  }

  @Test
  void theCallersByeMidPromptReleasesWithoutABye() {
    VerifyCall c = call(captcha(), Duration.ofSeconds(30).toNanos());
    c.acked();
    run(c, 20);
    c.ended("caller hung up");
    assertThat(outcomes).containsExactly(Challenge.Outcome.HUNG_UP);
    assertThat(hangUps).isZero();
    assertThat(releases).isEqualTo(1);
    int before = sentPackets.size();
    run(c, 20);
    assertThat(sentPackets).hasSize(before);
  }

  @Test
  void rtpSilenceEndsTheCallWithABye() {
    VerifyCall c = call(captcha(), Duration.ofSeconds(2).toNanos());
    c.acked();
    run(c, 250);
    assertThat(outcomes).containsExactly(Challenge.Outcome.HUNG_UP);
    assertThat(hangUps).isEqualTo(1);
    assertThat(releases).isEqualTo(1);
  }

  @Test
  void aPinChallengeChecksThePredicate() {
    VerifyCall c =
        call(
            Challenge.pin(Challenge.Settings.DEFAULTS, "4711"::equals, clock),
            Duration.ofSeconds(30).toNanos());
    c.acked();
    type(c, "4711#", new long[] {0});
    assertThat(outcomes).containsExactly(Challenge.Outcome.SOLVED);
  }

  @Test
  void theSilentCallerTimesOut() {
    VerifyCall c = call(captcha(), Duration.ofSeconds(300).toNanos());
    c.acked();
    run(c, 10_000); // 100 s: past the total timeout
    assertThat(outcomes).containsExactly(Challenge.Outcome.TIMED_OUT);
    assertThat(hangUps).isEqualTo(1);
    assertThat(releases).isEqualTo(1);
  }
}
