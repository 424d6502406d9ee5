package org.tfps.honeypot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests per source and minute, for a listener that faces the internet: a source past its limit
 * is ignored until its minute is over. The table keeps the most recently seen sources only, so a
 * flood from many addresses costs bounded memory (a source pushed out starts a new minute).
 * Confined to one event loop.
 */
final class SourceLimiter {

  /** Sources remembered. */
  static final int MAX_SOURCES = 65_536;

  static final long MINUTE = 60_000;

  private final int perMinute;

  private final Map<String, long[]> sources =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> e) {
          return size() > MAX_SOURCES;
        }
      };

  SourceLimiter(int perMinute) {
    this.perMinute = perMinute;
  }

  /** True when {@code source} may make one more request at {@code now}. */
  boolean allow(String source, long now) {
    long[] w = sources.get(source);
    if (w == null || now - w[0] >= MINUTE) {
      sources.put(source, new long[] {now, 1});
      return true;
    }
    return ++w[1] <= perMinute;
  }
}
