package org.tfps.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.engine.PastAttempt;

/** A member's own view: a state read, plus the calls counted here that it has not applied yet. */
class AccountUsageTest {

  private static final ZoneId ZONE = ZoneId.of("Europe/London");
  private static final Instant T = Instant.parse("2026-11-23T14:00:00Z");
  private static final long DAY = LocalAccountLedger.day(T, ZONE);
  private static final Duration LEASE = Duration.ofMinutes(3);
  private static final Duration HISTORY = Duration.ofMinutes(10);

  private static LedgerEntry call(
      Instant at, boolean allowed, boolean offHours, String country, String dialed) {
    return new LedgerEntry(
        at,
        offHours,
        allowed,
        country,
        allowed ? 0.25 : 0,
        1,
        "cid-" + dialed + "-" + at.toEpochMilli(),
        PastAttempt.of(at, dialed, "+" + dialed, allowed ? List.of() : List.of("R01")));
  }

  private static AccountState copy(AccountState s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.writeTo(new DataOutputStream(bytes));
    return AccountState.readFrom(
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  private static AccountState withHistory() {
    AccountState s = new AccountState(DAY - 2, 7, LEASE);
    s.count(DAY - 2, call(T.minus(Duration.ofDays(2)), true, false, "US", "12125550100"), HISTORY);
    for (int i = 0; i < 6; i++) {
      s.count(
          DAY, call(T.minusSeconds(40 - i), i % 3 != 0, i == 1, "GB", "4420794601" + i), HISTORY);
    }
    return s;
  }

  @Test
  void theViewOfCallsNotYetAppliedIsWhatTheStateShowsOnceItCountedThem() throws IOException {
    AccountState s = withHistory();
    List<LedgerEntry> notApplied =
        List.of(
            call(T.minusMillis(3), true, false, "FR", "33142278186"),
            call(T.minusMillis(2), false, true, "", "5351234567"),
            call(T.minusMillis(1), true, true, "GB", "442079460199"));
    Instant at = T;
    AccountUsage view = s.usage(DAY, at).plus(notApplied, ZONE, at, LEASE);
    AccountState counted = copy(s);
    for (LedgerEntry e : notApplied) {
      counted.count(LocalAccountLedger.day(e.at(), ZONE), e, HISTORY);
    }
    assertThat(view).isEqualTo(counted.usage(DAY, at));
    assertThat(view.callsToday()).isEqualTo(9);
    assertThat(view.knownCountries()).containsExactlyInAnyOrder("GB", "FR", "US");
  }

  @Test
  void callsOfTheDayBeforeCountInTheWindowsButNotInTodaysCounters() {
    Instant midnight = T.atZone(ZONE).toLocalDate().plusDays(1).atStartOfDay(ZONE).toInstant();
    AccountUsage empty = AccountUsage.none();
    AccountUsage view =
        empty.plus(
            List.of(call(midnight.minusMillis(5), true, false, "GB", "442079460100")),
            ZONE,
            midnight.plusMillis(5),
            LEASE);
    assertThat(view.callsToday()).isZero();
    assertThat(view.allowedToday()).isZero();
    assertThat(view.spendToday()).isZero();
    assertThat(view.callsLastMinute()).isEqualTo(1);
    assertThat(view.spendLastHour()).isEqualTo(0.25);
    assertThat(view.recentlyAllowed()).isEqualTo(1);
  }

  @Test
  void aCallWhoseLeaseEndedIsNotUpAndOldCallsLeaveTheWindows() {
    AccountUsage view =
        AccountUsage.none()
            .plus(
                List.of(call(T.minus(Duration.ofMinutes(5)), true, false, "GB", "4420794601")),
                ZONE,
                T,
                LEASE);
    assertThat(view.recentlyAllowed()).isZero();
    assertThat(view.callsLastMinute()).isZero();
    assertThat(view.spendLastHour()).isEqualTo(0.25);
    assertThat(view.callsToday()).isEqualTo(1);
  }

  @Test
  void theRecentAttemptsKeepTheLastOnesAndNothingAddsNothing() {
    List<LedgerEntry> many = new ArrayList<>();
    for (int i = 0; i < AccountState.MAX_RECENT + 5; i++) {
      many.add(call(T.plusMillis(i), true, false, "GB", "44207946" + (1000 + i)));
    }
    AccountUsage view = AccountUsage.none().plus(many, ZONE, T.plusSeconds(1), LEASE);
    assertThat(view.recent()).hasSize(AccountState.MAX_RECENT);
    assertThat(view.recent().get(AccountState.MAX_RECENT - 1).dialed())
        .isEqualTo("44207946" + (1000 + AccountState.MAX_RECENT + 4));
    assertThat(view.recentlyAllowed()).isEqualTo(AccountState.MAX_RECENT + 5);
    AccountUsage u = withHistory().usage(DAY, T);
    assertThat(u.plus(List.of(), ZONE, T, LEASE)).isSameAs(u);
  }
}
