package org.tfps.intel;

import org.tfps.config.Cidr;

/** Which addresses are worth asking a public reputation source about. */
final class Addresses {

  private Addresses() {}

  /**
   * True for a literal public unicast address. Loopback, private (RFC 1918, RFC 4193), shared (RFC
   * 6598), link-local, unspecified, multicast and reserved addresses are not: no public source
   * knows them, and sending them out would leak the operator's network plan.
   */
  static boolean routable(String ip) {
    byte[] a;
    try {
      a = Cidr.literal(ip);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (a.length == 16) {
      if (isMappedV4(a)) {
        return routableV4(a[12] & 0xff, a[13] & 0xff);
      }
      int b0 = a[0] & 0xff;
      int b1 = a[1] & 0xff;
      boolean unspecifiedOrLoopback = true;
      for (int i = 0; i < 15; i++) {
        unspecifiedOrLoopback &= a[i] == 0;
      }
      return !unspecifiedOrLoopback
          && (b0 & 0xfe) != 0xfc // fc00::/7 unique local
          && !(b0 == 0xfe && (b1 & 0xc0) == 0x80) // fe80::/10 link-local
          && b0 != 0xff; // multicast
    }
    return routableV4(a[0] & 0xff, a[1] & 0xff);
  }

  private static boolean routableV4(int b0, int b1) {
    return b0 != 0
        && b0 != 10
        && b0 != 127
        && !(b0 == 100 && (b1 & 0xc0) == 64) // 100.64.0.0/10 shared (CGNAT)
        && !(b0 == 169 && b1 == 254)
        && !(b0 == 172 && (b1 & 0xf0) == 16)
        && !(b0 == 192 && b1 == 168)
        && b0 < 224; // multicast and reserved
  }

  private static boolean isMappedV4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }
}
