package org.tfps.history;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Idempotency keys (docs/cdr-import.md): {@code <format>:<kind>:<id>} from the format's own unique
 * id, or {@code <format>:h:<32 hex digits>}, the first 128 bits of SHA-256 over the row's fields
 * (trimmed; doubled quotes made single), each in UTF-8 followed by the byte 0x1F (a character
 * outside the Basic Multilingual Plane as its two surrogates, three bytes each). One per reader:
 * not thread-safe.
 */
final class RowKeys {

  /** The longest id used as it is; a longer one is hashed (a key is stored for every row). */
  static final int MAX_ID_CHARS = 160;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String prefix;
  private final MessageDigest sha;
  // A record's characters (at most three bytes each) and a separator after each field.
  private final byte[] scratch =
      new byte[3 * CsvTokenizer.MAX_RECORD_CHARS + CsvTokenizer.MAX_FIELDS + 16];

  RowKeys(CdrFormat format) {
    this.prefix = format.id() + ":";
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The key of a row the format identifies: {@code kind} names the id ("uid", "uuid"...). */
  String ofId(String kind, String id) {
    if (id.length() > MAX_ID_CHARS) {
      sha.reset();
      update(id, 0, id.length());
      return prefix + kind + ":h:" + hex(sha.digest());
    }
    return prefix + kind + ":" + id;
  }

  /** The key of a row without an id: a hash of the given fields of the current record. */
  String ofFields(CsvTokenizer t, int... fields) {
    sha.reset();
    int n = 0;
    for (int f : fields) {
      if (f >= 0 && f < t.fieldCount()) {
        if (t.escaped(f)) {
          String s = t.text(f).trim();
          n = put(s, n);
        } else {
          char[] b = t.buffer();
          int s = t.start(f);
          int e = s + t.length(f);
          while (s < e && b[s] == ' ') {
            s++;
          }
          while (e > s && b[e - 1] == ' ') {
            e--;
          }
          for (int p = s; p < e; p++) {
            char c = b[p];
            if (c < 0x80) {
              scratch[n++] = (byte) c;
            } else {
              n = utf8(c, n);
            }
          }
        }
      }
      scratch[n++] = 0x1f;
    }
    sha.update(scratch, 0, n);
    return prefix + "h:" + hex(sha.digest());
  }

  private int put(String s, int n) {
    for (int i = 0; i < s.length(); i++) {
      n = utf8(s.charAt(i), n);
    }
    return n;
  }

  private int utf8(char c, int n) {
    if (c < 0x80) {
      scratch[n++] = (byte) c;
    } else if (c < 0x800) {
      scratch[n++] = (byte) (0xc0 | (c >> 6));
      scratch[n++] = (byte) (0x80 | (c & 0x3f));
    } else {
      scratch[n++] = (byte) (0xe0 | (c >> 12));
      scratch[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
      scratch[n++] = (byte) (0x80 | (c & 0x3f));
    }
    return n;
  }

  private void update(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (n >= scratch.length - 3) {
        sha.update(scratch, 0, n);
        n = 0;
      }
      n = utf8(s.charAt(i), n);
    }
    sha.update(scratch, 0, n);
  }

  private static String hex(byte[] digest) {
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }
}
