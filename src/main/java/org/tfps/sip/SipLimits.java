package org.tfps.sip;

/** Named bounds on what a peer may send. Each exists so one message cannot cost unbounded work. */
public final class SipLimits {

  /**
   * Largest message accepted on any transport. The largest IPv4 UDP payload is 65,507 bytes (RFC
   * 768 length field minus headers); TCP messages are held to the same bound so a peer cannot make
   * the framer buffer more than one datagram's worth.
   */
  public static final int MAX_MESSAGE_BYTES = 65_507;

  /**
   * Longest physical header line. RFC 4475 "longreq" carries lines of about 1 KB; real INVITEs stay
   * under a few hundred bytes. 8 KiB leaves room for long Contact or Route sets.
   */
  public static final int MAX_LINE_BYTES = 8_192;

  /** Most header lines in one message; real INVITEs carry 10 to 40 (RFC 4475 longreq ~ 50). */
  public static final int MAX_HEADERS = 200;

  /**
   * Largest body. SDP offers are 300 bytes to 4 KB; multipart bodies with ISUP rarely pass 8 KB.
   * TFPS never reads bodies on the decision path, so anything larger is abuse.
   */
  public static final int MAX_BODY_BYTES = 32_768;

  /** RFC 3261 20.22: Max-Forwards is an integer from 0 to 255. */
  public static final int MAX_MAX_FORWARDS = 255;

  /** RFC 3261 8.1.1.5: the CSeq sequence number MUST be less than 2^31. */
  public static final long MAX_CSEQ = (1L << 31) - 1;

  /**
   * Open TCP connections at most. A softswitch keeps a handful; past this, new connections are
   * closed at once (counted in tfps_sip_tcp_refused_total) so a connection flood cannot exhaust
   * file descriptors.
   */
  public static final int MAX_TCP_CONNECTIONS = 4_096;

  private SipLimits() {}
}
