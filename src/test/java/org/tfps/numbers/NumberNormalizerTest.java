package org.tfps.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberNormalizerTest {

  private final NumberNormalizer n = new NumberNormalizer();
  private final DialPlan us = new DialPlan("US", List.of("00", "011"), "");
  private final DialPlan gbWithNine = new DialPlan("GB", List.of("00"), "9");

  @ParameterizedTest
  @CsvSource({
    "+5312345678, +5312345678, CU, +",
    "005312345678, +5312345678, CU, 00",
    "01153 1234 5678, +5312345678, CU, 011",
    "2125550123, +12125550123, US, ''",
    "1-212-555-0123, +12125550123, US, ''",
    "+18765550123, +18765550123, JM, +",
    "011442079460123, +442079460123, GB, 011",
    "+88163900000, +88163900000, 001, +",
  })
  void usDialPlan(String dialed, String e164, String country, String prefix) {
    Destination d = n.normalize(dialed, us);
    assertThat(d.e164()).isEqualTo(e164);
    assertThat(d.country()).isEqualTo(country);
    assertThat(d.prefixUsed()).isEqualTo(prefix);
    assertThat(d.dialed()).isEqualTo(dialed);
  }

  @Test
  void outsideLinePrefixIsStrippedAndRemembered() {
    Destination d = n.normalize("9005312345678", gbWithNine);
    assertThat(d.e164()).isEqualTo("+5312345678");
    assertThat(d.country()).isEqualTo("CU");
    assertThat(d.prefixUsed()).isEqualTo("900");
  }

  @Test
  void nationalNumberWithTrunkPrefix() {
    Destination d = n.normalize("02079460123", new DialPlan("GB", List.of("00"), ""));
    assertThat(d.e164()).isEqualTo("+442079460123");
    assertThat(d.country()).isEqualTo("GB");
  }

  @ParameterizedTest
  @CsvSource({"alice", "''", "+", "12ab34", "*97", "0000000000000000000000000000000000000001"})
  void notNumbers(String dialed) {
    Destination d = n.normalize(dialed, us);
    assertThat(d.isNumber()).isFalse();
    assertThat(d.country()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void theCacheGivesWhatTheComputationGivesAndStaysBounded() {
    NumberNormalizer cached = new NumberNormalizer(4);
    List<String> dialed =
        List.of("+5312345678", "2125550123", "00442079460123", "+4420794601", "9011", "alice");
    for (int round = 0; round < 2; round++) {
      for (String d : dialed) {
        assertThat(cached.normalize(d, us)).isEqualTo(n.normalize(d, us));
        assertThat(cached.normalize(d, gbWithNine)).isEqualTo(n.normalize(d, gbWithNine));
        assertThat(cached.cached()).isBetween(1, 4);
      }
    }
    // The same string under another plan is another number.
    assertThat(cached.normalize("02079460123", gbWithNine).country()).isEqualTo("GB");
    assertThat(cached.normalize("02079460123", us).country()).isNotEqualTo("GB");
  }
}
