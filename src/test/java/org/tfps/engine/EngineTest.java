package org.tfps.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;

class EngineTest {

  private final CallAttempt attempt =
      new CallAttempt("1001@pbx", "+5312345678", "192.0.2.1", "", "c1", Instant.EPOCH, -1);

  private static CallFacts to(String e164, String country) {
    return new CallFacts(new Destination(e164, e164, country, "+", NumberType.FIXED_LINE, true));
  }

  @Test
  void blockedCountryDeniesWithEvidence() {
    Engine e =
        new Engine(
            List.of(
                new BlockedCountryRule(new RuleDataRef(RuleData.blockedCountries(Set.of("CU"))))));
    Verdict v = e.evaluate(attempt, to("+5312345678", "CU"));
    assertThat(v.action()).isEqualTo(Action.DENY);
    assertThat(v.code()).isEqualTo("R06");
    assertThat(v.rule()).isEqualTo("blocked-country");
    assertThat(v.evidence()).contains("CU").contains("+5312345678");
    assertThat(v.score()).isEqualTo(100);
  }

  @Test
  void otherCountriesAndNonNumbersAreAllowed() {
    Engine e =
        new Engine(
            List.of(
                new BlockedCountryRule(new RuleDataRef(RuleData.blockedCountries(Set.of("CU"))))));
    assertThat(e.evaluate(attempt, to("+442079460123", "GB"))).isEqualTo(Verdict.allow());
    assertThat(e.evaluate(attempt, new CallFacts(Destination.notANumber("alice"))).action())
        .isEqualTo(Action.ALLOW);
  }

  @Test
  void mostSevereFindingDecidesAndAllAreKept() {
    Rule verify = rule("R90", Action.VERIFY, 40);
    Rule deny = rule("R91", Action.DENY, 10);
    Rule bigVerify = rule("R92", Action.VERIFY, 80);
    Verdict v = new Engine(List.of(verify, deny, bigVerify)).evaluate(attempt, to("+1", "US"));
    assertThat(v.code()).isEqualTo("R91");
    assertThat(v.findings()).extracting(Finding::code).containsExactly("R90", "R91", "R92");
    assertThat(v.score()).isEqualTo(100);
    Verdict w = new Engine(List.of(verify, bigVerify)).evaluate(attempt, to("+1", "US"));
    assertThat(w.code()).isEqualTo("R92");
    assertThat(w.action()).isEqualTo(Action.VERIFY);
  }

  private static Rule rule(String code, Action action, int score) {
    return new Rule() {

      @Override
      public Finding evaluate(CallAttempt a, CallFacts f) {
        return new Finding(code, "test-" + code, action, score, "test");
      }
    };
  }
}
