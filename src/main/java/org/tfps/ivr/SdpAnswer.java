package org.tfps.ivr;

import java.util.List;
import java.util.Optional;
import org.tfps.ivr.SessionDescription.Connection;
import org.tfps.ivr.SessionDescription.Direction;
import org.tfps.ivr.SessionDescription.MediaDescription;
import org.tfps.ivr.SessionDescription.RtpMap;

/**
 * Chooses the verify dialog's answer to an offer and writes it (RFC 3264 6). TFPS speaks G.711
 * only: PCMU when offered, else PCMA; with RFC 4733 telephone-event/8000 when offered. No common
 * codec means the INVITE is answered {@code 488 Not Acceptable Here} (RFC 3261 21.4.26), which is
 * the SIP side's to send. Stateless and thread-safe.
 */
public final class SdpAnswer {

  /** The packet time TFPS sends, in ms (RFC 3551 4.5: G.711's default frame of 20 ms). */
  public static final int PTIME_MS = 20;

  /** The telephone events TFPS understands: the 16 DTMF events (RFC 4733 3.2, 7.1.1). */
  public static final String TELEPHONE_EVENTS = "0-15";

  /** The RTP profiles answered: plain RTP/AVP, and RTP/AVPF (no feedback sent). No SRTP. */
  private static final List<String> PROFILES = List.of("RTP/AVP", "RTP/AVPF");

  private SdpAnswer() {}

  /** The G.711 codecs TFPS sends, with their static payload types (RFC 3551 6, table 4). */
  public enum Codec {
    PCMU(0),
    PCMA(8);

    private final int staticPayloadType;

    Codec(int staticPayloadType) {
      this.staticPayloadType = staticPayloadType;
    }

    public int staticPayloadType() {
      return staticPayloadType;
    }
  }

  /**
   * What the answer accepts.
   *
   * @param mediaIndex the index of the accepted m= line in the offer
   * @param codec the codec TFPS sends and expects
   * @param payloadType the offer's payload type for it (RFC 3264 6.1: the answer uses the same)
   * @param telephoneEvent the offer's payload type for telephone-event/8000, or -1
   * @param remote where the caller wants RTP: the stream's c= address ({@link
   *     Connection#unspecified()} for a stream on hold)
   * @param remotePort the caller's RTP port
   * @param direction the answer's direction for the stream (RFC 3264 6.1)
   * @param remotePtime the caller's a=ptime, or 0
   */
  public record Choice(
      int mediaIndex,
      Codec codec,
      int payloadType,
      int telephoneEvent,
      Connection remote,
      int remotePort,
      Direction direction,
      int remotePtime) {}

  /**
   * Where TFPS receives RTP and how its o= line reads.
   *
   * @param address TFPS's media address, an IPv4 or IPv6 literal (IPv6 when it has a colon)
   * @param port TFPS's RTP port for this call, from the configured range
   * @param sessionId the o= sess-id, fixed for the dialog (RFC 4566 5.2: an NTP timestamp is
   *     suggested, any number will do)
   * @param version the o= sess-version, raised when the dialog sends a changed SDP
   */
  public record Local(String address, int port, long sessionId, long version) {}

  /**
   * Picks the first audio stream the offerer did not reject (port 0, RFC 3264 5.1) that is plain
   * RTP and offers PCMU or PCMA. Empty when there is none: answer 488.
   */
  public static Optional<Choice> choose(SessionDescription offer) {
    List<MediaDescription> media = offer.media();
    for (int i = 0; i < media.size(); i++) {
      MediaDescription m = media.get(i);
      if (!"audio".equals(m.type()) || m.port() == 0 || !PROFILES.contains(m.proto())) {
        continue;
      }
      int pcmu = -1;
      int pcma = -1;
      int event = -1;
      for (String format : m.formats()) {
        int pt = Sdp.payloadType(format);
        RtpMap map = m.rtpMaps().get(pt);
        if (map == null) {
          // RFC 3551 6: static payload types need no rtpmap.
          if (pt == Codec.PCMU.staticPayloadType() && pcmu < 0) {
            pcmu = pt;
          } else if (pt == Codec.PCMA.staticPayloadType() && pcma < 0) {
            pcma = pt;
          }
          continue;
        }
        if (map.clockRate() != 8000 || map.channels() != 1) {
          continue;
        }
        String name = map.encoding();
        if (name.equalsIgnoreCase("PCMU") && pcmu < 0) {
          pcmu = pt;
        } else if (name.equalsIgnoreCase("PCMA") && pcma < 0) {
          pcma = pt;
        } else if (name.equalsIgnoreCase("telephone-event") && event < 0) {
          event = pt;
        }
      }
      if (pcmu < 0 && pcma < 0) {
        continue;
      }
      Codec codec = pcmu >= 0 ? Codec.PCMU : Codec.PCMA;
      return Optional.of(
          new Choice(
              i,
              codec,
              pcmu >= 0 ? pcmu : pcma,
              event,
              offer.connectionOf(m),
              m.port(),
              offer.directionOf(m).answer(),
              m.ptime()));
    }
    return Optional.empty();
  }

  /**
   * Writes the answer (RFC 3264 6): one m= line per offered one, in order; the chosen stream with
   * TFPS's port, the chosen codec and the offer's telephone-event payload type; every other stream
   * rejected with port 0 and its offered formats (RFC 3264 6: a rejected stream keeps at least one
   * format); the offer's t= line copied. Lines end in CRLF (RFC 4566 5).
   */
  public static String build(SessionDescription offer, Choice choice, Local local) {
    String addrType = local.address().indexOf(':') >= 0 ? "IP6" : "IP4";
    StringBuilder b = new StringBuilder(256);
    line(b, "v=0");
    line(
        b,
        "o=tfps "
            + local.sessionId()
            + " "
            + local.version()
            + " IN "
            + addrType
            + " "
            + local.address());
    line(b, "s=TFPS");
    line(b, "c=IN " + addrType + " " + local.address());
    line(b, "t=" + offer.timing());
    List<MediaDescription> media = offer.media();
    for (int i = 0; i < media.size(); i++) {
      MediaDescription m = media.get(i);
      if (i != choice.mediaIndex()) {
        line(b, "m=" + m.type() + " 0 " + m.proto() + " " + String.join(" ", m.formats()));
        continue;
      }
      StringBuilder formats = new StringBuilder().append(choice.payloadType());
      if (choice.telephoneEvent() >= 0) {
        formats.append(' ').append(choice.telephoneEvent());
      }
      line(b, "m=audio " + local.port() + " " + m.proto() + " " + formats);
      line(b, "a=rtpmap:" + choice.payloadType() + " " + choice.codec().name() + "/8000");
      if (choice.telephoneEvent() >= 0) {
        line(b, "a=rtpmap:" + choice.telephoneEvent() + " telephone-event/8000");
        line(b, "a=fmtp:" + choice.telephoneEvent() + " " + TELEPHONE_EVENTS);
      }
      line(b, "a=ptime:" + PTIME_MS);
      line(b, "a=" + choice.direction().attribute());
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String line) {
    b.append(line).append("\r\n");
  }
}
