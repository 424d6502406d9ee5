package org.tfps.sip;

/** Checks the headers every request must carry (RFC 3261 8.1.1 and 8.2). */
public final class RequestValidator {

  /** RFC 3261 8.1.1.6: the value a UAC should use; assumed when the header is missing. */
  static final int DEFAULT_MAX_FORWARDS = 70;

  private RequestValidator() {}

  /** Reads To, From, Call-ID, CSeq, Via and Max-Forwards, or throws naming the first problem. */
  public static RequestHeaders validate(SipMessage m) throws SipParseException {
    Via via = m.topVia();
    if (via == null) {
      throw new SipParseException(ParseError.MISSING_HEADER, 0, m);
    }
    String callId = single(m, HeaderName.CALL_ID);
    if (callId.isEmpty() || callId.indexOf(' ') >= 0) {
      throw new SipParseException(ParseError.MISSING_HEADER, 0, m);
    }
    NameAddr from = address(m, single(m, HeaderName.FROM));
    NameAddr to = address(m, single(m, HeaderName.TO));
    long cseq = cseq(m, single(m, HeaderName.CSEQ));
    int maxForwards = DEFAULT_MAX_FORWARDS;
    if (m.count(HeaderName.MAX_FORWARDS) > 0) {
      String mf = single(m, HeaderName.MAX_FORWARDS);
      maxForwards = parseBounded(mf, SipLimits.MAX_MAX_FORWARDS);
      if (maxForwards < 0) {
        throw new SipParseException(ParseError.BAD_MAX_FORWARDS, 0, m);
      }
    }
    return new RequestHeaders(via, callId, cseq, from, to, maxForwards);
  }

  private static NameAddr address(SipMessage m, String value) throws SipParseException {
    try {
      return NameAddr.parse(value);
    } catch (SipParseException e) {
      throw new SipParseException(e.reason(), e.offset(), m);
    }
  }

  private static String single(SipMessage m, HeaderName name) throws SipParseException {
    String value = null;
    for (int i = 0; i < m.headerCount; i++) {
      if (m.names[i] == name) {
        if (value != null) {
          throw new SipParseException(ParseError.DUPLICATE_HEADER, m.nameStart[i], m);
        }
        value = m.headerValue(i);
      }
    }
    if (value == null) {
      throw new SipParseException(ParseError.MISSING_HEADER, 0, m);
    }
    return value;
  }

  /**
   * RFC 3261 20.16: "CSeq: 1*DIGIT LWS Method", number below 2^31, method equal to the request's.
   */
  private static long cseq(SipMessage m, String value) throws SipParseException {
    int sp = 0;
    while (sp < value.length() && Character.isDigit(value.charAt(sp))) {
      sp++;
    }
    if (sp == 0
        || sp > 10
        || sp >= value.length()
        || (value.charAt(sp) != ' ' && value.charAt(sp) != '\t')) {
      throw new SipParseException(ParseError.BAD_CSEQ, 0, m);
    }
    long n = Long.parseLong(value.substring(0, sp));
    if (n > SipLimits.MAX_CSEQ) {
      throw new SipParseException(ParseError.BAD_CSEQ, 0, m);
    }
    String method = value.substring(sp).trim();
    if (!method.equals(m.method())) {
      throw new SipParseException(ParseError.CSEQ_METHOD_MISMATCH, 0, m);
    }
    return n;
  }

  private static int parseBounded(String s, int max) {
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v > max ? -1 : v;
  }
}
