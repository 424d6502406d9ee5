package org.tfps.ivr;

/**
 * Bad SDP, RTP or DTMF from a peer: the byte (or character) offset where reading stopped and a
 * {@link MediaError}. Has no stack trace, so a flood of junk packets costs next to nothing; it is
 * checked so a caller on an event loop has to catch it.
 */
public final class MediaParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final MediaError reason;
  private final int offset;

  public MediaParseException(MediaError reason, int offset) {
    super(reason.text() + " at offset " + offset, null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  public MediaError reason() {
    return reason;
  }

  public int offset() {
    return offset;
  }
}
