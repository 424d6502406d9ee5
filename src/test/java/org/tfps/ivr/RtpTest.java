package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtpTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void headerBytesFollowRfc3550Section5Point1() {
    byte[] buf = new byte[14];
    int at = RtpPacket.writeHeader(buf, 1, true, 0, 0x1234, 0xDEADBEEFL, 0x01020304L);
    assertThat(at).isEqualTo(13);
    assertThat(HexFormat.of().formatHex(buf)).isEqualTo("00" + "80801234deadbeef01020304" + "00");
    RtpPacket.writeHeader(buf, 0, false, 101, 0xFFFF, 0xFFFFFFFFL, 0xFFFFFFFFL);
    assertThat(HexFormat.of().formatHex(buf, 0, 12)).isEqualTo("8065ffffffffffffffffffff");
  }

  @Test
  void parsesWhatItWrites() throws Exception {
    byte[] buf = new byte[RtpPacket.HEADER_BYTES + 4];
    RtpPacket.writeHeader(buf, 0, true, 8, 65_000, 4_000_000_000L, 3_000_000_000L);
    RtpPacket.Header h = RtpPacket.parse(buf, 0, buf.length);
    assertThat(h)
        .isEqualTo(new RtpPacket.Header(true, 8, 65_000, 4_000_000_000L, 3_000_000_000L, 0, 12, 4));
  }

  @Test
  void csrcExtensionAndPaddingAreSkipped() throws Exception {
    // V=2 P=1 X=1 CC=1, PT 101, 1 CSRC, extension of 1 word, payload 4 bytes, 2 bytes of padding.
    byte[] p =
        hex(
            "b1 65 0001 00000010 0000abcd"
                + " 11111111"
                + " bede0001 01020304"
                + " 0a8000a0"
                + " 0002");
    RtpPacket.Header h = RtpPacket.parse(p, 0, p.length);
    assertThat(h.csrcCount()).isEqualTo(1);
    assertThat(h.payloadType()).isEqualTo(101);
    assertThat(h.payloadOffset()).isEqualTo(24);
    assertThat(h.payloadLength()).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({
    "80 00 0001 00000000 000000, RTP_TOO_SHORT",
    "40 00 0001 00000000 00000000, RTP_BAD_VERSION",
    "83 00 0001 00000000 00000000 11111111, RTP_TOO_SHORT",
    "90 00 0001 00000000 00000000 bede0002 00000000, RTP_TOO_SHORT",
    "a0 00 0001 00000000 00000000 0102 0005, RTP_BAD_PADDING",
    "a0 00 0001 00000000 00000000 0102 0300, RTP_BAD_PADDING",
  })
  void malformedHeadersAreTypedErrors(String packet, MediaError reason) {
    byte[] p = hex(packet);
    assertThatThrownBy(() -> RtpPacket.parse(p, 0, p.length))
        .isInstanceOfSatisfying(
            MediaParseException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void aStreamStartsAtRandomAndAdvances160PerFrame() throws Exception {
    RtpStream a = new RtpStream(0, new SplittableRandom(1));
    RtpStream b = new RtpStream(0, new SplittableRandom(2));
    assertThat(a.ssrc()).isNotEqualTo(b.ssrc());
    byte[] payload = new byte[RtpStream.FRAME_BYTES + 3];
    Arrays.fill(payload, G711.ULAW_SILENCE);
    payload[3] = 0x12;

    int len = a.frame(0, payload, 3);
    assertThat(len).isEqualTo(172);
    RtpPacket.Header first = RtpPacket.parse(a.packet(), 0, len);
    assertThat(first.marker()).isTrue();
    assertThat(first.ssrc()).isEqualTo(a.ssrc());
    assertThat(first.timestamp()).isEqualTo(a.timestampBase());
    assertThat(a.packet()[12]).isEqualTo((byte) 0x12);

    RtpPacket.Header second = RtpPacket.parse(a.packet(), 0, a.frame(1, payload, 0));
    assertThat(second.marker()).isFalse();
    assertThat(second.sequence()).isEqualTo((first.sequence() + 1) & 0xFFFF);
    assertThat(second.timestamp()).isEqualTo((first.timestamp() + 160) & 0xFFFF_FFFFL);

    // Frames 2 to 4 skipped: the timestamp jumps by 4 frames, the sequence by one, marker set.
    RtpPacket.Header fifth = RtpPacket.parse(a.packet(), 0, a.frame(5, payload, 0));
    assertThat(fifth.marker()).isTrue();
    assertThat(fifth.sequence()).isEqualTo((first.sequence() + 2) & 0xFFFF);
    assertThat(fifth.timestamp()).isEqualTo((first.timestamp() + 5 * 160) & 0xFFFF_FFFFL);
    assertThat(a.packetsSent()).isEqualTo(3);
  }

  @Test
  void sequenceAndTimestampWrap() throws Exception {
    RtpStream s = new RtpStream(8, new SplittableRandom(7));
    byte[] payload = new byte[RtpStream.FRAME_BYTES];
    int seq0 = RtpPacket.parse(s.packet(), 0, s.frame(0, payload, 0)).sequence();
    long frames = (1L << 32) / 160 + 1; // more than the 32-bit timestamp holds
    RtpPacket.Header h = RtpPacket.parse(s.packet(), 0, s.frame(frames, payload, 0));
    assertThat(h.timestamp()).isEqualTo((s.timestampBase() + frames * 160) % (1L << 32));
    int seq = h.sequence();
    for (int i = 0; i < 70_000; i++) {
      seq = RtpPacket.parse(s.packet(), 0, s.frame(frames + 1 + i, payload, 0)).sequence();
    }
    assertThat(seq).isEqualTo((seq0 + 70_001) & 0xFFFF);
  }
}
