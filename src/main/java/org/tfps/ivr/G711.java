package org.tfps.ivr;

/**
 * ITU-T G.711 companding: 16-bit linear PCM to and from µ-law (PCMU, RTP payload type 0) and A-law
 * (PCMA, payload type 8), and µ-law to A-law transcoding. The segment arithmetic is that of the
 * G.711 reference (the widely used Sun Microsystems g711.c): encoders take the top 14 (µ-law) or 13
 * (A-law) bits of the sample. Stateless; the tables are built once.
 */
public final class G711 {

  /** µ-law code of silence (linear 0). */
  public static final byte ULAW_SILENCE = (byte) 0xFF;

  /** A-law code of silence (linear +8, the smallest positive step). */
  public static final byte ALAW_SILENCE = (byte) 0xD5;

  /** G.711 µ-law bias added before the segment search (0x84 = 132). */
  private static final int ULAW_BIAS = 0x84;

  /** Largest 14-bit magnitude µ-law encodes before clipping (G.711: 8159). */
  private static final int ULAW_CLIP = 8_159;

  /**
   * G.711's µ-law to A-law conversion table, as copied from the CCITT text into Sun's g711.c
   * ({@code _u2a}): for the µ-law magnitude code i (0..127) the A-law magnitude code plus one. It
   * is not everywhere the nearest A-law value (µ-law 48, 924, maps to A-law 45, [928, 960)): the
   * table is the standard's, so transcoding equals what other G.711 gateways do.
   */
  private static final int[] U2A = {
    1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 27, 29, 31, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 48, 49, 50,
    51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75,
    76, 77, 78, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100,
    101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
    120, 121, 122, 123, 124, 125, 126, 127, 128
  };

  private static final short[] ULAW_TO_LINEAR = new short[256];
  private static final short[] ALAW_TO_LINEAR = new short[256];
  private static final byte[] ULAW_TO_ALAW = new byte[256];

  static {
    for (int i = 0; i < 256; i++) {
      ULAW_TO_LINEAR[i] = (short) decodeUlaw(i);
      ALAW_TO_LINEAR[i] = (short) decodeAlaw(i);
    }
    for (int i = 0; i < 256; i++) {
      // As Sun's ulaw2alaw: the table is indexed by the µ-law magnitude with its bits restored,
      // and the A-law code written with its even bits inverted and the sign kept.
      ULAW_TO_ALAW[i] =
          (i & 0x80) != 0
              ? (byte) (0xD5 ^ (U2A[0xFF ^ i] - 1))
              : (byte) (0x55 ^ (U2A[0x7F ^ i] - 1));
    }
  }

  private G711() {}

  /**
   * Encodes one 16-bit linear sample as µ-law (G.711 table 2) from the top 14 bits of its
   * magnitude, so each code covers the same interval on both sides of zero (Sun's g711.c shifts
   * before taking the magnitude and moves small negative samples one step down).
   */
  public static byte linearToUlaw(int sample) {
    int pcm = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
    int mask;
    if (pcm < 0) {
      pcm = -pcm;
      mask = 0x7F;
    } else {
      mask = 0xFF;
    }
    pcm >>= 2;
    if (pcm > ULAW_CLIP) {
      pcm = ULAW_CLIP;
    }
    pcm += ULAW_BIAS >> 2;
    int seg = segment(pcm >> 6);
    if (seg >= 8) {
      return (byte) (0x7F ^ mask);
    }
    int code = (seg << 4) | ((pcm >> (seg + 1)) & 0x0F);
    return (byte) (code ^ mask);
  }

  /** Decodes one µ-law code to 16-bit linear. */
  public static short ulawToLinear(byte code) {
    return ULAW_TO_LINEAR[code & 0xFF];
  }

  /** Encodes one 16-bit linear sample as A-law (G.711 table 1), even bits inverted (0x55). */
  public static byte linearToAlaw(int sample) {
    int pcm = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample)) >> 3;
    int mask;
    if (pcm >= 0) {
      mask = 0xD5;
    } else {
      mask = 0x55;
      pcm = -pcm - 1;
    }
    int seg = segment(pcm >> 5);
    int code;
    if (seg >= 8) {
      code = 0x7F;
    } else {
      code = seg << 4;
      code |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
    }
    return (byte) (code ^ mask);
  }

  /** Decodes one A-law code to 16-bit linear. */
  public static short alawToLinear(byte code) {
    return ALAW_TO_LINEAR[code & 0xFF];
  }

  /** The A-law code G.711's conversion table gives a µ-law code. */
  public static byte ulawToAlaw(byte code) {
    return ULAW_TO_ALAW[code & 0xFF];
  }

  /**
   * Transcodes {@code len} µ-law bytes to A-law, from {@code src[srcOff]} to {@code dst[dstOff]}.
   */
  public static void ulawToAlaw(byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] = ULAW_TO_ALAW[src[srcOff + i] & 0xFF];
    }
  }

  /**
   * Segment 0..7 of a magnitude already shifted right by the first segment's width: the number of
   * significant bits left; 8 means past the last segment.
   */
  private static int segment(int shifted) {
    int seg = 0;
    while (shifted > 0 && seg < 8) {
      shifted >>= 1;
      seg++;
    }
    return seg;
  }

  private static int decodeUlaw(int code) {
    int u = ~code & 0xFF;
    int t = ((u & 0x0F) << 3) + ULAW_BIAS;
    t <<= (u & 0x70) >> 4;
    return (u & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS;
  }

  private static int decodeAlaw(int code) {
    int a = (code ^ 0x55) & 0xFF;
    int t = (a & 0x0F) << 4;
    int seg = (a & 0x70) >> 4;
    switch (seg) {
      case 0:
        t += 8;
        break;
      case 1:
        t += 0x108;
        break;
      default:
        t += 0x108;
        t <<= seg - 1;
    }
    return (a & 0x80) != 0 ? t : -t;
  }
}
