package org.tfps.ivr;

import java.util.List;
import java.util.Map;

/**
 * An SDP offer as far as the verify dialog reads it (RFC 4566): the session-level connection,
 * timing and direction, and every m= line in order. Built by {@link Sdp#parse}.
 *
 * @param origin the o= line's value as sent (RFC 4566 5.2), kept for logs
 * @param connection the session-level c= line, or null when every m= line carries its own
 * @param timing the t= line's value (RFC 3264 6: the answer copies it), "0 0" when absent
 * @param direction the session-level direction attribute, or null when absent
 * @param media the m= lines in their order (RFC 3264 6: the answer has as many, in that order)
 */
public record SessionDescription(
    String origin,
    Connection connection,
    String timing,
    Direction direction,
    List<MediaDescription> media) {

  public SessionDescription {
    media = List.copyOf(media);
  }

  /** A c= line (RFC 4566 5.7): network type IN, address type IP4 or IP6, and the address. */
  public record Connection(String addressType, String address) {

    /** True for {@code IN IP6}. */
    public boolean ipv6() {
      return "IP6".equals(addressType);
    }

    /**
     * RFC 3264 8.4: {@code 0.0.0.0} was the old way to put a stream on hold; nothing is to be sent
     * to it.
     */
    public boolean unspecified() {
      return "0.0.0.0".equals(address) || "::".equals(address);
    }
  }

  /** An a=rtpmap attribute (RFC 4566 6): payload type, encoding name, clock rate and channels. */
  public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {}

  /** Direction attributes (RFC 4566 6, RFC 3264 5.1). */
  public enum Direction {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String attribute;

    Direction(String attribute) {
      this.attribute = attribute;
    }

    /** The attribute's name, as written after {@code a=}. */
    public String attribute() {
      return attribute;
    }

    /**
     * RFC 3264 6.1: the direction an answer gives to a stream offered with this direction (sendonly
     * is answered recvonly, recvonly sendonly, the others as offered).
     */
    public Direction answer() {
      return switch (this) {
        case SENDONLY -> RECVONLY;
        case RECVONLY -> SENDONLY;
        default -> this;
      };
    }

    static Direction of(String attribute) {
      for (Direction d : values()) {
        if (d.attribute.equals(attribute)) {
          return d;
        }
      }
      return null;
    }
  }

  /**
   * One m= line with its attributes.
   *
   * @param type the media type ({@code audio}, {@code video}, {@code application}, ...)
   * @param port the transport port; 0 is a stream the offerer rejected or disabled (RFC 3264 5.1)
   * @param proto the transport protocol ({@code RTP/AVP}, {@code RTP/SAVP}, {@code UDP/TLS/...})
   * @param formats the formats as offered, in order (RTP payload types for RTP protocols)
   * @param rtpMaps the a=rtpmap attributes by payload type
   * @param connection the media-level c= line, or null
   * @param ptime a=ptime in ms, or 0 when absent
   * @param direction the media-level direction attribute, or null
   */
  public record MediaDescription(
      String type,
      int port,
      String proto,
      List<String> formats,
      Map<Integer, RtpMap> rtpMaps,
      Connection connection,
      int ptime,
      Direction direction) {

    public MediaDescription {
      formats = List.copyOf(formats);
      rtpMaps = Map.copyOf(rtpMaps);
    }

    /** True for the RTP profiles whose formats are payload types (RFC 3551, RFC 4585). */
    public boolean rtp() {
      return proto.startsWith("RTP/") || proto.startsWith("UDP/TLS/RTP/");
    }
  }

  /** The c= line that applies to a stream: its own, else the session's (RFC 4566 5.7). */
  public Connection connectionOf(MediaDescription m) {
    return m.connection() != null ? m.connection() : connection;
  }

  /**
   * The direction that applies to a stream: its own attribute, else the session's, else sendrecv
   * (RFC 3264 5.1).
   */
  public Direction directionOf(MediaDescription m) {
    if (m.direction() != null) {
      return m.direction();
    }
    return direction != null ? direction : Direction.SENDRECV;
  }
}
