package org.tfps.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout of an import key, and the ranges a chunk's read is made of. */
class ImportKeysTest {

  private static final byte[] HASH = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

  @Test
  void aKeyIsTheStartBigEndianThenTheHash() {
    assertThat(HexFormat.of().formatHex(ImportKeys.key(1_788_254_102L, HASH)))
        .isEqualTo("006a969796" + "00112233445566778899aa");
    assertThat(HexFormat.of().formatHex(ImportKeys.key(-1, HASH))).startsWith("0000000000");
    assertThat(HexFormat.of().formatHex(ImportKeys.key(Long.MAX_VALUE, HASH)))
        .startsWith("ffffffffff");
  }

  @Test
  void keysSortByStartFirst() {
    byte[] early = ImportKeys.key(1000, HexFormat.of().parseHex("ff".repeat(16)));
    byte[] late = ImportKeys.key(1001, new byte[16]);
    assertThat(Arrays.compareUnsigned(early, late)).isNegative();
  }

  private static ImportKeys.Key at(long start, int i) {
    return new ImportKeys.Key(start, ImportKeys.key(start, HASH), null, i);
  }

  /** The [first, last] start of each of the read's ranges. */
  private static List<String> ranges(List<ImportKeys.Key> chunk) {
    Tuple t = ImportKeys.ranges(chunk);
    assertThat(t.size()).isEqualTo(2 * ImportKeys.RANGES);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i += 2) {
      String r = first5(t.getBuffer(i).getBytes()) + "-" + first5(t.getBuffer(i + 1).getBytes());
      if (!out.contains(r)) {
        out.add(r);
      }
    }
    return out;
  }

  private static long first5(byte[] k) {
    long v = 0;
    for (int i = 0; i < ImportKeys.TIME_BYTES; i++) {
      v = (v << 8) | (k[i] & 0xff);
    }
    return v;
  }

  /**
   * A call written at its end among later ones (two hours long) gets a range of its own: the read
   * does not span the two hours of keys kept before.
   */
  @Test
  void aCallFarBeforeTheOthersIsReadOnItsOwn() {
    List<ImportKeys.Key> chunk = new ArrayList<>();
    chunk.add(at(10_000, 0));
    for (int i = 0; i < 4_000; i++) {
      chunk.add(at(17_200 + i / 4, i + 1));
    }
    List<String> ranges = ranges(chunk);
    assertThat(ranges).hasSize(ImportKeys.RANGES);
    assertThat(ranges.get(0)).isEqualTo("10000-10000");
    assertThat(ranges.get(ranges.size() - 1)).endsWith("-18199");
  }

  @Test
  void keysOfOneSecondAreOneRange() {
    List<ImportKeys.Key> chunk = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      chunk.add(at(5_000, i));
    }
    assertThat(ranges(chunk)).containsExactly("5000-5000");
    assertThat(ranges(List.of(at(7, 0)))).containsExactly("7-7");
  }
}
