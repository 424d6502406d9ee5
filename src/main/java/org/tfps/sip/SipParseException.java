package org.tfps.sip;

/**
 * Bad SIP from a peer. Carries the byte offset and a reason; has no stack trace, so throwing it for
 * every junk datagram costs next to nothing.
 */
public final class SipParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ParseError reason;
  private final int offset;
  private final transient SipMessage partial;

  public SipParseException(ParseError reason, int offset) {
    this(reason, offset, null);
  }

  /**
   * @param partial what was parsed before the error (start line and earlier headers), or null; used
   *     to answer 400 when enough of the request is readable
   */
  public SipParseException(ParseError reason, int offset, SipMessage partial) {
    super(reason.text() + " at byte " + offset, null, false, false);
    this.reason = reason;
    this.offset = offset;
    this.partial = partial;
  }

  public ParseError reason() {
    return reason;
  }

  public int offset() {
    return offset;
  }

  /** The message as far as it could be read, or null when the start line was unreadable. */
  public SipMessage partial() {
    return partial;
  }
}
