package org.tfps.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;
import org.tfps.numbers.Rate;

/** The limit, cost, reputation, block and learning rules, each alone, on hand-made facts. */
class LimitRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
  private static final Destination NG =
      new Destination("+2348031234567", "+2348031234567", "NG", "+", NumberType.MOBILE, true);
  private static final Destination US =
      new Destination("2125550101", "+12125550101", "US", "", NumberType.FIXED_LINE, true);
  private static final Limits LIMITS = new Limits(3, 1, 5, 2, 10, 4, 1.0, 12, 40);

  private static CallAttempt attempt(int reported) {
    return new CallAttempt("a@b", "x", "192.0.2.1", "", "c", NOW, reported);
  }

  private static AccountFacts account(
      boolean inHours, int concurrent, int today, int offToday, int allowedToday, double spend) {
    return account(inHours, concurrent, 0, 0, today, offToday, allowedToday, spend);
  }

  private static AccountFacts account(
      boolean inHours,
      int concurrent,
      int lastMinute,
      double lastHourSpend,
      int today,
      int offToday,
      int allowedToday,
      double spend) {
    return new AccountFacts(
        LIMITS,
        inHours,
        concurrent,
        lastMinute,
        lastHourSpend,
        today,
        offToday,
        allowedToday,
        spend,
        Baseline.none(),
        Set.of("GB"),
        "");
  }

  private static CallFacts facts(Destination d, AccountFacts a) {
    return facts(d, a, List.of(), null);
  }

  private static CallFacts facts(
      Destination d, AccountFacts a, List<PastAttempt> history, Rate rate) {
    return new CallFacts(d, "US", history, a, SourceFacts.unknown(), rate);
  }

  @Test
  void concurrencyHasOneCodeInHoursAndAnotherOutOfHours() {
    ConcurrencyRule rule = new ConcurrencyRule(Action.DENY);
    assertThat(rule.evaluate(attempt(2), facts(US, account(true, 2, 0, 0, 0, 0)))).isNull();
    Finding business = rule.evaluate(attempt(3), facts(US, account(true, 3, 0, 0, 0, 0)));
    assertThat(business.code()).isEqualTo("R08");
    assertThat(business.evidence()).contains("4 calls up at once (reported by the softswitch)");
    Finding night = rule.evaluate(attempt(-1), facts(US, account(false, 1, 0, 0, 0, 0)));
    assertThat(night.code()).isEqualTo("R10");
    assertThat(night.evidence()).contains("(estimated)").contains("out of business hours");
    assertThat(rule.evaluate(attempt(0), facts(US, account(false, 0, 0, 0, 0, 0)))).isNull();
  }

  @Test
  void zeroMeansNoLimit() {
    AccountFacts unlimited =
        new AccountFacts(
            Limits.none(),
            false,
            500,
            900,
            1e9,
            90_000,
            90_000,
            0,
            1e9,
            Baseline.none(),
            Set.of(),
            "");
    CallFacts f = facts(US, unlimited, List.of(), new Rate("1", 99, "USD"));
    for (Rule r :
        List.of(
            new ConcurrencyRule(Action.DENY),
            new DailyCallsRule(Action.DENY),
            new CallRateRule(Action.DENY),
            new RateCeilingRule(Action.DENY),
            new SpendRule(10, Action.DENY))) {
      assertThat(r.evaluate(attempt(500), f)).as(r.getClass().getSimpleName()).isNull();
    }
  }

  @Test
  void callRateCountsTheLastMinuteOfAttempts() {
    CallRateRule rule = new CallRateRule(Action.DENY);
    // 5 attempts in the last minute plus this one: 6 > 5 in business hours, and > 2 at night.
    assertThat(rule.evaluate(attempt(-1), facts(US, account(true, 0, 5, 0, 0, 0, 0, 0))))
        .extracting(Finding::code, Finding::evidence)
        .containsExactly(
            "R09", "6 call attempts within 60 s against a limit of 5 in business hours");
    assertThat(rule.evaluate(attempt(-1), facts(US, account(true, 0, 4, 0, 0, 0, 0, 0)))).isNull();
    assertThat(
            rule.evaluate(attempt(-1), facts(US, account(false, 0, 2, 0, 0, 0, 0, 0))).evidence())
        .endsWith("against a limit of 2 out of business hours");
  }

  @Test
  void dailyLimitsCountTheCalendarDayAndItsOffHours() {
    DailyCallsRule rule = new DailyCallsRule(Action.DENY);
    assertThat(rule.evaluate(attempt(-1), facts(US, account(true, 0, 9, 9, 0, 0)))).isNull();
    assertThat(rule.evaluate(attempt(-1), facts(US, account(true, 0, 10, 0, 0, 0))).evidence())
        .isEqualTo("11 call attempts today against a daily limit of 10");
    assertThat(rule.evaluate(attempt(-1), facts(US, account(false, 0, 5, 4, 0, 0))).evidence())
        .isEqualTo("5 call attempts out of business hours today against a limit of 4");
  }

  @Test
  void rateCeilingNeedsARateAboveIt() {
    RateCeilingRule rule = new RateCeilingRule(Action.VERIFY);
    AccountFacts a = account(true, 0, 0, 0, 0, 0);
    assertThat(rule.evaluate(attempt(-1), facts(US, a, List.of(), null))).isNull();
    assertThat(rule.evaluate(attempt(-1), facts(US, a, List.of(), new Rate("1", 1.0, "USD"))))
        .isNull();
    Finding f = rule.evaluate(attempt(-1), facts(US, a, List.of(), new Rate("1212", 1.2, "USD")));
    assertThat(f.action()).isEqualTo(Action.VERIFY);
    assertThat(f.evidence())
        .isEqualTo(
            "destination +12125550101 costs 1.20 USD/min (prefix +1212), above the ceiling of"
                + " 1.00 USD/min");
  }

  @Test
  void spendAddsThisCallToTheHoursAndTheDaysEstimates() {
    SpendRule rule = new SpendRule(10, Action.DENY);
    Rate pumped = new Rate("1712432", 0.25, "USD");
    // Four calls of 2.50 in the hour: 10.00 + 2.50 > 12.
    Finding f =
        rule.evaluate(
            attempt(-1), facts(US, account(true, 0, 0, 10, 4, 0, 4, 10), List.of(), pumped));
    assertThat(f.code()).isEqualTo("R15");
    assertThat(f.evidence())
        .isEqualTo(
            "estimated spend 12.50 USD in the last hour (this call 2.50 USD to +1712432) against"
                + " a limit of 12.00 USD");
    assertThat(
            rule.evaluate(
                attempt(-1), facts(US, account(true, 0, 0, 9.5, 4, 0, 4, 10), List.of(), pumped)))
        .isNull();
    // The day: 38.00 spent today + 2.50 > 40.
    Finding day =
        rule.evaluate(
            attempt(-1), facts(US, account(true, 0, 0, 0, 0, 0, 0, 38), List.of(), pumped));
    assertThat(day.evidence())
        .isEqualTo("estimated spend 40.50 USD today against a limit of 40.00 USD");
    // A call without a rate costs nothing, whatever was spent.
    assertThat(
            rule.evaluate(
                attempt(-1), facts(US, account(true, 0, 0, 99, 0, 0, 0, 99), List.of(), null)))
        .isNull();
  }

  @Test
  void newDestinationOnlyOutOfHoursAndOnlyForUnknownCountries() {
    NewDestinationRule rule = new NewDestinationRule(Action.VERIFY);
    assertThat(rule.evaluate(attempt(-1), facts(NG, account(true, 0, 0, 0, 0, 0)))).isNull();
    assertThat(rule.evaluate(attempt(-1), facts(US, account(false, 0, 0, 0, 0, 0)))).isNull();
    Destination gb =
        new Destination("+442079460123", "+442079460123", "GB", "+", NumberType.FIXED_LINE, true);
    assertThat(rule.evaluate(attempt(-1), facts(gb, account(false, 0, 0, 0, 0, 0)))).isNull();
    Finding f = rule.evaluate(attempt(-1), facts(NG, account(false, 0, 0, 0, 0, 0)));
    assertThat(f.code()).isEqualTo("R25");
    assertThat(f.evidence())
        .isEqualTo("first call to NG (+2348031234567) out of business hours; known: GB, US");
  }

  @Test
  void burstAlertsWhileLearningAndActsAfter() {
    BurstRule rule = new BurstRule(2.0, 10, 3, 14, Action.VERIFY);
    Baseline learned = new Baseline(20, 20, 5, 2, 0.5);
    Baseline young = new Baseline(3, 20, 5, 2, 0.5);
    // Threshold: ceil(20 + 2 x 5) = 30 calls a day; concurrency max(3, ceil(2 + 1)) = 3.
    assertThat(rule.evaluate(attempt(-1), facts(US, withBaseline(learned, 29, 0)))).isNull();
    Finding burst = rule.evaluate(attempt(-1), facts(US, withBaseline(learned, 30, 0)));
    assertThat(burst.action()).isEqualTo(Action.VERIFY);
    assertThat(burst.evidence())
        .isEqualTo(
            "31 calls today, above the threshold of 30 a day (learned over 20 days: mean 20.0, sd"
                + " 5.0)");
    Finding alert = rule.evaluate(attempt(-1), facts(US, withBaseline(young, 30, 0)));
    assertThat(alert.action()).isEqualTo(Action.ALLOW);
    assertThat(alert.evidence()).endsWith("still learning (3 days): alert only");
    assertThat(rule.evaluate(attempt(-1), facts(US, withBaseline(learned, 0, 3))).evidence())
        .startsWith("4 calls up at once");
    // Nothing learned: the floors hold.
    assertThat(rule.evaluate(attempt(-1), facts(US, withBaseline(Baseline.none(), 9, 2)))).isNull();
  }

  @Test
  void blockedAccountAndBadSources() {
    AccountFacts blocked =
        new AccountFacts(
            LIMITS, true, 0, 0, 0, 0, 0, 0, 0, Baseline.none(), Set.of(), "R23 at ...: probing");
    assertThat(new BlockedAccountRule().evaluate(attempt(-1), facts(US, blocked)).evidence())
        .isEqualTo("account blocked: R23 at ...: probing");
    assertThat(
            new BlockedAccountRule().evaluate(attempt(-1), facts(US, account(true, 0, 0, 0, 0, 0))))
        .isNull();

    SourceIpRule rule = new SourceIpRule(Action.DENY, 90, 60);
    AccountFacts a = account(true, 0, 0, 0, 0, 0);
    assertThat(rule.evaluate(attempt(-1), source(a, new SourceFacts("", 59, "abuseipdb"))))
        .isNull();
    assertThat(rule.evaluate(attempt(-1), source(a, new SourceFacts("", 60, "abuseipdb"))).action())
        .isEqualTo(Action.VERIFY);
    assertThat(
            rule.evaluate(attempt(-1), source(a, new SourceFacts("", 95, "abuseipdb"))).evidence())
        .isEqualTo("source 192.0.2.1 has abuse score 95 (abuseipdb)");
    assertThat(rule.evaluate(attempt(-1), source(a, new SourceFacts("apiban", -1, ""))).action())
        .isEqualTo(Action.DENY);
    assertThat(
            new SourceIpRule(Action.DENY, 0, 0)
                .evaluate(attempt(-1), source(a, new SourceFacts("", 100, "x"))))
        .isNull();
  }

  private static CallFacts source(AccountFacts a, SourceFacts s) {
    return new CallFacts(US, "US", List.of(), a, s, null);
  }

  private static AccountFacts withBaseline(Baseline b, int allowedToday, int concurrent) {
    return new AccountFacts(
        LIMITS, true, concurrent, 0, 0, allowedToday, 0, allowedToday, 0, b, Set.of(), "");
  }
}
