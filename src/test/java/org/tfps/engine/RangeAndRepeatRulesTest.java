package org.tfps.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;

/**
 * R24 and R05 compare numbers on the history's number column; a number too long for it (more than
 * 17 characters, which libphonenumber can give for a number no plan knows) is compared on its
 * string. Each test runs on a number of each kind and must give the same answers.
 */
class RangeAndRepeatRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");

  private final SequentialDialingRule range =
      new SequentialDialingRule(Duration.ofMinutes(10), 3, 2, Action.DENY);
  private final RepeatRule repeat =
      new RepeatRule(5, Duration.ofSeconds(30), Duration.ofHours(1), Action.DENY);

  private static PastAttempt past(int secondsAgo, String e164, String... codes) {
    return PastAttempt.of(NOW.minusSeconds(secondsAgo), e164.substring(1), e164, List.of(codes));
  }

  private static Finding evaluate(Rule rule, String e164, List<PastAttempt> history) {
    CallAttempt attempt =
        new CallAttempt("1001@pbx", e164.substring(1), "192.0.2.1", "", "c", NOW, -1);
    Destination d = new Destination(e164.substring(1), e164, "SE", "", NumberType.FIXED_LINE, true);
    return rule.evaluate(attempt, new CallFacts(d, "US", history));
  }

  @ParameterizedTest
  @ValueSource(strings = {"+4691029160", "+469102916012345670"})
  void threeNumbersOfOneForeignRangeFire(String base) {
    assertThat(History.numberKey(base) == History.NO_NUMBER).isEqualTo(base.length() > 17);
    String stem = base.substring(0, base.length() - 2);
    List<PastAttempt> history =
        List.of(
            past(60, stem + "11"),
            past(50, base + "1"), // one digit longer: another range
            past(40, stem.substring(0, stem.length() - 1) + "911"), // another range
            past(700, stem + "33"), // outside the window
            past(30, stem + "12"));
    Finding f = evaluate(range, stem + "13", history);
    assertThat(f).isNotNull();
    assertThat(f.evidence())
        .startsWith("3 numbers of range " + stem + "xx within 10 min")
        .endsWith(stem + "11, " + stem + "12, " + stem + "13");
    assertThat(evaluate(range, stem + "13", history.subList(0, 4))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+442079460777", "+442079460777123456"})
  void theSixthCallToOneNumberWithin30sIsDeniedAndThePairStaysBlocked(String number) {
    List<PastAttempt> history = new ArrayList<>();
    history.add(past(50, number)); // before the burst's window
    history.add(past(25, number + "1")); // another number
    for (int s = 25; s >= 5; s -= 5) {
      history.add(past(s, number));
    }
    assertThat(evaluate(repeat, number, history.subList(0, 6))).isNull();
    Finding burst = evaluate(repeat, number, history);
    assertThat(burst).isNotNull();
    assertThat(burst.evidence()).startsWith("6 calls to " + number + " within 30 s");

    List<PastAttempt> blocked = List.of(past(1800, number, RepeatRule.CODE));
    assertThat(evaluate(repeat, number, blocked).evidence())
        .startsWith("pair blocked since " + NOW.minusSeconds(1800));
    assertThat(evaluate(repeat, number + "2", blocked)).isNull();
    List<PastAttempt> longAgo = List.of(past(3601, number, RepeatRule.CODE));
    assertThat(evaluate(repeat, number, longAgo)).isNull();
  }
}
