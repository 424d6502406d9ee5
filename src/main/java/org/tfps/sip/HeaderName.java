package org.tfps.sip;

/**
 * Header names the codec knows, with their RFC 3261 section 7.3.3 compact forms. Lookup is
 * case-insensitive and allocation-free.
 */
public enum HeaderName {
  VIA("Via", 'v'),
  FROM("From", 'f'),
  TO("To", 't'),
  CALL_ID("Call-ID", 'i'),
  CSEQ("CSeq", (char) 0),
  CONTACT("Contact", 'm'),
  CONTENT_LENGTH("Content-Length", 'l'),
  CONTENT_TYPE("Content-Type", 'c'),
  MAX_FORWARDS("Max-Forwards", (char) 0),
  SUBJECT("Subject", 's'),
  SUPPORTED("Supported", 'k'),
  USER_AGENT("User-Agent", (char) 0),
  P_TFPS("P-tfps", (char) 0),
  P_ASSERTED_IDENTITY("P-Asserted-Identity", (char) 0),
  REMOTE_PARTY_ID("Remote-Party-ID", (char) 0),
  /** Any header the codec does not name; read it with {@link SipMessage#header(String)}. */
  OTHER("", (char) 0);

  private static final HeaderName[] KNOWN = values();

  private final String canonical;
  private final char compact;
  private final byte[] lower;

  HeaderName(String canonical, char compact) {
    this.canonical = canonical;
    this.compact = compact;
    this.lower =
        canonical
            .toLowerCase(java.util.Locale.ROOT)
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The canonical spelling used when TFPS writes the header. */
  public String canonical() {
    return canonical;
  }

  /** The name of bytes {@code [start, end)}, or {@link #OTHER}. */
  static HeaderName lookup(byte[] b, int start, int end) {
    int len = end - start;
    if (len == 1) {
      char ch = (char) (b[start] | 0x20);
      for (HeaderName h : KNOWN) {
        if (h.compact == ch) {
          return h;
        }
      }
      return OTHER;
    }
    for (HeaderName h : KNOWN) {
      if (h.lower.length == len && equalsLower(b, start, h.lower)) {
        return h;
      }
    }
    return OTHER;
  }

  /** True when bytes at {@code start} equal {@code lower} ignoring ASCII case. */
  static boolean equalsLower(byte[] b, int start, byte[] lower) {
    for (int i = 0; i < lower.length; i++) {
      int c = b[start + i];
      if (c >= 'A' && c <= 'Z') {
        c |= 0x20;
      }
      if (c != lower[i]) {
        return false;
      }
    }
    return true;
  }
}
