package org.tfps.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.engine.PastAttempt;

class AccountStateTest {

  private static final Instant T = Instant.parse("2026-11-23T14:00:00Z");
  private static final long DAY = LocalDate.ofInstant(T, ZoneOffset.UTC).toEpochDay();
  private static final Duration HISTORY = Duration.ofMinutes(10);

  private static LedgerEntry call(Instant at, boolean allowed, String country, String dialed) {
    return new LedgerEntry(
        at,
        false,
        allowed,
        country,
        allowed ? 0.5 : 0,
        2,
        "cid-" + dialed,
        PastAttempt.of(at, dialed, "+" + dialed, allowed ? List.of() : List.of("R01")));
  }

  private static AccountState copy(AccountState s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.writeTo(new DataOutputStream(bytes));
    return AccountState.readFrom(
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @Test
  void aCopyAnswersExactlyAsTheOriginalAndCountsOnFromWhereItWas() throws IOException {
    AccountState s = new AccountState(DAY - 3, 7, Duration.ofMinutes(3));
    s.count(DAY - 3, call(T.minus(Duration.ofDays(3)), true, "US", "12125550100"), HISTORY);
    for (int i = 0; i < 5; i++) {
      s.count(DAY, call(T.plusSeconds(i), i % 2 == 0, "GB", "4420794601" + i), HISTORY);
    }
    s.block("R23 at noon", T.plusSeconds(3600));
    AccountState c = copy(s);
    Instant at = T.plusSeconds(10);
    assertThat(c.usage(DAY, at)).isEqualTo(s.usage(DAY, at));
    assertThat(c.usage(DAY, at).recent()).hasSize(5);
    assertThat(c.usage(DAY, at).recent().get(1).codes()).containsExactly("R01");
    assertThat(c.usage(DAY, at).baseline().days()).isEqualTo(3);
    assertThat(c.usage(DAY, at).blocked()).isEqualTo("R23 at noon");
    // Both count the same next call the same way.
    s.count(DAY, call(T.plusSeconds(20), true, "FR", "33142278186"), HISTORY);
    c.count(DAY, call(T.plusSeconds(20), true, "FR", "33142278186"), HISTORY);
    assertThat(c.usage(DAY, T.plusSeconds(21))).isEqualTo(s.usage(DAY, T.plusSeconds(21)));
    assertThat(c.takeChanged("a")).isEqualTo(s.takeChanged("a"));
  }

  @Test
  void recentAttemptsKeepTheHistoryWindowAndTheBound() {
    AccountState s = new AccountState(DAY, 7, Duration.ofMinutes(3));
    for (int i = 0; i < AccountState.MAX_RECENT + 10; i++) {
      s.count(DAY, call(T.plusSeconds(i), true, "US", "1212555" + (1000 + i)), HISTORY);
    }
    assertThat(s.usage(DAY, T.plusSeconds(100)).recent()).hasSize(AccountState.MAX_RECENT);
    s.count(DAY, call(T.plus(Duration.ofMinutes(30)), true, "US", "12125559999"), HISTORY);
    assertThat(s.usage(DAY, T.plus(Duration.ofMinutes(30))).recent())
        .extracting(PastAttempt::dialed)
        .containsExactly("12125559999");
  }

  @Test
  void aStateOfAnUnknownFormatIsRefused() {
    byte[] bytes = {9, 0, 0};
    assertThatThrownBy(
            () -> AccountState.readFrom(new DataInputStream(new ByteArrayInputStream(bytes))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("format 9");
  }

  @Test
  void anAllowedCallIsUpUntilItsCallRecordOrTheConcurrencyWindowEndsIt() throws IOException {
    AccountState s = new AccountState(DAY, 7, Duration.ofMinutes(3));
    s.count(DAY, call(T, true, "GB", "442079460100"), HISTORY);
    s.count(DAY, call(T.plusSeconds(1), true, "GB", "442079460101"), HISTORY);
    s.count(DAY, call(T.plusSeconds(2), false, "NG", "2348012345678"), HISTORY);
    assertThat(s.usage(DAY, T.plusSeconds(3)).recentlyAllowed())
        .as("denied calls hold no lease")
        .isEqualTo(2);
    assertThat(s.endCall("cid-442079460100", T.plusSeconds(4))).isEqualTo(CallEnd.ENDED);
    assertThat(s.usage(DAY, T.plusSeconds(4)).recentlyAllowed()).isEqualTo(1);
    assertThat(s.endCall("cid-442079460100", T.plusSeconds(4))).isEqualTo(CallEnd.ALREADY_ENDED);
    assertThat(s.endCall("cid-2348012345678", T.plusSeconds(4))).isEqualTo(CallEnd.UNKNOWN);
    assertThat(s.endCall("never-seen", T.plusSeconds(4))).isEqualTo(CallEnd.UNKNOWN);
    // Leases and ended calls travel with the state (a member taking over an account).
    AccountState c = copy(s);
    assertThat(c.usage(DAY, T.plusSeconds(5)).recentlyAllowed()).isEqualTo(1);
    assertThat(c.endCall("cid-442079460100", T.plusSeconds(4))).isEqualTo(CallEnd.ALREADY_ENDED);
    // Without its record, a lease ends with the concurrency window (3 min); a record coming
    // after that finds no call up.
    assertThat(c.endCall("cid-442079460101", T.plusSeconds(182))).isEqualTo(CallEnd.UNKNOWN);
    assertThat(c.usage(DAY, T.plusSeconds(182)).recentlyAllowed()).isZero();
  }

  @Test
  void theCountriesAndCallsUpOfTheCurrentDayComeBackFromASnapshot() {
    AccountState s = new AccountState(DAY, 7, Duration.ofHours(4));
    s.count(DAY, call(T, true, "GB", "442079460100"), HISTORY);
    s.count(DAY, call(T.plusSeconds(1), true, "US", "12125550100"), HISTORY);
    assertThat(s.endCall("cid-12125550100", T.plusSeconds(2))).isEqualTo(CallEnd.ENDED);
    List<DayCount> kept = s.takeChanged("a");
    assertThat(kept.get(0).countries()).isEqualTo("GB,US");
    AccountState back = AccountState.restored(kept, 7, Duration.ofHours(4));
    AccountUsage u = back.usage(DAY, T.plusSeconds(3));
    assertThat(u.knownCountries()).containsExactlyInAnyOrder("GB", "US");
    assertThat(u.recentlyAllowed()).as("the call still up").isEqualTo(1);
    assertThat(back.endCall("cid-12125550100", T.plusSeconds(3))).isEqualTo(CallEnd.ALREADY_ENDED);
    assertThat(back.endCall("cid-442079460100", T.plusSeconds(3))).isEqualTo(CallEnd.ENDED);
    // Garbage in the database restores nothing, and no error.
    AccountState junk =
        AccountState.restored(
            List.of(new DayCount("a", LocalDate.ofEpochDay(DAY), 1, 0, 1, 0, 1, "gb,XYZ", "%%")),
            7,
            Duration.ofHours(4));
    assertThat(junk.usage(DAY, T).knownCountries()).isEmpty();
    assertThat(junk.usage(DAY, T).recentlyAllowed()).isZero();
  }

  @Test
  void aChangedConcurrencyWindowAppliesToTheNextCalls() {
    AccountState s = new AccountState(DAY, 7, Duration.ofMinutes(3));
    s.count(DAY, call(T, true, "GB", "442079460100"), HISTORY);
    s.useLeaseTime(Duration.ofHours(1));
    s.count(DAY, call(T.plusSeconds(1), true, "GB", "442079460101"), HISTORY);
    // At 10 min the first lease (3 min) is over, the second (1 h) is not.
    assertThat(s.usage(DAY, T.plus(Duration.ofMinutes(10))).recentlyAllowed()).isEqualTo(1);
  }

  @Test
  void leasesAreBoundedPerAccount() {
    AccountState s = new AccountState(DAY, 7, Duration.ofHours(4));
    for (int i = 0; i < AccountState.MAX_LEASES + 5; i++) {
      s.count(DAY, call(T.plusMillis(i), true, "US", "1212555" + (10_000 + i)), HISTORY);
    }
    assertThat(s.usage(DAY, T.plusSeconds(60)).recentlyAllowed())
        .isEqualTo(AccountState.MAX_LEASES);
    assertThat(s.endCall("cid-121255510000", T.plusSeconds(4)))
        .as("the oldest lease went")
        .isEqualTo(CallEnd.UNKNOWN);
  }

  @Test
  void countersKeptBeforeAreAddedToTheCallsCountedSinceAndFillTheEarlierDays() {
    // Kept by a snapshot: 2 days ago 4 allowed calls, today 2 calls (1 allowed).
    java.util.List<DayCount> kept =
        java.util.List.of(
            new DayCount("a", LocalDate.ofEpochDay(DAY - 2), 4, 0, 4, 1.0, 2),
            new DayCount("a", LocalDate.ofEpochDay(DAY), 2, 1, 1, 0.5, 1));
    AccountState restored = AccountState.restored(kept, 7, Duration.ofMinutes(3));
    // Counted since the start, without them: one allowed call today.
    AccountState s = new AccountState(DAY, 7, Duration.ofMinutes(3));
    s.count(DAY, call(T, true, "GB", "442079460100"), HISTORY);
    s.addRestored(restored);
    AccountUsage u = s.usage(DAY, T.plusSeconds(1));
    assertThat(u.callsToday()).isEqualTo(3);
    assertThat(u.allowedToday()).isEqualTo(2);
    assertThat(u.offHoursToday()).isEqualTo(1);
    assertThat(u.spendToday()).isEqualTo(1.0);
    // The learning window now starts 2 days ago: days 4, 0 (mean 2).
    s.count(DAY + 1, call(T.plus(Duration.ofDays(1)), true, "GB", "442079460101"), HISTORY);
    AccountUsage tomorrow = s.usage(DAY + 1, T.plus(Duration.ofDays(1)));
    assertThat(tomorrow.baseline().days()).isEqualTo(3);
    assertThat(tomorrow.baseline().dailyMean()).isEqualTo((4 + 0 + 2) / 3.0);
  }

  @Test
  void aWriteOfSeveralCallsIsAppliedOnceAndAllOfItsCallsCount() throws IOException {
    AccountState s = new AccountState(DAY, 7, Duration.ofMinutes(3));
    List<LedgerEntry> calls =
        List.of(
            call(T, true, "GB", "442079460100"),
            call(T.plusSeconds(1), false, "", "535123456"),
            call(T.plus(Duration.ofDays(1)), true, "FR", "33142278186"));
    long[] days = {DAY, DAY, DAY + 1};
    assertThat(s.applied(41)).isFalse();
    assertThat(s.countOnce(41, calls, days, HISTORY)).isTrue();
    assertThat(s.applied(41)).isTrue();
    // Delivered again (a retry after a member left): nothing changes.
    assertThat(s.countOnce(41, calls, days, HISTORY)).isFalse();
    // The copy a migration carries remembers it too.
    assertThat(copy(s).countOnce(41, calls, days, HISTORY)).isFalse();
    AccountUsage next = s.usage(DAY + 1, T.plus(Duration.ofDays(1)).plusSeconds(1));
    assertThat(next.callsToday()).isEqualTo(1);
    assertThat(next.recent()).hasSize(1); // the day before is past the history window
    assertThat(next.knownCountries()).containsExactlyInAnyOrder("GB", "FR");
    assertThat(next.baseline().days()).isEqualTo(1);
    assertThat(next.baseline().dailyMean()).isEqualTo(1.0);
  }

  @Test
  void anIdIsRememberedForTheLastWritesOnly() {
    AccountState s = new AccountState(DAY, 7, Duration.ofMinutes(3));
    for (long id = 1; id <= AccountState.APPLIED_IDS; id++) {
      s.countOnce(id, List.of(call(T, true, "GB", "4420794601" + id)), new long[] {DAY}, HISTORY);
    }
    assertThat(s.applied(1)).isTrue();
    s.countOnce(
        AccountState.APPLIED_IDS + 1,
        List.of(call(T, true, "GB", "442079460999")),
        new long[] {DAY},
        HISTORY);
    assertThat(s.applied(1)).isFalse();
    assertThat(s.applied(2)).isTrue();
    assertThat(s.usage(DAY, T).callsToday()).isEqualTo(AccountState.APPLIED_IDS + 1);
  }
}
