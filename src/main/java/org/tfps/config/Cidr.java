package org.tfps.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code ::1/128}. Parsing accepts literal addresses
 * only and never touches DNS.
 */
public record Cidr(byte[] network, int prefixLength) {

  /**
   * Parses {@code address[/bits]}; a bare address is a single host.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Cidr parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literal(addr);
    int max = bytes.length * 8;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("prefix length must be 0.." + max);
      }
    }
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    return new Cidr(bytes, bits);
  }

  /** True when {@code address} (4 or 16 bytes) lies in this block. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest);
    return (address[full] & mask) == (network[full] & mask);
  }

  /** Bytes of a literal IPv4 or IPv6 address, or an exception if it is not one. */
  public static byte[] literal(String addr) {
    boolean v4 = !addr.isEmpty() && addr.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    boolean v6 = addr.indexOf(':') >= 0 && addr.chars().allMatch(Cidr::isV6Char);
    if (!v4 && !v6) {
      throw new IllegalArgumentException("not a literal IP address");
    }
    if (v4 && addr.split("\\.", -1).length != 4) {
      throw new IllegalArgumentException("IPv4 addresses have four parts");
    }
    try {
      return InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a literal IP address");
    }
  }

  private static boolean isV6Char(int c) {
    return c == ':' || c == '.' || Character.digit(c, 16) >= 0;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c
        && c.prefixLength == prefixLength
        && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + prefixLength;
  }
}
