package org.tfps.ivr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tfps.ivr.SessionDescription.Connection;
import org.tfps.ivr.SessionDescription.Direction;
import org.tfps.ivr.SessionDescription.MediaDescription;
import org.tfps.ivr.SessionDescription.RtpMap;

/**
 * Reads an SDP offer (RFC 4566) into a {@link SessionDescription}: the lines the verify dialog
 * needs (v, o, c, t, m, a=rtpmap, a=ptime, direction attributes), every other line skipped. Bounded
 * by {@link SdpLimits}; errors are a {@link MediaParseException} with the offset of the offending
 * line. Stateless and thread-safe. The answer is chosen and written by {@link SdpAnswer}.
 */
public final class Sdp {

  private Sdp() {}

  /** Parses the SDP in {@code buf[off, off + len)}. */
  public static SessionDescription parse(byte[] buf, int off, int len) throws MediaParseException {
    if (len > SdpLimits.MAX_SDP_BYTES) {
      throw new MediaParseException(MediaError.SDP_TOO_LARGE, SdpLimits.MAX_SDP_BYTES);
    }
    // ISO-8859-1 maps byte i to char i, so offsets in errors are byte offsets. Only s=, i= and
    // a few attributes may carry UTF-8 (RFC 4566 5), and none of them is read here.
    return parse(new String(buf, off, len, StandardCharsets.ISO_8859_1));
  }

  /** Parses an SDP held as text. */
  public static SessionDescription parse(String sdp) throws MediaParseException {
    if (sdp.length() > SdpLimits.MAX_SDP_BYTES) {
      throw new MediaParseException(MediaError.SDP_TOO_LARGE, SdpLimits.MAX_SDP_BYTES);
    }
    return new Reader(sdp).read();
  }

  /** One pass over the lines; holds the session level and the m= line being read. */
  private static final class Reader {
    private final String sdp;
    private String origin;
    private Connection sessionConnection;
    private String timing = "0 0";
    private Direction sessionDirection;
    private final List<MediaDescription> media = new ArrayList<>();
    // The m= line being read.
    private String mType;
    private int mPort;
    private String mProto;
    private List<String> mFormats;
    private Map<Integer, RtpMap> mRtpMaps;
    private Connection mConnection;
    private int mPtime;
    private Direction mDirection;
    private int mOffset;

    Reader(String sdp) {
      this.sdp = sdp;
    }

    SessionDescription read() throws MediaParseException {
      int pos = 0;
      int lines = 0;
      boolean first = true;
      int n = sdp.length();
      while (pos < n) {
        int end = pos;
        while (end < n && sdp.charAt(end) != '\n') {
          end++;
        }
        int next = end < n ? end + 1 : end;
        // RFC 4566 5: lines end in CRLF, but parsers should also accept a bare LF.
        int lineEnd = end > pos && sdp.charAt(end - 1) == '\r' ? end - 1 : end;
        if (lineEnd - pos > SdpLimits.MAX_LINE_CHARS) {
          throw new MediaParseException(MediaError.SDP_LINE_TOO_LONG, pos);
        }
        if (lineEnd > pos) {
          if (++lines > SdpLimits.MAX_LINES) {
            throw new MediaParseException(MediaError.SDP_TOO_MANY_LINES, pos);
          }
          checkCharacters(pos, lineEnd);
          if (lineEnd - pos < 2 || sdp.charAt(pos + 1) != '=' || !isType(sdp.charAt(pos))) {
            throw new MediaParseException(MediaError.SDP_BAD_LINE, pos);
          }
          char type = sdp.charAt(pos);
          String value = sdp.substring(pos + 2, lineEnd);
          if (first) {
            // RFC 4566 5.1: the description starts with v=0.
            if (type != 'v' || !"0".equals(value.trim())) {
              throw new MediaParseException(MediaError.SDP_BAD_VERSION, pos);
            }
            first = false;
          } else {
            line(type, value, pos);
          }
        }
        pos = next;
      }
      if (first) {
        throw new MediaParseException(MediaError.SDP_BAD_VERSION, 0);
      }
      endMedia();
      if (media.isEmpty()) {
        throw new MediaParseException(MediaError.SDP_NO_MEDIA, n);
      }
      return new SessionDescription(
          origin, sessionConnection, timing, sessionDirection, List.copyOf(media));
    }

    private void line(char type, String value, int at) throws MediaParseException {
      switch (type) {
        case 'o' -> {
          // RFC 4566 5.2: username sess-id sess-version nettype addrtype unicast-address
          String[] f = fields(value);
          if (f.length != 6 || !"IN".equals(f[3])) {
            throw new MediaParseException(MediaError.SDP_BAD_ORIGIN, at);
          }
          origin = value;
        }
        case 't' -> {
          String[] f = fields(value);
          if (f.length != 2 || !digits(f[0]) || !digits(f[1])) {
            throw new MediaParseException(MediaError.SDP_BAD_TIMING, at);
          }
          timing = f[0] + " " + f[1];
        }
        case 'c' -> {
          Connection c = connection(value, at);
          if (mType == null) {
            sessionConnection = c;
          } else {
            mConnection = c;
          }
        }
        case 'm' -> {
          endMedia();
          startMedia(value, at);
        }
        case 'a' -> attribute(value, at);
        default -> {
          // s, i, u, e, p, b, z, k, r and unknown types carry nothing the dialog needs.
        }
      }
    }

    private void startMedia(String value, int at) throws MediaParseException {
      if (media.size() == SdpLimits.MAX_MEDIA) {
        throw new MediaParseException(MediaError.SDP_TOO_MANY_MEDIA, at);
      }
      // RFC 4566 5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
      String[] f = fields(value);
      if (f.length < 4) {
        throw new MediaParseException(MediaError.SDP_BAD_MEDIA, at);
      }
      if (f.length - 3 > SdpLimits.MAX_FORMATS) {
        throw new MediaParseException(MediaError.SDP_TOO_MANY_FORMATS, at);
      }
      String port = f[1];
      int slash = port.indexOf('/');
      if (slash >= 0) {
        if (!digits(port.substring(slash + 1))) {
          throw new MediaParseException(MediaError.SDP_BAD_MEDIA, at);
        }
        port = port.substring(0, slash);
      }
      if (!digits(port) || port.length() > 5 || Integer.parseInt(port) > 65_535) {
        throw new MediaParseException(MediaError.SDP_BAD_MEDIA, at);
      }
      mType = f[0];
      mPort = Integer.parseInt(port);
      mProto = f[2];
      mFormats = new ArrayList<>(f.length - 3);
      boolean rtp = mProto.startsWith("RTP/") || mProto.startsWith("UDP/TLS/RTP/");
      for (int i = 3; i < f.length; i++) {
        // RFC 3551 6: RTP payload types are 0 to 127.
        if (rtp && payloadType(f[i]) < 0) {
          throw new MediaParseException(MediaError.SDP_BAD_MEDIA, at);
        }
        mFormats.add(f[i]);
      }
      mRtpMaps = new HashMap<>();
      mConnection = null;
      mPtime = 0;
      mDirection = null;
      mOffset = at;
    }

    private void endMedia() throws MediaParseException {
      if (mType == null) {
        return;
      }
      if (mConnection == null && sessionConnection == null) {
        // RFC 4566 5.7: a c= line at session level or in every m= section.
        throw new MediaParseException(MediaError.SDP_NO_CONNECTION, mOffset);
      }
      media.add(
          new MediaDescription(
              mType, mPort, mProto, mFormats, mRtpMaps, mConnection, mPtime, mDirection));
      mType = null;
    }

    private void attribute(String value, int at) throws MediaParseException {
      int colon = value.indexOf(':');
      String name = colon < 0 ? value.trim() : value.substring(0, colon);
      String arg = colon < 0 ? "" : value.substring(colon + 1).trim();
      Direction direction = Direction.of(name);
      if (direction != null) {
        if (mType == null) {
          sessionDirection = direction;
        } else {
          mDirection = direction;
        }
        return;
      }
      if (mType == null) {
        return;
      }
      if ("rtpmap".equals(name)) {
        RtpMap map = rtpMap(arg, at);
        mRtpMaps.putIfAbsent(map.payloadType(), map);
      } else if ("ptime".equals(name)) {
        // RFC 4566 6: a=ptime:<packet time> in milliseconds; "20.0" is seen in the wild.
        int dot = arg.indexOf('.');
        String whole = dot < 0 ? arg : arg.substring(0, dot);
        if (!digits(whole)
            || (dot >= 0 && !digits(arg.substring(dot + 1)))
            || whole.length() > 4
            || Integer.parseInt(whole) == 0
            || Integer.parseInt(whole) > SdpLimits.MAX_PTIME_MS) {
          throw new MediaParseException(MediaError.SDP_BAD_PTIME, at);
        }
        mPtime = Integer.parseInt(whole);
      }
    }

    /** RFC 4566 6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]. */
    private static RtpMap rtpMap(String arg, int at) throws MediaParseException {
      String[] f = fields(arg);
      if (f.length != 2) {
        throw new MediaParseException(MediaError.SDP_BAD_RTPMAP, at);
      }
      int pt = payloadType(f[0]);
      String[] enc = f[1].split("/", -1);
      if (pt < 0
          || enc.length < 2
          || enc.length > 3
          || enc[0].isEmpty()
          || !digits(enc[1])
          || enc[1].length() > 7
          || (enc.length == 3 && (!digits(enc[2]) || enc[2].length() > 2))) {
        throw new MediaParseException(MediaError.SDP_BAD_RTPMAP, at);
      }
      int channels = enc.length == 3 ? Integer.parseInt(enc[2]) : 1;
      return new RtpMap(pt, enc[0], Integer.parseInt(enc[1]), channels);
    }

    /** RFC 4566 5.7: c=IN IP4|IP6 <address>[/<ttl>][/<number of addresses>]. */
    private static Connection connection(String value, int at) throws MediaParseException {
      String[] f = fields(value);
      if (f.length != 3 || !"IN".equals(f[0])) {
        throw new MediaParseException(MediaError.SDP_BAD_CONNECTION, at);
      }
      String type = f[1];
      String address = f[2];
      int slash = address.indexOf('/');
      if (slash >= 0) {
        address = address.substring(0, slash);
      }
      boolean ok =
          switch (type) {
            case "IP4" -> hostChars(address, false);
            case "IP6" -> hostChars(address, true);
            default -> false;
          };
      if (!ok) {
        throw new MediaParseException(MediaError.SDP_BAD_CONNECTION, at);
      }
      return new Connection(type, address);
    }

    /** An IP4 or IP6 literal or an FQDN (RFC 4566 9, unicast-address): its characters only. */
    private static boolean hostChars(String s, boolean ipv6) {
      // An IP4 address or name has no colon; an IP6 literal may embed an IPv4 one (::ffff:a.b.c.d).
      if (s.isEmpty() || s.length() > 255) {
        return false;
      }
      boolean colon = false;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == ':') {
          colon = true;
        } else if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '.' && c != '-') {
          return false;
        }
      }
      return ipv6 || !colon;
    }

    private void checkCharacters(int from, int to) throws MediaParseException {
      for (int i = from; i < to; i++) {
        char c = sdp.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
          throw new MediaParseException(MediaError.SDP_CONTROL_CHARACTER, i);
        }
      }
    }

    private static boolean isType(char c) {
      return c >= 'a' && c <= 'z';
    }

    private static String[] fields(String value) {
      String t = value.trim();
      return t.isEmpty() ? new String[0] : t.split("[ \t]+");
    }
  }

  /** A payload type 0..127, or -1. */
  static int payloadType(String s) {
    if (!digits(s) || s.length() > 3) {
      return -1;
    }
    int pt = Integer.parseInt(s);
    return pt <= 127 ? pt : -1;
  }

  static boolean digits(String s) {
    if (s.isEmpty() || s.length() > 20) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
