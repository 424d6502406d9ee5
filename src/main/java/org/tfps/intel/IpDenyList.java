package org.tfps.intel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tfps.config.Cidr;
import org.tfps.numbers.DataFileException;
import org.tfps.numbers.RangeTable;

/**
 * Source addresses to refuse (rule R02). The file format (docs/data-files.md): one address or CIDR
 * block per line, optionally followed by a comma and a label ({@code 45.155.91.0/24,known
 * scanner}); '#' starts a comment. A lookup costs one hash probe per distinct prefix length in the
 * list, longest first, whatever the list's size.
 */
public final class IpDenyList {

  /** A masked network of one prefix length. */
  private record Key(int length, long hi, long lo) {}

  private final Map<Key, String> labels;
  private final int[] lengths;

  private IpDenyList(Map<Key, String> labels, int[] lengths) {
    this.labels = labels;
    this.lengths = lengths;
  }

  /** An empty list. */
  public static IpDenyList empty() {
    return new IpDenyList(Map.of(), new int[0]);
  }

  /** Parses the lines of a deny-list file; {@code source} names it in errors. */
  public static IpDenyList parse(String source, List<String> lines) throws DataFileException {
    Map<Key, String> labels = new HashMap<>();
    TreeSet<Integer> lengths = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = RangeTable.stripComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      int comma = line.indexOf(',');
      String block = (comma < 0 ? line : line.substring(0, comma)).trim();
      String label = comma < 0 ? "" : line.substring(comma + 1).trim();
      Cidr cidr;
      try {
        cidr = Cidr.parse(block);
      } catch (IllegalArgumentException e) {
        throw new DataFileException(
            source,
            i + 1,
            "'" + block + "' is not an address or CIDR block (" + e.getMessage() + ")");
      }
      int length = lengthKey(cidr.network().length, cidr.prefixLength());
      labels.put(key(cidr.network(), length), label.isEmpty() ? block : label);
      lengths.add(length);
    }
    return new IpDenyList(
        Map.copyOf(labels), lengths.descendingSet().stream().mapToInt(Integer::intValue).toArray());
  }

  /** The label of the most specific entry containing {@code ip}, or null (also for non-IPs). */
  public String lookup(String ip) {
    if (lengths.length == 0) {
      return null;
    }
    byte[] address;
    try {
      address = Cidr.literal(ip);
    } catch (IllegalArgumentException e) {
      return null;
    }
    for (int length : lengths) {
      if ((length >= 1000) == (address.length == 16)) {
        String label = labels.get(key(address, length));
        if (label != null) {
          return label;
        }
      }
    }
    return null;
  }

  /** Entries loaded. */
  public int size() {
    return labels.size();
  }

  /** IPv6 lengths are kept apart from IPv4 ones by adding 1000. */
  private static int lengthKey(int bytes, int prefixLength) {
    return bytes == 16 ? 1000 + prefixLength : prefixLength;
  }

  private static Key key(byte[] address, int lengthKey) {
    int bits = lengthKey >= 1000 ? lengthKey - 1000 : lengthKey;
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < address.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      long b = address[i] & (0xff << (8 - keep)) & 0xff;
      if (i < 8) {
        hi = (hi << 8) | b;
      } else {
        lo = (lo << 8) | b;
      }
    }
    return new Key(lengthKey, hi, lo);
  }
}
