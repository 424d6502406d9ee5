package org.tfps.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed SIP message: the bytes as received plus offsets of the start line, each header and the
 * body. Header values stay raw bytes until read; values are decoded as ISO-8859-1 so that writing
 * them back reproduces the exact bytes. Not thread-safe; owned by one event loop.
 */
public final class SipMessage {

  final byte[] buf;
  final String method;
  final int uriStart;
  final int uriEnd;
  final int status;
  final HeaderName[] names;
  final int[] nameStart;
  final int[] nameEnd;
  final int[] valueStart;
  final int[] valueEnd;
  final int headerCount;
  final int bodyStart;
  final int bodyEnd;

  private Via topVia;

  SipMessage(
      byte[] buf,
      String method,
      int uriStart,
      int uriEnd,
      int status,
      HeaderName[] names,
      int[] nameStart,
      int[] nameEnd,
      int[] valueStart,
      int[] valueEnd,
      int headerCount,
      int bodyStart,
      int bodyEnd) {
    this.buf = buf;
    this.method = method;
    this.uriStart = uriStart;
    this.uriEnd = uriEnd;
    this.status = status;
    this.names = names;
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.headerCount = headerCount;
    this.bodyStart = bodyStart;
    this.bodyEnd = bodyEnd;
  }

  /** True for a request, false for a response. */
  public boolean isRequest() {
    return method != null;
  }

  /** The request method as sent (case-sensitive, RFC 3261 7.1), or null for a response. */
  public String method() {
    return method;
  }

  /** The Request-URI text, or null for a response. */
  public String requestUri() {
    return method == null ? null : latin1(uriStart, uriEnd);
  }

  /** The status code of a response, 0 for a request. */
  public int status() {
    return status;
  }

  /** Number of header lines (a folded header counts once). */
  public int headerCount() {
    return headerCount;
  }

  /** The name of header {@code i} as the codec knows it. */
  public HeaderName headerName(int i) {
    return names[i];
  }

  /** The name of header {@code i} as sent. */
  public String headerNameText(int i) {
    return latin1(nameStart[i], nameEnd[i]);
  }

  /** The value of header {@code i}, with line folding replaced by a single space. */
  public String headerValue(int i) {
    return unfold(valueStart[i], valueEnd[i]);
  }

  /** The first value of a known header, or null. */
  public String first(HeaderName name) {
    for (int i = 0; i < headerCount; i++) {
      if (names[i] == name) {
        return headerValue(i);
      }
    }
    return null;
  }

  /** How many header lines carry this name. */
  public int count(HeaderName name) {
    int n = 0;
    for (int i = 0; i < headerCount; i++) {
      if (names[i] == name) {
        n++;
      }
    }
    return n;
  }

  /** Every line of a known header, in order. */
  public List<String> all(HeaderName name) {
    List<String> out = new ArrayList<>(2);
    for (int i = 0; i < headerCount; i++) {
      if (names[i] == name) {
        out.add(headerValue(i));
      }
    }
    return out;
  }

  /** The first value of any header by name, case-insensitive (long form only), or null. */
  public String header(String name) {
    byte[] lower = name.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < headerCount; i++) {
      if (nameEnd[i] - nameStart[i] == lower.length
          && HeaderName.equalsLower(buf, nameStart[i], lower)) {
        return headerValue(i);
      }
    }
    return null;
  }

  /**
   * Every line of any header by name, case-insensitive (long form only), in order: for headers the
   * codec does not name, such as Record-Route.
   */
  public List<String> all(String name) {
    byte[] lower = name.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    List<String> out = new ArrayList<>(2);
    for (int i = 0; i < headerCount; i++) {
      if (nameEnd[i] - nameStart[i] == lower.length
          && HeaderName.equalsLower(buf, nameStart[i], lower)) {
        out.add(headerValue(i));
      }
    }
    return out;
  }

  /** The topmost Via value, parsed once; null when the message has no Via. */
  public Via topVia() throws SipParseException {
    if (topVia == null) {
      for (int i = 0; i < headerCount; i++) {
        if (names[i] == HeaderName.VIA) {
          topVia = Via.parseFirst(headerValue(i), valueStart[i]);
          break;
        }
      }
    }
    return topVia;
  }

  /** The body bytes' length. */
  public int bodyLength() {
    return bodyEnd - bodyStart;
  }

  /** The body as text (ISO-8859-1), empty when none. */
  public String body() {
    return latin1(bodyStart, bodyEnd);
  }

  String latin1(int start, int end) {
    return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private String unfold(int start, int end) {
    boolean folded = false;
    for (int i = start; i < end; i++) {
      if (buf[i] == '\n') {
        folded = true;
        break;
      }
    }
    if (!folded) {
      return latin1(start, end);
    }
    StringBuilder sb = new StringBuilder(end - start);
    int i = start;
    while (i < end) {
      byte c = buf[i];
      if (c == '\r' || c == '\n') {
        while (i < end && (buf[i] == '\r' || buf[i] == '\n' || buf[i] == ' ' || buf[i] == '\t')) {
          i++;
        }
        while (sb.length() > 0
            && (sb.charAt(sb.length() - 1) == ' ' || sb.charAt(sb.length() - 1) == '\t')) {
          sb.setLength(sb.length() - 1);
        }
        sb.append(' ');
      } else {
        sb.append((char) (c & 0xff));
        i++;
      }
    }
    return sb.toString();
  }
}
