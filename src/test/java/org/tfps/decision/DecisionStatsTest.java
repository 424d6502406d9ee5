package org.tfps.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.engine.Action;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Verdict;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;
import org.tfps.testing.MutableClock;

class DecisionStatsTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:30Z"));
  final DecisionStats stats = new DecisionStats(clock);

  void decide(String account, String e164, Action action, String code) {
    stats.decided(
        new Decision(
            new CallAttempt(account, e164, "192.0.2.1", "UA", "c", clock.instant(), -1),
            new Destination(e164, e164, "CU", "+", NumberType.FIXED_LINE, true),
            new Verdict(action, code, "rule", 100, List.of()),
            true));
  }

  @Test
  void countsEachMinuteByCodeAndRanksTheFlaggedAccounts() {
    decide("a@x", "+5312345678", Action.DENY, "R06");
    decide("a@x", "+5312345679", Action.DENY, "R06");
    decide("b@x", "+5312345678", Action.VERIFY, "R14");
    decide("c@x", "+12125550101", Action.ALLOW, "R00");
    clock.advance(Duration.ofMinutes(1));
    decide("c@x", "+12125550101", Action.ALLOW, "R00");
    clock.advance(Duration.ofMinutes(1));

    DecisionStats.Snapshot s = stats.snapshot(2);
    assertThat(s.intervals()).hasSize(2);
    assertThat(s.intervals().get(0).start()).isEqualTo(Instant.parse("2026-11-22T03:00:00Z"));
    assertThat(s.intervals().get(0).byCode()).containsEntry("R06", 2L).containsEntry("R00", 1L);
    assertThat(s.callsLastHour()).isEqualTo(5);
    assertThat(s.callsPerSecondLastMinute()).isEqualTo(1 / 60.0);
    assertThat(s.accounts())
        .containsExactly(new DecisionStats.Top("a@x", 2), new DecisionStats.Top("b@x", 1));
    assertThat(s.destinations().get(0)).isEqualTo(new DecisionStats.Top("+5312345678", 2));
  }

  @Test
  void anHourLaterTheOldMinutesAreGone() {
    decide("a@x", "+5312345678", Action.DENY, "R06");
    clock.advance(Duration.ofMinutes(DecisionStats.MINUTES));
    decide("b@x", "+5312345678", Action.DENY, "R06");
    DecisionStats.Snapshot s = stats.snapshot(10);
    assertThat(s.callsLastHour()).isEqualTo(1);
    assertThat(s.accounts()).containsExactly(new DecisionStats.Top("b@x", 1));
  }

  @Test
  void pastTheBoundFurtherAccountsCountAsOther() {
    for (int i = 0; i < DecisionStats.MAX_KEYS + 5; i++) {
      decide("a" + i + "@x", "+5312345678", Action.DENY, "R06");
    }
    decide("a0@x", "+5312345678", Action.DENY, "R06");
    DecisionStats.Snapshot s = stats.snapshot(1);
    assertThat(s.accounts()).containsExactly(new DecisionStats.Top(DecisionStats.OTHER, 5));
    assertThat(stats.snapshot(2).accounts().get(1)).isEqualTo(new DecisionStats.Top("a0@x", 2));
  }
}
