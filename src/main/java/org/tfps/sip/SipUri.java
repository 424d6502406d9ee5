package org.tfps.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The parts of a SIP, SIPS or tel URI that TFPS reads (RFC 3261 19.1, RFC 3966).
 *
 * @param scheme "sip", "sips", "tel" or another scheme, lower case
 * @param user the user part, %-escapes decoded, user parameters (";npdi") removed; for tel URIs the
 *     number; empty when absent
 * @param host the host (IPv6 without brackets), empty for tel URIs
 */
public record SipUri(String scheme, String user, String host) {

  /** Parses a URI; never throws. Unknown shapes give an empty user and host. */
  public static SipUri parse(String uri) {
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      return new SipUri("", "", "");
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = uri.substring(colon + 1);
    if (scheme.equals("tel")) {
      return new SipUri(scheme, unescape(cut(rest, ";?")), "");
    }
    if (!scheme.equals("sip") && !scheme.equals("sips")) {
      return new SipUri(scheme, "", "");
    }
    String hostPart = rest;
    String user = "";
    int at = rest.lastIndexOf('@', indexOfAny(rest, "?", rest.length()));
    if (at >= 0) {
      String userinfo = rest.substring(0, at);
      user = unescape(cut(cut(userinfo, ":"), ";"));
      hostPart = rest.substring(at + 1);
    }
    String host;
    if (hostPart.startsWith("[")) {
      int close = hostPart.indexOf(']');
      host = close < 0 ? "" : hostPart.substring(1, close);
    } else {
      host = cut(hostPart, ":;?>");
    }
    return new SipUri(scheme, user, host);
  }

  private static String cut(String s, String stops) {
    return s.substring(0, indexOfAny(s, stops, s.length()));
  }

  private static int indexOfAny(String s, String chars, int dflt) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return dflt;
  }

  /** Decodes %XX escapes (RFC 3261 25.1); malformed escapes are kept as they are. */
  static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out.write(c & 0xff);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
