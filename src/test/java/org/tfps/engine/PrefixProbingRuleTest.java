package org.tfps.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;

class PrefixProbingRuleTest {

  private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
  private final PrefixProbingRule rule =
      new PrefixProbingRule(Duration.ofMinutes(10), 3, Action.DENY);

  private static PastAttempt past(String dialed) {
    return PastAttempt.of(NOW.minusSeconds(30), dialed, "+442079460123", List.of());
  }

  private Finding dial(String dialed, List<PastAttempt> history) {
    CallAttempt attempt = new CallAttempt("1001@pbx", dialed, "192.0.2.1", "", "c", NOW, -1);
    Destination d =
        new Destination(dialed, "+442079460123", "GB", "00", NumberType.FIXED_LINE, true);
    return rule.evaluate(attempt, new CallFacts(d, "US", history));
  }

  @Test
  void threeFormsOfOneNumberFire() {
    Finding f = dial("0442079460123", List.of(past("+442079460123"), past("00442079460123")));
    assertThat(f).isNotNull();
    assertThat(f.evidence())
        .contains("number ending 79460123 dialled 3 ways")
        .contains("+442079460123, 00442079460123, 0442079460123");
  }

  @Test
  void oneFormDialledOftenOrOtherNumbersDoNot() {
    List<PastAttempt> same = List.of(past("00442079460123"), past("00442079460123"));
    assertThat(dial("00442079460123", same)).isNull();
    List<PastAttempt> others = List.of(past("00442079460124"), past("+442079460125"));
    assertThat(dial("0442079460123", others)).isNull();
  }

  @Test
  void tailKeysTellTailsApart() {
    assertThat(PrefixProbingRule.tailKey("00442079460123"))
        .isEqualTo(PrefixProbingRule.tailKey("+442079460123"))
        .isNotEqualTo(PrefixProbingRule.tailKey("+442079460124"));
    assertThat(PrefixProbingRule.tailKey("12345678"))
        .isNotEqualTo(PrefixProbingRule.tailKey("+1234567"));
    assertThat(PrefixProbingRule.tailKey("1234567")).isEqualTo(-1);
    assertThat(PrefixProbingRule.tailKey("*7946012#")).isEqualTo(-1);
  }
}
