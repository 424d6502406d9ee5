package org.tfps.decision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinsTest {

  @Test
  void aHashMatchesItsPinOnly() {
    String h = Pins.hash("4711");
    assertThat(h).startsWith("pbkdf2-sha256$600000$").doesNotContain("4711");
    assertThat(Pins.matches("4711", h)).isTrue();
    assertThat(Pins.matches("4712", h)).isFalse();
    assertThat(Pins.hash("4711")).as("salted").isNotEqualTo(h);
    assertThat(Pins.matches("4711", "plain")).isFalse();
    assertThat(Pins.matches("4711", null)).isFalse();
  }

  @Test
  void aPinIsFourToTwelveDigits() {
    assertThat(Pins.valid("0000")).isTrue();
    assertThat(Pins.valid("123456789012")).isTrue();
    assertThat(Pins.valid("123")).isFalse();
    assertThat(Pins.valid("1234567890123")).isFalse();
    assertThat(Pins.valid("12a4")).isFalse();
    assertThat(Pins.valid(null)).isFalse();
  }
}
