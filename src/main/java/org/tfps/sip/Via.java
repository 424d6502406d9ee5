package org.tfps.sip;

import java.util.Locale;

/**
 * The topmost Via value (RFC 3261 20.42, 18.2.2) and, for RFC 3581, whether the client asked for
 * {@code rport}.
 *
 * @param transport UDP, TCP, TLS, SCTP, WS... upper case
 * @param host sent-by host (IPv6 without brackets)
 * @param port sent-by port, or -1 when absent
 * @param branch the branch parameter, or null
 * @param rport true when an {@code rport} parameter is present
 * @param received the received parameter, or null
 * @param value the whole first Via value as sent
 * @param rest the further values of the same header line after the first comma, or empty
 */
public record Via(
    String transport,
    String host,
    int port,
    String branch,
    boolean rport,
    String received,
    String value,
    String rest) {

  /** RFC 3261 8.1.1.7: branches of compliant clients start with this cookie. */
  public static final String MAGIC_COOKIE = "z9hG4bK";

  /** True when the branch marks an RFC 3261 client, so transactions match by branch. */
  public boolean hasRfc3261Branch() {
    return branch != null
        && branch.startsWith(MAGIC_COOKIE)
        && branch.length() > MAGIC_COOKIE.length();
  }

  /** "host:port" as sent, used to key transactions (RFC 3261 17.2.3). */
  public String sentBy() {
    return port < 0 ? host : host + ":" + port;
  }

  /**
   * Parses the first value of a Via header line.
   *
   * @param offset where the value starts in the message, for error reporting
   */
  static Via parseFirst(String line, int offset) throws SipParseException {
    int comma = topLevelComma(line);
    String value = (comma < 0 ? line : line.substring(0, comma)).trim();
    String rest = comma < 0 ? "" : line.substring(comma + 1).trim();
    Scanner s = new Scanner(value, offset);
    s.expectToken("SIP");
    s.expectSlash();
    s.expectToken("2.0");
    s.expectSlash();
    String transport = s.token().toUpperCase(Locale.ROOT);
    s.skipWs();
    String host;
    if (s.peek() == '[') {
      int close = value.indexOf(']', s.pos);
      if (close < 0) {
        throw s.error();
      }
      host = value.substring(s.pos + 1, close);
      s.pos = close + 1;
    } else {
      host = s.hostToken();
    }
    if (host.isEmpty()) {
      throw s.error();
    }
    int port = -1;
    s.skipWs();
    if (s.peek() == ':') {
      s.pos++;
      s.skipWs();
      port = s.number(65535);
    }
    String branch = null;
    String received = null;
    boolean rport = false;
    s.skipWs();
    while (s.peek() == ';') {
      s.pos++;
      s.skipWs();
      String name = s.token().toLowerCase(Locale.ROOT);
      String val = null;
      s.skipWs();
      if (s.peek() == '=') {
        s.pos++;
        s.skipWs();
        val = s.paramValue();
      }
      switch (name) {
        case "branch" -> branch = val;
        case "received" -> received = val;
        case "rport" -> rport = true;
        default -> {}
      }
      s.skipWs();
    }
    if (!s.atEnd()) {
      throw s.error();
    }
    return new Via(transport, host, port, branch, rport, received, value, rest);
  }

  private static int topLevelComma(String s) {
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted) {
        i++;
      } else if (c == ',' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /** A cursor over one Via value. */
  private static final class Scanner {
    private final String s;
    private final int offset;
    int pos;

    Scanner(String s, int offset) {
      this.s = s;
      this.offset = offset;
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : 0;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    void skipWs() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    void expectSlash() throws SipParseException {
      skipWs();
      if (peek() != '/') {
        throw error();
      }
      pos++;
      skipWs();
    }

    void expectToken(String expected) throws SipParseException {
      if (!s.regionMatches(true, pos, expected, 0, expected.length())) {
        throw error();
      }
      pos += expected.length();
    }

    String token() throws SipParseException {
      int start = pos;
      while (pos < s.length() && isTokenChar(s.charAt(pos))) {
        pos++;
      }
      if (pos == start) {
        throw error();
      }
      return s.substring(start, pos);
    }

    String hostToken() {
      int start = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') {
          pos++;
        } else {
          break;
        }
      }
      return s.substring(start, pos);
    }

    int number(int max) throws SipParseException {
      int start = pos;
      long v = 0;
      while (pos < s.length() && Character.isDigit(s.charAt(pos)) && pos - start < 10) {
        v = v * 10 + (s.charAt(pos) - '0');
        pos++;
      }
      if (pos == start || v > max) {
        throw error();
      }
      return (int) v;
    }

    String paramValue() throws SipParseException {
      if (peek() == '"') {
        int close = s.indexOf('"', pos + 1);
        if (close < 0) {
          throw error();
        }
        String v = s.substring(pos + 1, close);
        pos = close + 1;
        return v;
      }
      if (peek() == '[') {
        int close = s.indexOf(']', pos);
        if (close < 0) {
          throw error();
        }
        String v = s.substring(pos + 1, close);
        pos = close + 1;
        return v;
      }
      int start = pos;
      while (pos < s.length() && (isTokenChar(s.charAt(pos)) || s.charAt(pos) == ':')) {
        pos++;
      }
      return s.substring(start, pos);
    }

    SipParseException error() {
      return new SipParseException(ParseError.BAD_VIA, offset + pos);
    }
  }

  /** RFC 3261 25.1 token characters. */
  static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-.!%*_+`'~".indexOf(c) >= 0;
  }
}
