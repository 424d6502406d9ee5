package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class G711Test {

  /**
   * Decoded values are sox 14.4.2's decoders' (independent of this code); encodings are sox's where
   * sox, which rounds before encoding, agrees with the G.711 interval that holds the sample.
   */
  @ParameterizedTest
  @CsvSource({
    // linear, µ-law, decoded back
    "0, 0xFF, 0",
    "8, 0xFE, 8",
    "-8, 0x7E, -8",
    "100, 0xF2, 104",
    "-100, 0x72, -104",
    "1000, 0xCE, 988",
    "-1000, 0x4E, -988",
    "4092, 0xAF, 4092",
    "-4093, 0x2F, -4092",
    "5000, 0xAB, 5116",
    "32767, 0x80, 32124",
    "-32768, 0x00, -32124",
    // magnitude 1 is in the interval of zero: µ-law's negative zero (Sun's g711.c: 0x7E)
    "-1, 0x7F, 0",
  })
  void ulawKnownValues(int linear, String code, int decoded) {
    byte expected = (byte) Integer.parseInt(code.substring(2), 16);
    assertThat(G711.linearToUlaw(linear)).isEqualTo(expected);
    assertThat(G711.ulawToLinear(expected)).isEqualTo((short) decoded);
  }

  @ParameterizedTest
  @CsvSource({
    // linear, A-law, decoded back (even bits inverted: 0xD5 is the smallest positive step)
    "0, 0xD5, 8",
    "8, 0xD5, 8",
    "-8, 0x55, -8",
    "100, 0xD3, 104",
    "1000, 0xFA, 1008",
    "-1000, 0x7A, -1008",
    "-4093, 0x1A, -4032",
    "5000, 0x86, 4992",
    "32767, 0xAA, 32256",
    "-32768, 0x2A, -32256",
    // G.711 intervals [96, 112) and [3968, 4096); sox, rounding first, says 0x50 and 0x85
    "-100, 0x53, -104",
    "4092, 0x9A, 4032",
  })
  void alawKnownValues(int linear, String code, int decoded) {
    byte expected = (byte) Integer.parseInt(code.substring(2), 16);
    assertThat(G711.linearToAlaw(linear)).isEqualTo(expected);
    assertThat(G711.alawToLinear(expected)).isEqualTo((short) decoded);
  }

  @Test
  void silenceCodes() {
    assertThat(G711.linearToUlaw(0)).isEqualTo(G711.ULAW_SILENCE);
    assertThat(G711.linearToAlaw(0)).isEqualTo(G711.ALAW_SILENCE);
  }

  @Test
  void everyCodeRoundTripsThroughLinear() {
    for (int c = 0; c < 256; c++) {
      byte code = (byte) c;
      // µ-law has two zeros (0x7F and 0xFF); the encoder writes +0.
      byte expectedU = c == 0x7F ? G711.ULAW_SILENCE : code;
      assertThat(G711.linearToUlaw(G711.ulawToLinear(code))).as("u %02x", c).isEqualTo(expectedU);
      assertThat(G711.linearToAlaw(G711.alawToLinear(code))).as("a %02x", c).isEqualTo(code);
    }
  }

  @Test
  void encodingIsMonotonic() {
    short previous = Short.MIN_VALUE;
    for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s += 7) {
      short u = G711.ulawToLinear(G711.linearToUlaw(s));
      short a = G711.alawToLinear(G711.linearToAlaw(s));
      assertThat(u).isGreaterThanOrEqualTo(previous);
      assertThat(Math.abs(u - s)).as("µ-law error at %d", s).isLessThanOrEqualTo(1024);
      assertThat(Math.abs(a - s)).as("A-law error at %d", s).isLessThanOrEqualTo(1024);
      previous = u;
    }
  }

  @ParameterizedTest
  @CsvSource({
    // µ-law, A-law: rows of G.711's conversion table (Sun's g711.c _u2a, value - 1, bits restored)
    "0xFF, 0xD5", // +0 -> A-law 0
    "0x7F, 0x55", // -0 keeps its sign
    "0xFD, 0xD4", // µ 2 -> A 1
    "0xDF, 0xCD", // µ 32 -> A 24
    "0xCF, 0xF8", // µ 48 -> A 45, one step above the nearest
    "0xAF, 0x85", // µ 80 -> A 80 (Sun's table: 81 - 1)
    "0x80, 0xAA", // µ 127 -> A 127, the largest
    "0x00, 0x2A",
  })
  void ulawToAlawFollowsTheG711Table(String ulaw, String alaw) {
    byte u = (byte) Integer.parseInt(ulaw.substring(2), 16);
    byte a = (byte) Integer.parseInt(alaw.substring(2), 16);
    assertThat(G711.ulawToAlaw(u)).isEqualTo(a);
  }

  @Test
  void ulawToAlawIsSymmetricAndWithinOneStepOfTheSameLevel() {
    for (int c = 0; c < 256; c++) {
      byte u = (byte) c;
      byte a = G711.ulawToAlaw(u);
      // Same sign, mirrored codes for mirrored µ-law codes.
      assertThat((a & 0x80) == (c & 0x80)).as("sign of %02x", c).isTrue();
      assertThat(G711.ulawToAlaw((byte) (c ^ 0x80))).isEqualTo((byte) (a ^ 0x80));
      int level = G711.ulawToLinear(u);
      int nearest = G711.alawToLinear(G711.linearToAlaw(level));
      int step = Math.max(16, Math.abs(nearest) / 16);
      assertThat(Math.abs(G711.alawToLinear(a) - level))
          .as("µ %02x", c)
          .isLessThanOrEqualTo(Math.abs(nearest - level) + 2 * step);
    }
    byte[] src = {G711.ULAW_SILENCE, (byte) 0x80, 0x00};
    byte[] dst = new byte[5];
    G711.ulawToAlaw(src, 0, dst, 1, 3);
    assertThat(dst).containsExactly(0, G711.ALAW_SILENCE, (byte) 0xAA, 0x2A, 0);
  }
}
