package org.tfps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void matchesInsideTheBlockOnly() {
    Cidr c = Cidr.parse("10.1.2.0/23");
    assertThat(c.contains(Cidr.literal("10.1.3.255"))).isTrue();
    assertThat(c.contains(Cidr.literal("10.1.4.0"))).isFalse();
    assertThat(c.contains(Cidr.literal("::1"))).isFalse();
    assertThat(c.toString()).isEqualTo("10.1.2.0/23");
  }

  @Test
  void hostBitsAreMasked() {
    assertThat(Cidr.parse("192.0.2.77/24")).isEqualTo(Cidr.parse("192.0.2.0/24"));
  }

  @Test
  void bareAddressIsOneHost() {
    Cidr c = Cidr.parse("2001:db8::5");
    assertThat(c.prefixLength()).isEqualTo(128);
    assertThat(c.contains(Cidr.literal("2001:db8::5"))).isTrue();
    assertThat(c.contains(Cidr.literal("2001:db8::6"))).isFalse();
  }

  @Test
  void zeroPrefixMatchesEverythingOfTheFamily() {
    assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("203.0.113.9"))).isTrue();
  }

  @Test
  void refusesNamesAndBadPrefixes() {
    assertThatThrownBy(() -> Cidr.parse("example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0/8")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("::1/129")).isInstanceOf(IllegalArgumentException.class);
  }
}
