package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tfps.ivr.SdpAnswer.Choice;
import org.tfps.ivr.SdpAnswer.Codec;
import org.tfps.ivr.SdpAnswer.Local;
import org.tfps.ivr.SessionDescription.Direction;
import org.tfps.ivr.SessionDescription.MediaDescription;

class SdpTest {

  private static final Local LOCAL = new Local("198.51.100.9", 40_002, 4_242, 1);

  static byte[] resource(String name) throws IOException {
    try (InputStream in = SdpTest.class.getResourceAsStream("/sdp/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  static SessionDescription offer(String name) throws Exception {
    byte[] b = resource(name);
    return Sdp.parse(b, 0, b.length);
  }

  @Test
  void sippOfferIsAnsweredWithPcmaAndItsTelephoneEvent() throws Exception {
    SessionDescription offer = offer("sipp-uac-pcap.sdp");
    assertThat(offer.origin()).isEqualTo("user1 53655765 2353687637 IN IP4 127.0.0.1");
    MediaDescription m = offer.media().get(0);
    assertThat(m.port()).isEqualTo(6000);
    assertThat(m.formats()).containsExactly("8", "101");
    assertThat(m.rtpMaps().get(101).encoding()).isEqualTo("telephone-event");

    Choice c = SdpAnswer.choose(offer).orElseThrow();
    assertThat(c.codec()).isEqualTo(Codec.PCMA);
    assertThat(c.payloadType()).isEqualTo(8);
    assertThat(c.telephoneEvent()).isEqualTo(101);
    assertThat(c.remote().address()).isEqualTo("127.0.0.1");
    assertThat(c.remotePort()).isEqualTo(6000);
    assertThat(c.direction()).isEqualTo(Direction.SENDRECV);

    assertThat(SdpAnswer.build(offer, c, LOCAL))
        .isEqualTo(
            "v=0\r\n"
                + "o=tfps 4242 1 IN IP4 198.51.100.9\r\n"
                + "s=TFPS\r\n"
                + "c=IN IP4 198.51.100.9\r\n"
                + "t=0 0\r\n"
                + "m=audio 40002 RTP/AVP 8 101\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n");
  }

  @ParameterizedTest
  @CsvSource({
    // file, codec, payload type, telephone-event payload type, remote address, port, ptime
    "baresip.sdp, PCMU, 0, 101, 192.168.1.20, 10140, 20",
    "asterisk-pjsip.sdp, PCMU, 0, 101, 10.0.0.5, 13294, 20",
    "freeswitch.sdp, PCMU, 0, 101, 203.0.113.7, 21534, 20",
    "linphone-ipv6-video.sdp, PCMU, 0, 100, 2001:db8::10, 7078, 0",
  })
  void realOffersPreferPcmuAndTheEightKilohertzTelephoneEvent(
      String file, Codec codec, int pt, int event, String address, int port, int ptime)
      throws Exception {
    Choice c = SdpAnswer.choose(offer(file)).orElseThrow();
    assertThat(c.codec()).isEqualTo(codec);
    assertThat(c.payloadType()).isEqualTo(pt);
    assertThat(c.telephoneEvent()).isEqualTo(event);
    assertThat(c.remote().address()).isEqualTo(address);
    assertThat(c.remotePort()).isEqualTo(port);
    assertThat(c.remotePtime()).isEqualTo(ptime);
  }

  @Test
  void everyOfferedStreamGetsAnMLineInOrderAndTheOthersAreRejected() throws Exception {
    SessionDescription offer = offer("linphone-ipv6-video.sdp");
    assertThat(offer.connection().ipv6()).isTrue();
    Choice c = SdpAnswer.choose(offer).orElseThrow();
    String answer = SdpAnswer.build(offer, c, new Local("2001:db8::1", 40_000, 7, 2));
    assertThat(answer)
        .contains("o=tfps 7 2 IN IP6 2001:db8::1\r\n", "c=IN IP6 2001:db8::1\r\n")
        .containsSubsequence(
            "m=audio 40000 RTP/AVP 0 100\r\n",
            "a=rtpmap:0 PCMU/8000\r\n",
            "a=rtpmap:100 telephone-event/8000\r\n",
            "m=video 0 RTP/AVP 96 97\r\n");
    // The answer parses as SDP again, with the same number of m= lines (RFC 3264 6).
    SessionDescription parsed = Sdp.parse(answer);
    assertThat(parsed.media()).hasSize(2);
    assertThat(parsed.media().get(1).port()).isZero();
  }

  @Test
  void aRejectedStreamIsSkippedAndADirectionIsMirrored() throws Exception {
    SessionDescription offer = offer("rejected-first-stream-lf.sdp");
    assertThat(offer.media()).hasSize(2);
    Choice c = SdpAnswer.choose(offer).orElseThrow();
    assertThat(c.mediaIndex()).isEqualTo(1);
    assertThat(c.remote().address()).isEqualTo("192.0.2.3");
    assertThat(c.telephoneEvent()).isEqualTo(96);
    // RFC 3264 6.1: sendonly is answered recvonly.
    assertThat(c.direction()).isEqualTo(Direction.RECVONLY);
    assertThat(SdpAnswer.build(offer, c, LOCAL))
        .containsSubsequence(
            "m=audio 0 RTP/AVP 0\r\n", "m=audio 40002 RTP/AVP 0 96\r\n", "a=recvonly\r\n");
  }

  @Test
  void theAnswerCopiesTheOffersTimeLine() throws Exception {
    SessionDescription offer =
        Sdp.parse(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
                + "t=3034423619 3042462419\r\nm=audio 4000 RTP/AVP 0\r\n");
    Choice c = SdpAnswer.choose(offer).orElseThrow();
    assertThat(c.telephoneEvent()).isEqualTo(-1);
    String answer = SdpAnswer.build(offer, c, LOCAL);
    assertThat(answer).contains("t=3034423619 3042462419\r\n").doesNotContain("telephone-event");
  }

  @ParameterizedTest
  @CsvSource({"no-common-codec.sdp", "srtp-only.sdp"})
  void noCommonCodecMeans488(String file) throws Exception {
    assertThat(SdpAnswer.choose(offer(file))).isEmpty();
  }

  /**
   * The offset is the first byte of the offending line (of the m= section lacking a c=, or of the
   * end for a missing m=), or the control character itself.
   */
  @ParameterizedTest
  @CsvSource({
    "malformed-no-version-first.sdp, SDP_BAD_VERSION, 0",
    "malformed-no-connection.sdp, SDP_NO_CONNECTION, 43",
    "malformed-port-out-of-range.sdp, SDP_BAD_MEDIA, 63",
    "malformed-connection-type.sdp, SDP_BAD_CONNECTION, 36",
    "malformed-rtpmap.sdp, SDP_BAD_RTPMAP, 91",
    "malformed-payload-type.sdp, SDP_BAD_MEDIA, 63",
    "malformed-no-media.sdp, SDP_NO_MEDIA, 63",
    "malformed-ptime.sdp, SDP_BAD_PTIME, 87",
    "malformed-line.sdp, SDP_BAD_LINE, 87",
    "malformed-control-character.sdp, SDP_CONTROL_CHARACTER, 34",
  })
  void malformedOffersAreATypedErrorWithTheOffset(String file, MediaError reason, int offset) {
    assertThatThrownBy(() -> offer(file))
        .isInstanceOfSatisfying(
            MediaParseException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.offset()).isEqualTo(offset);
            });
  }

  @Test
  void sizesAreBounded() {
    String big = "v=0\r\n" + "a=x\r\n".repeat(SdpLimits.MAX_SDP_BYTES / 5);
    assertThatThrownBy(() -> Sdp.parse(big))
        .isInstanceOfSatisfying(
            MediaParseException.class,
            e -> assertThat(e.reason()).isEqualTo(MediaError.SDP_TOO_LARGE));
    String many = "v=0\r\n" + "a=x\r\n".repeat(SdpLimits.MAX_LINES + 1);
    assertThatThrownBy(() -> Sdp.parse(many))
        .isInstanceOfSatisfying(
            MediaParseException.class,
            e -> assertThat(e.reason()).isEqualTo(MediaError.SDP_TOO_MANY_LINES));
    String longLine = "v=0\r\ns=" + "x".repeat(SdpLimits.MAX_LINE_CHARS) + "\r\n";
    assertThatThrownBy(() -> Sdp.parse(longLine))
        .isInstanceOfSatisfying(
            MediaParseException.class,
            e -> assertThat(e.reason()).isEqualTo(MediaError.SDP_LINE_TOO_LONG));
    String media =
        "v=0\r\nc=IN IP4 192.0.2.1\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n".repeat(SdpLimits.MAX_MEDIA + 1);
    assertThatThrownBy(() -> Sdp.parse(media))
        .isInstanceOfSatisfying(
            MediaParseException.class,
            e -> assertThat(e.reason()).isEqualTo(MediaError.SDP_TOO_MANY_MEDIA));
    StringBuilder formats = new StringBuilder("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP");
    for (int i = 0; i <= SdpLimits.MAX_FORMATS; i++) {
      formats.append(' ').append(i);
    }
    assertThatThrownBy(() -> Sdp.parse(formats.toString()))
        .isInstanceOfSatisfying(
            MediaParseException.class,
            e -> assertThat(e.reason()).isEqualTo(MediaError.SDP_TOO_MANY_FORMATS));
  }

  @Test
  void bytesAreReadFromTheGivenRange() throws Exception {
    byte[] sdp =
        "v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP 8\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[sdp.length + 10];
    System.arraycopy(sdp, 0, framed, 5, sdp.length);
    framed[sdp.length + 5] = 'X';
    SessionDescription offer = Sdp.parse(framed, 5, sdp.length);
    assertThat(SdpAnswer.choose(offer).orElseThrow().codec()).isEqualTo(Codec.PCMA);
  }
}
