package org.tfps.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.tfps.engine.Baseline;

class LocalAccountLedgerTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  /** Monday 2026-11-23 09:00 New York. */
  private static final Instant MONDAY = Instant.parse("2026-11-23T14:00:00Z");

  private final LocalAccountLedger ledger = new LocalAccountLedger(settings(100));

  static LedgerSettings settings(int maxAccounts) {
    return new LedgerSettings(
        7, java.time.Duration.ofMinutes(3), java.time.Duration.ofMinutes(10), maxAccounts);
  }

  private void call(String account, Instant at, boolean allowed, String country, double cost) {
    ledger.record(
        account,
        NY,
        new LedgerEntry(at, false, allowed, country, cost, 1, "c" + at.toEpochMilli(), null));
  }

  private AccountUsage usage(String account, Instant at) {
    return ledger.usage(account, NY, at).result();
  }

  @Test
  void todaysCountersResetAtMidnightInTheAccountsZone() {
    call("a", MONDAY, true, "GB", 2.5);
    call("a", MONDAY.plusSeconds(60), false, "NG", 0);
    ledger.record(
        "a", NY, new LedgerEntry(MONDAY.plusSeconds(90), true, true, "US", 0, 1, "", null));
    AccountUsage u = usage("a", MONDAY.plusSeconds(120));
    assertThat(u.callsToday()).isEqualTo(3);
    assertThat(u.offHoursToday()).isEqualTo(1);
    assertThat(u.allowedToday()).isEqualTo(2);
    assertThat(u.spendToday()).isEqualTo(2.5);
    // 04:59 UTC Tuesday is still Monday 23:59 in New York.
    assertThat(usage("a", Instant.parse("2026-11-24T04:59:00Z")).callsToday()).isEqualTo(3);
    AccountUsage tuesday = usage("a", Instant.parse("2026-11-24T05:00:00Z"));
    assertThat(tuesday.callsToday()).isZero();
    assertThat(tuesday.spendToday()).isZero();
    // Only allowed calls teach countries.
    assertThat(tuesday.knownCountries()).containsExactlyInAnyOrder("GB", "US");
  }

  @Test
  void baselineIsMeanAndStandardDeviationOfPastDaysWithQuietDaysAsZero() {
    // Day 0: 2 calls, day 1: 4 calls, day 2: none, then asked on day 3.
    for (int i = 0; i < 2; i++) {
      call("a", MONDAY.plusSeconds(i * 60L), true, "US", 0);
    }
    for (int i = 0; i < 4; i++) {
      call("a", MONDAY.plusSeconds(86_400 + i * 60L), true, "US", 0);
    }
    Baseline b = usage("a", MONDAY.plusSeconds(3 * 86_400)).baseline();
    assertThat(b.days()).isEqualTo(3);
    assertThat(b.dailyMean()).isEqualTo(2.0);
    // Values 2, 4, 0: variance (4 + 16 + 0) / 3 - 4 = 2.667.
    assertThat(b.dailySd())
        .isCloseTo(Math.sqrt(8.0 / 3), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(b.concurrencyMean()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void theWindowSlidesAndALongSilenceForgetsTheOldDays() {
    for (int i = 0; i < 10; i++) {
      call("a", MONDAY.plusSeconds(i), true, "US", 0);
    }
    // 7-day window: on day 5 the 10-call day is one of 5 observed days.
    assertThat(usage("a", MONDAY.plusSeconds(5 * 86_400)).baseline().dailyMean()).isEqualTo(2.0);
    // 30 days later only zeros remain in the window.
    Baseline later = usage("a", MONDAY.plusSeconds(30 * 86_400)).baseline();
    assertThat(later.days()).isEqualTo(7);
    assertThat(later.dailyMean()).isZero();
  }

  @Test
  void aShorterBlockNeverShortensALongerOne() {
    ledger.block("a", "R23 now", MONDAY.plusSeconds(7200));
    ledger.block("a", "R23 read back late", MONDAY.plusSeconds(600));
    assertThat(usage("a", MONDAY.plusSeconds(3600)).blocked()).isEqualTo("R23 now");
  }

  @Test
  void aBlockLastsUntilItsEnd() {
    ledger.block("a", "R23 probing", MONDAY.plusSeconds(3600));
    assertThat(usage("a", MONDAY).blocked()).isEqualTo("R23 probing");
    assertThat(usage("a", MONDAY.plusSeconds(3600)).blocked()).isEmpty();
    assertThat(usage("b", MONDAY).blocked()).isEmpty();
  }

  @Test
  void pastItsBoundTheLedgerCountsUntrackedCallsAndKeepsWhatItHas() {
    LocalAccountLedger small = new LocalAccountLedger(settings(2));
    small.record("a", NY, new LedgerEntry(MONDAY, false, true, "US", 0, 1, "", null));
    small.record("b", NY, new LedgerEntry(MONDAY, false, true, "US", 0, 1, "", null));
    small.record("c", NY, new LedgerEntry(MONDAY, false, true, "US", 0, 1, "", null));
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.untracked()).isEqualTo(1);
    assertThat(small.usage("a", NY, MONDAY).result().callsToday()).isEqualTo(1);
    assertThat(small.usage("c", NY, MONDAY).result().callsToday()).isZero();
  }

  @Test
  void slidingWindowsCountTheLastMinuteTheConcurrencyWindowAndTheHour() {
    for (int i = 0; i < 8; i++) {
      call("a", MONDAY.plusSeconds(i * 10L), i % 2 == 0, "US", i % 2 == 0 ? 2.5 : 0);
    }
    // At 75 s: attempts at 20..70 s are within the last minute (10-second buckets).
    AccountUsage u = usage("a", MONDAY.plusSeconds(75));
    assertThat(u.callsLastMinute()).isEqualTo(6);
    assertThat(u.recentlyAllowed()).isEqualTo(4);
    assertThat(u.spendLastHour()).isEqualTo(10.0);
    // 4 minutes later nothing is up any more, the hour still holds the spend.
    AccountUsage later = usage("a", MONDAY.plusSeconds(315));
    assertThat(later.callsLastMinute()).isZero();
    assertThat(later.recentlyAllowed()).isZero();
    assertThat(later.spendLastHour()).isEqualTo(10.0);
    assertThat(usage("a", MONDAY.plusSeconds(3700)).spendLastHour()).isZero();
  }

  @Test
  void bucketsIgnoreWhatIsOlderThanTheirWindow() {
    Buckets b = new Buckets(java.time.Duration.ofMinutes(1), 6);
    assertThat(b.sum(MONDAY)).isZero();
    b.add(MONDAY, 1);
    b.add(MONDAY.plusSeconds(30), 2);
    b.add(MONDAY.minusSeconds(120), 100);
    assertThat(b.sum(MONDAY.plusSeconds(30))).isEqualTo(3);
    assertThat(b.sum(MONDAY.plusSeconds(65))).isEqualTo(2);
    b.add(MONDAY.plusSeconds(600), 4);
    assertThat(b.sum(MONDAY.plusSeconds(600))).isEqualTo(4);
  }

  @Test
  void idleAccountsAreForgottenButBlocksAreKept() {
    call("quiet", MONDAY, true, "GB", 0);
    call("busy", MONDAY.plusSeconds(6 * 86_400), true, "GB", 0);
    ledger.block("blocked", "R23 probing", MONDAY.plusSeconds(30 * 86_400));
    assertThat(ledger.forgetIdle(MONDAY.plusSeconds(8 * 86_400))).isEqualTo(1);
    assertThat(usage("quiet", MONDAY.plusSeconds(8 * 86_400)).knownCountries()).isEmpty();
    assertThat(usage("busy", MONDAY.plusSeconds(8 * 86_400)).knownCountries()).contains("GB");
    assertThat(usage("blocked", MONDAY.plusSeconds(8 * 86_400)).blocked()).isEqualTo("R23 probing");
  }

  @Test
  void aBlockIsKeptEvenWhenTheLedgerIsFull() {
    LocalAccountLedger full = new LocalAccountLedger(settings(1));
    full.record("a", NY, new LedgerEntry(MONDAY, false, true, "US", 0, 1, "", null));
    full.block("b", "R23 probing", MONDAY.plusSeconds(60));
    assertThat(full.usage("b", NY, MONDAY).result().blocked()).isEqualTo("R23 probing");
  }

  @Test
  void aSnapshotRestoresTodaysCountersAndTheBaseline() {
    for (int d = 0; d < 3; d++) {
      for (int i = 0; i <= d; i++) {
        call("a", MONDAY.plusSeconds(d * 86_400L + i * 60L), true, "GB", 2.5);
      }
    }
    // No snapshot ran in between: it holds the last day that ended (2 calls) and today (3).
    java.util.List<DayCount> snapshot = ledger.changedSinceSnapshot();
    assertThat(snapshot).extracting(DayCount::calls).containsExactly(2, 3);
    assertThat(ledger.changedSinceSnapshot()).as("clean until the next call").isEmpty();
    DayCount today = snapshot.get(1);
    java.util.List<DayCount> days =
        java.util.List.of(
            new DayCount("a", today.day().minusDays(2), 1, 0, 1, 2.5, 1), snapshot.get(0), today);
    LocalAccountLedger restarted = new LocalAccountLedger(settings(100));
    restarted.restore(days);
    Instant later = MONDAY.plusSeconds(2 * 86_400L + 3600);
    AccountUsage before = usage("a", later);
    AccountUsage after = restarted.usage("a", NY, later).result();
    assertThat(after.callsToday()).isEqualTo(3).isEqualTo(before.callsToday());
    assertThat(after.spendToday()).isEqualTo(7.5);
    assertThat(after.baseline()).isEqualTo(before.baseline());
  }

  @Test
  void aDayThatEndsBeforeTheSnapshotIsStillWritten() {
    call("a", MONDAY, true, "US", 0);
    call("a", MONDAY.plusSeconds(60), true, "US", 0);
    ledger.changedSinceSnapshot();
    call("a", MONDAY.plusSeconds(120), true, "US", 0);
    // The next call is on Tuesday: Monday's last count (3) must not be lost.
    call("a", MONDAY.plusSeconds(86_400), true, "US", 0);
    java.util.List<DayCount> counts = ledger.changedSinceSnapshot();
    assertThat(counts).extracting(DayCount::calls).containsExactly(3, 1);
    // A failed write puts both back for the next snapshot.
    ledger.markChanged(counts);
    assertThat(ledger.changedSinceSnapshot()).extracting(DayCount::calls).containsExactly(3, 1);
  }

  @Test
  void restoringKeepsABlockReadBackFirst() {
    LocalAccountLedger restarted = new LocalAccountLedger(settings(100));
    restarted.block("a", "R23 probing", MONDAY.plusSeconds(3600));
    java.time.LocalDate monday = java.time.LocalDate.ofInstant(MONDAY, NY);
    restarted.restore(java.util.List.of(new DayCount("a", monday, 4, 0, 4, 0, 1)));
    AccountUsage u = restarted.usage("a", NY, MONDAY.plusSeconds(60)).result();
    assertThat(u.callsToday()).isEqualTo(4);
    assertThat(u.blocked()).isEqualTo("R23 probing");
  }
}
