package org.tfps.sip;

import java.nio.charset.StandardCharsets;

/** The methods TFPS handles, interned so the hot path compares references and allocates none. */
public final class Methods {
  public static final String INVITE = "INVITE";
  public static final String ACK = "ACK";
  public static final String CANCEL = "CANCEL";
  public static final String OPTIONS = "OPTIONS";
  public static final String BYE = "BYE";
  public static final String REGISTER = "REGISTER";
  public static final String INFO = "INFO";
  public static final String PRACK = "PRACK";
  public static final String UPDATE = "UPDATE";

  private static final String[] KNOWN = {
    INVITE, ACK, CANCEL, OPTIONS, BYE, REGISTER, INFO, PRACK, UPDATE
  };
  private static final byte[][] KNOWN_BYTES = new byte[KNOWN.length][];

  static {
    for (int i = 0; i < KNOWN.length; i++) {
      KNOWN_BYTES[i] = KNOWN[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  private Methods() {}

  /** The method of bytes {@code [start, end)}: a shared constant when known (case-sensitive). */
  static String intern(byte[] b, int start, int end) {
    int len = end - start;
    outer:
    for (int k = 0; k < KNOWN_BYTES.length; k++) {
      byte[] m = KNOWN_BYTES[k];
      if (m.length != len) {
        continue;
      }
      for (int i = 0; i < len; i++) {
        if (b[start + i] != m[i]) {
          continue outer;
        }
      }
      return KNOWN[k];
    }
    return new String(b, start, len, StandardCharsets.ISO_8859_1);
  }
}
