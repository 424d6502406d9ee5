package org.tfps.sip;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tfps.config.Cidr;

/**
 * Trusted peers (RFC 3261 gives no such notion; TFPS answers only its softswitches). Results are
 * cached per address text; the cache is bounded so a spoofed-source flood cannot grow it. Confined
 * to one event loop.
 */
public final class PeerAcl {

  /** Distinct addresses remembered; softswitches are a handful, floods are cleared away. */
  static final int CACHE_LIMIT = 4_096;

  private final List<Cidr> trusted;
  private final Map<String, Boolean> cache = new HashMap<>();

  public PeerAcl(List<Cidr> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /** True when {@code ip} lies in a trusted block. Never throws. */
  public boolean trusted(String ip) {
    Boolean known = cache.get(ip);
    if (known != null) {
      return known;
    }
    boolean ok = compute(ip);
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(ip, ok);
    return ok;
  }

  private boolean compute(String ip) {
    byte[] addr;
    try {
      addr = Cidr.literal(stripZone(ip));
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (Cidr c : trusted) {
      if (c.contains(addr)) {
        return true;
      }
    }
    return false;
  }

  private static String stripZone(String ip) {
    int pct = ip.indexOf('%');
    return pct < 0 ? ip : ip.substring(0, pct);
  }
}
