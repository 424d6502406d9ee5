package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tfps.ivr.DtmfEvents.InfoSignal;
import org.tfps.ivr.DtmfEvents.TelephoneEvent;

class DtmfEventsTest {

  /** The RTP packets of a classic pcap file of Ethernet/IPv4/UDP frames, in order. */
  static List<byte[]> rtpPackets(String resource) throws Exception {
    byte[] pcap;
    try (InputStream in = DtmfEventsTest.class.getResourceAsStream(resource)) {
      pcap = in.readAllBytes();
    }
    ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(0)).isEqualTo(0xa1b2c3d4);
    List<byte[]> packets = new ArrayList<>();
    int pos = 24;
    while (pos + 16 <= pcap.length) {
      int captured = b.getInt(pos + 8);
      int frame = pos + 16;
      int ip = frame + 14;
      int udp = ip + 4 * (pcap[ip] & 0x0F);
      int udpLength = ((pcap[udp + 4] & 0xFF) << 8) | (pcap[udp + 5] & 0xFF);
      byte[] rtp = new byte[udpLength - 8];
      System.arraycopy(pcap, udp + 8, rtp, 0, rtp.length);
      packets.add(rtp);
      pos = frame + captured;
    }
    return packets;
  }

  private static String digits(DtmfEvents events, List<byte[]> packets) throws Exception {
    StringBuilder digits = new StringBuilder();
    for (byte[] p : packets) {
      char d = events.onPacket(RtpPacket.parse(p, 0, p.length), p);
      if (d != DtmfEvents.NONE) {
        digits.append(d);
      }
    }
    return digits.toString();
  }

  /** SIPp's captures (Debian's sip-tester): 8 packets of one event, the end packet sent 3 times. */
  @ParameterizedTest
  @CsvSource({"dtmf_2833_5.pcap, 5", "dtmf_2833_pound.pcap, #"})
  void sippCapturesGiveOneDigitPerEvent(String file, char digit) throws Exception {
    List<byte[]> packets = rtpPackets("/rtp/" + file);
    assertThat(packets).hasSize(10);
    RtpPacket.Header last = RtpPacket.parse(packets.get(9), 0, packets.get(9).length);
    assertThat(last.payloadType()).isEqualTo(101);
    assertThat(DtmfEvents.parse(packets.get(9), 12, 4).end()).isTrue();
    assertThat(digits(new DtmfEvents(), packets)).isEqualTo(String.valueOf(digit));
  }

  @Test
  void aLostStartStillGivesTheDigitOnceAndReplaysGiveNothing() throws Exception {
    List<byte[]> packets = rtpPackets("/rtp/dtmf_2833_5.pcap");
    DtmfEvents events = new DtmfEvents();
    assertThat(digits(events, packets.subList(7, 10))).isEqualTo("5");
    assertThat(digits(events, packets)).isEmpty();
  }

  @Test
  void eventsWithNewTimestampsAreNewDigitsAndANewSsrcForgets() throws Exception {
    DtmfEvents events = new DtmfEvents();
    StringBuilder got = new StringBuilder();
    // "1", "1", "#" pressed in turn: same event code twice is two presses (two timestamps).
    long[] timestamps = {8_000, 9_600, 11_200};
    int[] codes = {1, 1, 11};
    for (int i = 0; i < 3; i++) {
      for (int repeat = 0; repeat < 4; repeat++) {
        byte[] p = packet(1, timestamps[i], codes[i], repeat == 3, 160 * repeat);
        char d = events.onPacket(RtpPacket.parse(p, 0, p.length), p);
        if (d != DtmfEvents.NONE) {
          got.append(d);
        }
      }
    }
    assertThat(got).hasToString("11#");
    byte[] p = packet(2, 8_000, 1, true, 800);
    assertThat(events.onPacket(RtpPacket.parse(p, 0, p.length), p)).isEqualTo('1');
  }

  @Test
  void theRememberedEventsAreBounded() throws Exception {
    DtmfEvents events = new DtmfEvents();
    for (int i = 0; i <= DtmfEvents.REMEMBERED_EVENTS; i++) {
      byte[] p = packet(1, 1_000L * i, 3, true, 400);
      assertThat(events.onPacket(RtpPacket.parse(p, 0, p.length), p)).isEqualTo('3');
    }
    // The first event has been forgotten: a very late copy counts again (bounded memory).
    byte[] p = packet(1, 0, 3, true, 400);
    assertThat(events.onPacket(RtpPacket.parse(p, 0, p.length), p)).isEqualTo('3');
    byte[] recent = packet(1, 1_000L * DtmfEvents.REMEMBERED_EVENTS, 3, true, 400);
    assertThat(events.onPacket(RtpPacket.parse(recent, 0, recent.length), recent))
        .isEqualTo(DtmfEvents.NONE);
  }

  @Test
  void payloadFieldsFollowRfc4733Section2Point3() throws Exception {
    // Event 9, E=1, R=0, volume 10, duration 1280 (RFC 4733 2.3 layout).
    TelephoneEvent e = DtmfEvents.parse(HexFormat.of().parseHex("098a0500"), 0, 4);
    assertThat(e).isEqualTo(new TelephoneEvent(9, true, 10, 1280));
    assertThat(e.digit()).isEqualTo('9');
    assertThat(new TelephoneEvent(10, false, 0, 0).digit()).isEqualTo('*');
    assertThat(new TelephoneEvent(15, false, 0, 0).digit()).isEqualTo('D');
    assertThat(new TelephoneEvent(16, false, 0, 0).digit()).isEqualTo(DtmfEvents.NONE);
    assertThatThrownBy(() -> DtmfEvents.parse(new byte[3], 0, 3))
        .isInstanceOfSatisfying(
            MediaParseException.class,
            x -> assertThat(x.reason()).isEqualTo(MediaError.DTMF_TOO_SHORT));
  }

  @Test
  void flashIsNotADigit() throws Exception {
    byte[] p = packet(1, 100, 16, true, 800);
    assertThat(new DtmfEvents().onPacket(RtpPacket.parse(p, 0, p.length), p))
        .isEqualTo(DtmfEvents.NONE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/dtmf-relay | Signal=5\\r\\nDuration=160\\r\\n | 5 | 160",
        "Application/DTMF-Relay;charset=utf-8 | signal = #\\nduration= 250 | # | 250",
        "application/dtmf-relay | Signal=10\\r\\nDuration=100\\r\\n | * | 100",
        "application/dtmf-relay | Signal=11 | # | -1",
        "application/dtmf-relay | Signal=a\\r\\n | A | -1",
        "application/dtmf | 7\\r\\n | 7 | -1",
      })
  void sipInfoBodies(String type, String body, char digit, int duration) throws Exception {
    byte[] b = body.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);
    assertThat(DtmfEvents.parseInfo(type, b, 0, b.length))
        .isEqualTo(new InfoSignal(digit, duration));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/dtmf-relay | Duration=160 | DTMF_BAD_SIGNAL",
        "application/dtmf-relay | Signal=16 | DTMF_BAD_SIGNAL",
        "application/dtmf-relay | Signal=55 | DTMF_BAD_SIGNAL",
        "application/dtmf-relay | Signal=5\\nDuration=1x | DTMF_BAD_DURATION",
        "application/dtmf | E | DTMF_BAD_SIGNAL",
        "text/plain | Signal=5 | DTMF_BAD_CONTENT_TYPE",
      })
  void badSipInfoBodies(String type, String body, MediaError reason) {
    byte[] b = body.replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> DtmfEvents.parseInfo(type, b, 0, b.length))
        .isInstanceOfSatisfying(
            MediaParseException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    byte[] large = new byte[DtmfEvents.MAX_INFO_BODY_BYTES + 1];
    assertThatThrownBy(() -> DtmfEvents.parseInfo("application/dtmf-relay", large, 0, large.length))
        .isInstanceOfSatisfying(
            MediaParseException.class,
            e -> assertThat(e.reason()).isEqualTo(MediaError.DTMF_BODY_TOO_LARGE));
  }

  private static byte[] packet(long ssrc, long timestamp, int event, boolean end, int duration) {
    byte[] p = new byte[16];
    RtpPacket.writeHeader(p, 0, false, 101, 1, timestamp, ssrc);
    p[12] = (byte) event;
    p[13] = (byte) ((end ? 0x80 : 0) | 10);
    p[14] = (byte) (duration >> 8);
    p[15] = (byte) duration;
    return p;
  }
}
