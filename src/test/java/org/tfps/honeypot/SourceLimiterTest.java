package org.tfps.honeypot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceLimiterTest {

  @Test
  void eachSourceHasItsOwnMinute() {
    SourceLimiter l = new SourceLimiter(3);
    for (int i = 0; i < 3; i++) {
      assertThat(l.allow("198.51.100.1", 1_000)).isTrue();
    }
    assertThat(l.allow("198.51.100.1", 1_000)).isFalse();
    assertThat(l.allow("198.51.100.2", 1_000)).as("another source").isTrue();
    assertThat(l.allow("198.51.100.1", 60_999)).isFalse();
    assertThat(l.allow("198.51.100.1", 61_000)).as("a new minute").isTrue();
  }

  @Test
  void theTableStaysBounded() {
    SourceLimiter l = new SourceLimiter(1);
    for (int i = 0; i < SourceLimiter.MAX_SOURCES + 10; i++) {
      l.allow("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 0);
    }
    // The first source was pushed out: it starts a new minute.
    assertThat(l.allow("10.0.0.0", 0)).isTrue();
  }
}
