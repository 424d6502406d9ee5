package org.tfps.intel;

import java.time.Duration;

/**
 * A source answered 429 (or its own "rate limit exceeded"): it is not asked again before {@code
 * retryAfter}. Thrown often under load, so it carries no stack trace.
 */
final class RateLimited extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  RateLimited(String source, Duration retryAfter) {
    super(source + " rate limit: retry after " + retryAfter.toSeconds() + " s", null, false, false);
    this.retryAfter = retryAfter;
  }

  Duration retryAfter() {
    return retryAfter;
  }

  /**
   * The pause a 429 asks for: its Retry-After in seconds (RFC 9110 10.2.3; an HTTP date is not sent
   * by these services), else {@code fallback}; at most an hour.
   */
  static Duration after(String retryAfterHeader, Duration fallback) {
    if (retryAfterHeader != null) {
      try {
        long s = Long.parseLong(retryAfterHeader.trim());
        if (s >= 0) {
          return Duration.ofSeconds(Math.min(s, 3600));
        }
      } catch (NumberFormatException e) {
        // an HTTP date or garbage: the fallback
      }
    }
    return fallback;
  }
}
