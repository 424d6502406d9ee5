package org.tfps.sip;

import java.util.Locale;

/**
 * A From, To, Contact or identity header value (RFC 3261 20.10, 20.20, 20.39): the URI and the tag
 * parameter.
 *
 * @param uri the URI as sent, without angle brackets
 * @param tag the tag parameter, or null
 */
public record NameAddr(String uri, String tag) {

  /** Parses a name-addr or addr-spec with header parameters. */
  public static NameAddr parse(String value) throws SipParseException {
    String v = value.trim();
    int i = 0;
    if (v.startsWith("\"")) {
      i = closingQuote(v);
      if (i < 0) {
        throw new SipParseException(ParseError.BAD_ADDRESS, 0);
      }
      i++;
    }
    int lt = v.indexOf('<', i);
    String uri;
    String params;
    if (lt >= 0) {
      int gt = v.indexOf('>', lt);
      if (gt < 0) {
        throw new SipParseException(ParseError.BAD_ADDRESS, lt);
      }
      if (i == 0 && !isDisplayName(v.substring(0, lt))) {
        throw new SipParseException(ParseError.BAD_ADDRESS, 0);
      }
      uri = v.substring(lt + 1, gt).trim();
      params = v.substring(gt + 1);
    } else {
      if (i > 0) {
        throw new SipParseException(ParseError.BAD_ADDRESS, i);
      }
      int semi = v.indexOf(';');
      uri = semi < 0 ? v : v.substring(0, semi).trim();
      params = semi < 0 ? "" : v.substring(semi);
      if (uri.indexOf(' ') >= 0 || uri.indexOf(',') >= 0) {
        throw new SipParseException(ParseError.BAD_ADDRESS, 0);
      }
    }
    if (uri.isEmpty() || uri.indexOf(':') <= 0) {
      throw new SipParseException(ParseError.BAD_ADDRESS, 0);
    }
    return new NameAddr(uri, param(params, "tag"));
  }

  /** The URI's parts. */
  public SipUri sipUri() {
    return SipUri.parse(uri);
  }

  /** RFC 3261 25.1: an unquoted display-name is *(token LWS). */
  private static boolean isDisplayName(String s) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (!Via.isTokenChar(c) && c != ' ' && c != '\t' && c < 0x80) {
        return false;
      }
    }
    return true;
  }

  private static int closingQuote(String v) {
    for (int i = 1; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  private static String param(String params, String name) {
    for (String p : params.split(";")) {
      int eq = p.indexOf('=');
      String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      if (key.equals(name)) {
        return eq < 0 ? "" : p.substring(eq + 1).trim();
      }
    }
    return null;
  }
}
