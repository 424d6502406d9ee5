package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tfps.testing.MutableClock;

/**
 * One call's RTP socket on loopback, run by hand with a hand-moved clock: frames go out when due,
 * the caller's RFC 4733 digits come in, skipped frames and refused sends are counted, and the end
 * (or a failure) frees the socket.
 */
class CallMediaTest {

  private static Prompts prompts;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final LongAdder skipped = new LongAdder();
  private final LongAdder sendErrors = new LongAdder();
  private final List<Challenge.Outcome> outcomes = new ArrayList<>();
  private int hangUps;
  private int releases;
  private DatagramChannel channel;
  private DatagramSocket phone;
  private CallMedia media;
  private VerifyCall call;

  @BeforeAll
  static void load() throws Exception {
    prompts = Prompts.load("en", null, Challenge.promptNames());
  }

  @BeforeEach
  void open() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    phone = new DatagramSocket(0, lo);
    phone.setSoTimeout(5_000);
    channel = DatagramChannel.open(StandardProtocolFamily.INET);
    channel.configureBlocking(false);
    channel.bind(new InetSocketAddress(lo, 0));
    media =
        new CallMedia(
            channel, new InetSocketAddress(lo, phone.getLocalPort()), true, skipped, sendErrors);
    VerifyCall.Owner owner =
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
        };
    call =
        new VerifyCall(
            Challenge.captcha(Challenge.Settings.DEFAULTS, new Random(42), clock),
            new Playout(prompts, SdpAnswer.Codec.PCMU),
            new RtpStream(0, new Random(7)),
            101,
            nanos::get,
            clock,
            Duration.ofSeconds(30).toNanos(),
            media,
            owner,
            x -> {});
    media.attach(call, owner);
  }

  @AfterEach
  void close() throws Exception {
    phone.close();
    channel.close();
  }

  private void advance(long millis) {
    nanos.addAndGet(millis * 1_000_000L);
    clock.advance(Duration.ofMillis(millis));
  }

  private int receiveFrame() throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2_048], 2_048);
    phone.receive(p);
    return p.getLength();
  }

  @Test
  void framesGoOutWhenDueAndTheNextDueTimeIsTwentyMillisecondsOn() throws Exception {
    long before = media.run(nanos.get());
    assertThat(before).as("before the ACK: the longest wait").isEqualTo(nanos.get() + 20_000_000L);
    call.acked();
    long start = nanos.get();
    assertThat(media.run(start)).isEqualTo(start + 20_000_000L);
    assertThat(receiveFrame()).isEqualTo(172);
    advance(20);
    assertThat(media.run(nanos.get())).isEqualTo(start + 40_000_000L);
    assertThat(receiveFrame()).isEqualTo(172);
    assertThat(sendErrors.sum()).isZero();
  }

  @Test
  void theCallersDigitsAreReadFromTheSocket() throws Exception {
    call.acked();
    media.run(nanos.get());
    Random same = new Random(42); // the challenge's generator: the same first code
    long ts = 1_000;
    for (int i = 0; i < 4; i++) {
      int digit = same.nextInt(10);
      byte[] p = new byte[16];
      RtpPacket.writeHeader(p, 0, false, 101, i, ts += 1_000, 0x1234);
      p[12] = (byte) digit;
      p[13] = (byte) 0x8a; // end of event, volume 10
      p[15] = 0x20;
      phone.send(new DatagramPacket(p, p.length, channel.getLocalAddress()));
    }
    long end = System.nanoTime() + 5_000_000_000L;
    while (outcomes.isEmpty() && System.nanoTime() < end) {
      advance(20);
      media.run(nanos.get());
      Thread.sleep(1);
    }
    assertThat(outcomes).containsExactly(Challenge.Outcome.SOLVED);
  }

  @Test
  void framesGoWhereTheCallersFirstRtpCameFromAndStayThere() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (DatagramSocket nat = new DatagramSocket(0, lo);
        DatagramSocket other = new DatagramSocket(0, lo)) {
      nat.setSoTimeout(5_000);
      call.acked();
      media.run(nanos.get());
      assertThat(receiveFrame()).as("to the offer's address first").isEqualTo(172);
      byte[] p = new byte[172];
      RtpPacket.writeHeader(p, 0, false, 0, 1, 160, 0x1234);
      nat.send(new DatagramPacket(p, p.length, channel.getLocalAddress()));
      byte[] junk = {1, 2, 3};
      long end = System.nanoTime() + 5_000_000_000L;
      while (media.remote().getPort() != nat.getLocalPort() && System.nanoTime() < end) {
        Thread.sleep(1);
        advance(20);
        media.run(nanos.get());
      }
      assertThat(media.remote().getPort()).as("latched").isEqualTo(nat.getLocalPort());
      // a later packet from elsewhere moves nothing
      RtpPacket.writeHeader(p, 0, false, 0, 2, 320, 0x9999);
      other.send(new DatagramPacket(p, p.length, channel.getLocalAddress()));
      other.send(new DatagramPacket(junk, junk.length, channel.getLocalAddress()));
      Thread.sleep(50);
      advance(20);
      media.run(nanos.get());
      assertThat(media.remote().getPort()).isEqualTo(nat.getLocalPort());
      DatagramPacket got = new DatagramPacket(new byte[2_048], 2_048);
      nat.receive(got);
      assertThat(got.getLength()).isEqualTo(172);
    }
  }

  @Test
  void withoutSymmetricRtpFramesKeepGoingToTheOffersAddress() throws Exception {
    CallMedia fixed =
        new CallMedia(
            channel,
            new InetSocketAddress("127.0.0.1", phone.getLocalPort()),
            false,
            skipped,
            sendErrors);
    VerifyCall quiet =
        new VerifyCall(
            Challenge.captcha(Challenge.Settings.DEFAULTS, new Random(42), clock),
            new Playout(prompts, SdpAnswer.Codec.PCMU),
            new RtpStream(0, new Random(7)),
            101,
            nanos::get,
            clock,
            Duration.ofSeconds(30).toNanos(),
            fixed,
            new VerifyCall.Owner() {
              @Override
              public void outcome(Challenge.Outcome outcome) {}

              @Override
              public void hangUp() {}

              @Override
              public void released() {}
            },
            x -> {});
    fixed.attach(quiet, null);
    try (DatagramSocket nat = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      byte[] p = new byte[172];
      RtpPacket.writeHeader(p, 0, false, 0, 1, 160, 0x1234);
      nat.send(new DatagramPacket(p, p.length, channel.getLocalAddress()));
      Thread.sleep(50);
      quiet.acked();
      fixed.run(nanos.get());
      assertThat(fixed.remote().getPort()).isEqualTo(phone.getLocalPort());
    }
  }

  @Test
  void framesThePacerSkippedAreCounted() {
    call.acked();
    media.run(nanos.get());
    advance(200); // frames 1-10 due at once: 8 and 9 (late) and 10 are sent, 1-7 skipped
    media.run(nanos.get());
    assertThat(skipped.sum()).isEqualTo(7);
    advance(20);
    media.run(nanos.get());
    assertThat(skipped.sum()).as("counted once").isEqualTo(7);
  }

  @Test
  void aSendTheSocketRefusesIsCountedNotThrown() throws Exception {
    channel.close();
    media.send(new byte[172], 172);
    assertThat(sendErrors.sum()).isEqualTo(1);
  }

  @Test
  void theEndOfTheCallClosesTheSocketAndDropsTheStream() {
    call.acked();
    media.run(nanos.get());
    call.ended("caller hung up");
    assertThat(channel.isOpen()).isFalse();
    assertThat(media.run(nanos.get())).isEqualTo(MediaSchedule.DONE);
    assertThat(releases).isEqualTo(1);
    assertThat(hangUps).isZero();
  }

  @Test
  void aFailureEndsTheCallFreesTheSocketAndHangsUp() {
    call.acked();
    media.failed(new IllegalStateException("boom"));
    assertThat(channel.isOpen()).isFalse();
    assertThat(outcomes).containsExactly(Challenge.Outcome.HUNG_UP);
    assertThat(releases).isEqualTo(1);
    assertThat(hangUps).isEqualTo(1);
    media.failed(new IllegalStateException("again"));
    assertThat(hangUps).as("once").isEqualTo(1);
  }
}
