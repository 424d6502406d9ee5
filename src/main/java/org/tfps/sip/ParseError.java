package org.tfps.sip;

/** Why a message was refused, with the status TFPS answers when it can answer at all. */
public enum ParseError {
  EMPTY(400, "Empty message"),
  TOO_LARGE(513, "Message too large"),
  LINE_TOO_LONG(513, "Header line too long"),
  TOO_MANY_HEADERS(513, "Too many headers"),
  BODY_TOO_LARGE(513, "Body too large"),
  TRUNCATED(400, "Message ends before the header section"),
  INVALID_CHARACTER(400, "Control character in header section"),
  BAD_START_LINE(400, "Malformed start line"),
  UNSUPPORTED_VERSION(505, "SIP version not supported"),
  BAD_REQUEST_URI(400, "Malformed Request-URI"),
  BAD_HEADER_LINE(400, "Malformed header line"),
  BAD_CONTENT_LENGTH(400, "Malformed Content-Length"),
  CONTENT_LENGTH_EXCEEDS_BODY(400, "Content-Length larger than the body"),
  MISSING_HEADER(400, "Missing mandatory header"),
  DUPLICATE_HEADER(400, "Single-valued header repeated"),
  BAD_VIA(400, "Malformed Via"),
  BAD_CSEQ(400, "Malformed CSeq"),
  CSEQ_METHOD_MISMATCH(400, "CSeq method does not match the request method"),
  BAD_MAX_FORWARDS(400, "Malformed Max-Forwards"),
  BAD_ADDRESS(400, "Malformed From or To");

  private final int status;
  private final String text;

  ParseError(int status, String text) {
    this.status = status;
    this.text = text;
  }

  /** The SIP status a request with this error is answered with. */
  public int status() {
    return status;
  }

  /** Human-readable reason, used in the Reason header and logs. */
  public String text() {
    return text;
  }
}
