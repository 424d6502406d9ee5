package org.tfps.sip;

/**
 * Turns bytes into a {@link SipMessage}: start line, header lines (with folding and compact names)
 * and body bounds (RFC 3261 7 and 18.3). Structure only; {@link RequestValidator} checks the
 * mandatory headers of a request. Stateless and thread-safe.
 */
public final class SipParser {

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private SipParser() {}

  /**
   * Parses one message occupying {@code buf[0, len)}.
   *
   * @param datagram true for UDP, where a missing Content-Length means "the rest of the packet";
   *     false for a stream, where the framer already cut the message and a missing Content-Length
   *     means an empty body
   */
  public static SipMessage parse(byte[] buf, int len, boolean datagram) throws SipParseException {
    if (len > SipLimits.MAX_MESSAGE_BYTES) {
      throw new SipParseException(ParseError.TOO_LARGE, SipLimits.MAX_MESSAGE_BYTES);
    }
    int pos = 0;
    // RFC 3261 7.5: ignore CRLFs before the start line.
    while (pos < len && (buf[pos] == CR || buf[pos] == LF)) {
      pos++;
    }
    if (pos >= len) {
      throw new SipParseException(ParseError.EMPTY, pos);
    }
    int lineEnd = lineEnd(buf, pos, len);
    if (lineEnd < 0) {
      throw new SipParseException(ParseError.TRUNCATED, len);
    }
    StartLine start = StartLine.parse(buf, pos, lineEnd);
    pos = next(buf, lineEnd);

    HeaderName[] names = new HeaderName[24];
    int[] nameStart = new int[24];
    int[] nameEnd = new int[24];
    int[] valueStart = new int[24];
    int[] valueEnd = new int[24];
    int count = 0;
    while (true) {
      int end = lineEnd(buf, pos, len);
      if (end < 0) {
        throw partialError(
            ParseError.TRUNCATED,
            len,
            buf,
            start,
            names,
            nameStart,
            nameEnd,
            valueStart,
            valueEnd,
            count);
      }
      if (end - pos > SipLimits.MAX_LINE_BYTES) {
        throw partialError(
            ParseError.LINE_TOO_LONG,
            pos,
            buf,
            start,
            names,
            nameStart,
            nameEnd,
            valueStart,
            valueEnd,
            count);
      }
      if (end == pos) {
        pos = next(buf, end);
        break;
      }
      byte first = buf[pos];
      if (first == ' ' || first == '\t') {
        // RFC 3261 7.3.1: a line starting with white space continues the previous header.
        if (count == 0) {
          throw new SipParseException(ParseError.BAD_HEADER_LINE, pos);
        }
        checkChars(buf, pos, end, start, names, nameStart, nameEnd, valueStart, valueEnd, count);
        int v = trimEnd(buf, valueStart[count - 1], end);
        valueEnd[count - 1] = v;
        pos = next(buf, end);
        continue;
      }
      if (count == SipLimits.MAX_HEADERS) {
        throw partialError(
            ParseError.TOO_MANY_HEADERS,
            pos,
            buf,
            start,
            names,
            nameStart,
            nameEnd,
            valueStart,
            valueEnd,
            count);
      }
      checkChars(buf, pos, end, start, names, nameStart, nameEnd, valueStart, valueEnd, count);
      int n = pos;
      while (n < end && Via.isTokenChar((char) buf[n])) {
        n++;
      }
      int colon = n;
      while (colon < end && (buf[colon] == ' ' || buf[colon] == '\t')) {
        colon++;
      }
      if (n == pos || colon >= end || buf[colon] != ':') {
        throw partialError(
            ParseError.BAD_HEADER_LINE,
            pos,
            buf,
            start,
            names,
            nameStart,
            nameEnd,
            valueStart,
            valueEnd,
            count);
      }
      int v = colon + 1;
      while (v < end && (buf[v] == ' ' || buf[v] == '\t')) {
        v++;
      }
      if (count == names.length) {
        int size = Math.min(SipLimits.MAX_HEADERS, count * 2);
        names = java.util.Arrays.copyOf(names, size);
        nameStart = java.util.Arrays.copyOf(nameStart, size);
        nameEnd = java.util.Arrays.copyOf(nameEnd, size);
        valueStart = java.util.Arrays.copyOf(valueStart, size);
        valueEnd = java.util.Arrays.copyOf(valueEnd, size);
      }
      names[count] = HeaderName.lookup(buf, pos, n);
      nameStart[count] = pos;
      nameEnd[count] = n;
      valueStart[count] = v;
      valueEnd[count] = trimEnd(buf, v, end);
      count++;
      pos = next(buf, end);
    }
    SipMessage headersOnly =
        new SipMessage(
            buf,
            start.method,
            start.uriStart,
            start.uriEnd,
            start.status,
            names,
            nameStart,
            nameEnd,
            valueStart,
            valueEnd,
            count,
            pos,
            pos);
    if (start.unsupportedVersionAt >= 0) {
      throw new SipParseException(
          ParseError.UNSUPPORTED_VERSION, start.unsupportedVersionAt, headersOnly);
    }
    int bodyEnd = bodyEnd(buf, len, pos, datagram, headersOnly);
    return new SipMessage(
        buf,
        start.method,
        start.uriStart,
        start.uriEnd,
        start.status,
        names,
        nameStart,
        nameEnd,
        valueStart,
        valueEnd,
        count,
        pos,
        bodyEnd);
  }

  /** RFC 3261 18.3: where the body ends, from Content-Length or the end of the datagram. */
  private static int bodyEnd(byte[] buf, int len, int bodyStart, boolean datagram, SipMessage m)
      throws SipParseException {
    long declared = -1;
    for (int i = 0; i < m.headerCount; i++) {
      if (m.names[i] != HeaderName.CONTENT_LENGTH) {
        continue;
      }
      long v = digits(buf, m.valueStart[i], m.valueEnd[i]);
      if (v < 0) {
        throw new SipParseException(ParseError.BAD_CONTENT_LENGTH, m.valueStart[i], m);
      }
      if (declared >= 0 && v != declared) {
        throw new SipParseException(ParseError.DUPLICATE_HEADER, m.valueStart[i], m);
      }
      declared = v;
    }
    int available = len - bodyStart;
    if (declared < 0) {
      declared = datagram ? available : 0;
    }
    if (declared > SipLimits.MAX_BODY_BYTES) {
      throw new SipParseException(ParseError.BODY_TOO_LARGE, bodyStart, m);
    }
    if (declared > available) {
      throw new SipParseException(ParseError.CONTENT_LENGTH_EXCEEDS_BODY, len, m);
    }
    // Bytes past Content-Length in a datagram are discarded (RFC 3261 18.3).
    return bodyStart + (int) declared;
  }

  /** A non-negative decimal of at most 9 digits, or -1. */
  static long digits(byte[] b, int start, int end) {
    if (start >= end || end - start > 9) {
      return -1;
    }
    long v = 0;
    for (int i = start; i < end; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return -1;
      }
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }

  /** Index of the line's CR (or bare LF), or -1 when no LF follows within the message. */
  private static int lineEnd(byte[] b, int from, int len) {
    for (int i = from; i < len; i++) {
      if (b[i] == LF) {
        return i > from && b[i - 1] == CR ? i - 1 : i;
      }
    }
    return -1;
  }

  private static int next(byte[] b, int lineEnd) {
    return b[lineEnd] == CR ? lineEnd + 2 : lineEnd + 1;
  }

  /** Drops trailing white space, including the line break before an all-blank continuation. */
  private static int trimEnd(byte[] b, int start, int end) {
    while (end > start
        && (b[end - 1] == ' ' || b[end - 1] == '\t' || b[end - 1] == '\r' || b[end - 1] == '\n')) {
      end--;
    }
    return end;
  }

  /** Header lines may hold any octet but controls (RFC 3261 25.1 TEXT-UTF8 and LWS). */
  private static void checkChars(
      byte[] b,
      int start,
      int end,
      StartLine sl,
      HeaderName[] names,
      int[] ns,
      int[] ne,
      int[] vs,
      int[] ve,
      int count)
      throws SipParseException {
    for (int i = start; i < end; i++) {
      int c = b[i] & 0xff;
      // A control character may only appear escaped, as a quoted-pair (RFC 3261 25.1).
      if (((c < 0x20 && c != '\t') || c == 0x7f) && (i == start || b[i - 1] != '\\')) {
        throw partialError(ParseError.INVALID_CHARACTER, i, b, sl, names, ns, ne, vs, ve, count);
      }
    }
  }

  private static SipParseException partialError(
      ParseError reason,
      int offset,
      byte[] buf,
      StartLine sl,
      HeaderName[] names,
      int[] ns,
      int[] ne,
      int[] vs,
      int[] ve,
      int count) {
    SipMessage partial =
        new SipMessage(
            buf,
            sl.method,
            sl.uriStart,
            sl.uriEnd,
            sl.status,
            names,
            ns,
            ne,
            vs,
            ve,
            count,
            offset,
            offset);
    return new SipParseException(reason, offset, partial);
  }

  /** The request line (RFC 3261 7.1) or status line (7.2). */
  /**
   * @param unsupportedVersionAt offset of a SIP version other than 2.0, or -1
   */
  private record StartLine(
      String method, int uriStart, int uriEnd, int status, int unsupportedVersionAt) {

    private static final byte[] VERSION =
        "sip/2.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] SIP_SLASH =
        "sip/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static StartLine parse(byte[] b, int start, int end) throws SipParseException {
      if (end - start > SipLimits.MAX_LINE_BYTES) {
        throw new SipParseException(ParseError.LINE_TOO_LONG, start);
      }
      if (end - start >= 4 && HeaderName.equalsLower(b, start, SIP_SLASH)) {
        return statusLine(b, start, end);
      }
      int m = start;
      while (m < end && Via.isTokenChar((char) b[m])) {
        m++;
      }
      if (m == start || m >= end || b[m] != ' ') {
        throw new SipParseException(ParseError.BAD_START_LINE, m);
      }
      int uriStart = m + 1;
      int uriEnd = uriStart;
      while (uriEnd < end && b[uriEnd] != ' ') {
        int c = b[uriEnd] & 0xff;
        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"') {
          throw new SipParseException(ParseError.BAD_REQUEST_URI, uriEnd);
        }
        uriEnd++;
      }
      if (uriEnd == uriStart || uriEnd >= end || !hasScheme(b, uriStart, uriEnd)) {
        throw new SipParseException(ParseError.BAD_REQUEST_URI, uriStart);
      }
      int v = uriEnd + 1;
      if (end - v != VERSION.length || !HeaderName.equalsLower(b, v, VERSION)) {
        // "SIP/2.0 " (trailing junk) is malformed; "SIP/3.0" is a version we do not speak.
        boolean otherVersion =
            end - v >= 4
                && HeaderName.equalsLower(b, v, SIP_SLASH)
                && !(end - v > VERSION.length && HeaderName.equalsLower(b, v, VERSION));
        if (!otherVersion) {
          throw new SipParseException(ParseError.BAD_START_LINE, v);
        }
        // Read the headers anyway, so the request can be answered 505 (RFC 3261 21.5.7).
        return new StartLine(Methods.intern(b, start, m), uriStart, uriEnd, 0, v);
      }
      return new StartLine(Methods.intern(b, start, m), uriStart, uriEnd, 0, -1);
    }

    private static StartLine statusLine(byte[] b, int start, int end) throws SipParseException {
      int p = start + VERSION.length;
      if (end - start < VERSION.length + 4
          || !HeaderName.equalsLower(b, start, VERSION)
          || b[p] != ' ') {
        throw new SipParseException(ParseError.BAD_START_LINE, start);
      }
      long code = digits(b, p + 1, p + 4);
      if (code < 100 || code > 699 || (p + 4 < end && b[p + 4] != ' ')) {
        throw new SipParseException(ParseError.BAD_START_LINE, p + 1);
      }
      return new StartLine(null, 0, 0, (int) code, -1);
    }

    private static boolean hasScheme(byte[] b, int start, int end) {
      int i = start;
      while (i < end
          && (Character.isLetterOrDigit(b[i]) || b[i] == '+' || b[i] == '-' || b[i] == '.')) {
        i++;
      }
      return i > start && i < end - 1 && b[i] == ':' && Character.isLetter(b[start]);
    }
  }
}
