package org.tfps.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RateDeckTest {

  @Test
  void longestPrefixWins() throws DataFileException {
    RateDeck deck =
        RateDeck.parse(
            "deck",
            List.of("# USD", "+1,0.01,USD", "+1712432, 0.25 ,usd # rural", "", "+44,0.02,USD"));
    assertThat(deck.size()).isEqualTo(3);
    assertThat(deck.currency()).isEqualTo("USD");
    assertThat(deck.lookup("+17124321001")).isEqualTo(new Rate("1712432", 0.25, "USD"));
    assertThat(deck.lookup("+12125550101").perMinute()).isEqualTo(0.01);
    assertThat(deck.lookup("+33123456789")).isNull();
    assertThat(deck.lookup("")).isNull();
    assertThat(RateDeck.empty().lookup("+12125550101")).isNull();
  }

  @Test
  void badLinesAreRefusedBySourceAndLine() {
    assertThatThrownBy(() -> RateDeck.parse("deck", List.of("+1,0.01,USD", "+44,free,USD")))
        .hasMessage("deck:2: cost 'free' is not a decimal number of at least 0, e.g. 0.25");
    assertThatThrownBy(() -> RateDeck.parse("deck", List.of("+1,-1,USD")))
        .hasMessageContaining("deck:1: cost '-1'");
    assertThatThrownBy(() -> RateDeck.parse("deck", List.of("+1,0.01,USD", "+44,0.02,EUR")))
        .hasMessage(
            "deck:2: currency EUR differs from USD of the lines before: one deck, one currency");
    assertThatThrownBy(() -> RateDeck.parse("deck", List.of("1,0.01,USD")))
        .hasMessageContaining("deck:1: prefix '1' is not '+'");
    assertThatThrownBy(() -> RateDeck.parse("deck", List.of("+1,0.01,dollars")))
        .hasMessageContaining("currency 'dollars' is not an ISO 4217 code");
    assertThatThrownBy(() -> RateDeck.parse("deck", List.of("+1,0.01")))
        .hasMessageContaining("expected +prefix,cost per minute,currency but found 2 fields");
  }
}
