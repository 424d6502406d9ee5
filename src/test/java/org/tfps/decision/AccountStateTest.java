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
}
