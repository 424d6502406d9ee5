package org.tfps.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoryTest {

  private static final Instant T = Instant.parse("2026-11-23T03:00:00.123456789Z");

  private static PastAttempt past(Instant at, String dialed, String e164) {
    return PastAttempt.of(at, dialed, e164, List.of());
  }

  @Test
  void theColumnsHoldEachAttemptsTimeTailAndNumber() {
    History h =
        History.of(
            List.of(
                past(T, "0046910291628", "+46910291628"),
                past(T.plusSeconds(1), "alice", ""),
                past(T.plusSeconds(2), "12", "+12")));

    assertThat(h).hasSize(3);
    assertThat(h.get(0).dialed()).isEqualTo("0046910291628");
    assertThat(h.time(0)).isEqualTo(History.nanos(T));
    assertThat(h.time(2) - h.time(0)).isEqualTo(2_000_000_000L);
    assertThat(h.tail(0)).isEqualTo(PrefixProbingRule.tailKey("0046910291628"));
    assertThat(h.tail(1)).isEqualTo(-1);
    assertThat(h.number(0)).isEqualTo(History.numberKey("+46910291628"));
    assertThat(h.number(1)).isEqualTo(History.NO_NUMBER);
  }

  @Test
  void nanosKeepTheOrderOfInstantsToTheNanosecond() {
    assertThat(History.nanos(T.plusNanos(1))).isEqualTo(History.nanos(T) + 1);
    assertThat(History.nanos(Instant.EPOCH)).isZero();
    assertThat(History.nanos(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
    assertThat(History.nanos(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
    assertThat(History.nanos(Instant.parse("1500-01-01T00:00:00Z"))).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void numberKeysAreEqualOnlyForEqualNumbers() {
    assertThat(History.numberKey("+442079460777")).isEqualTo(History.numberKey("+442079460777"));
    assertThat(History.numberKey("+442079460777")).isNotEqualTo(History.numberKey("+44207946077"));
    // A leading zero still counts: the length is part of the key.
    assertThat(History.numberKey("+0")).isNotEqualTo(History.numberKey("+"));
    assertThat(History.numberKey("0")).isNotEqualTo(History.numberKey("00"));
    assertThat(History.numberKey("+1234567890123456")).isPositive(); // 17 characters
    assertThat(History.numberKey("+12345678901234567")).isEqualTo(History.NO_NUMBER);
    assertThat(History.numberKey("")).isEqualTo(History.NO_NUMBER);
    assertThat(History.numberKey("+44 20")).isEqualTo(History.NO_NUMBER);
    assertThat(History.numberKey("sip:x")).isEqualTo(History.NO_NUMBER);
  }

  /** A key is in a number's range exactly when the strings have one length and share the rest. */
  @Test
  void aRangeHoldsTheNumbersOfOneLengthThatShareAllButTheLastDigits() {
    Random random = new Random(23);
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder sb = new StringBuilder("+");
      int digits = 8 + random.nextInt(9); // 9 to 17 characters
      for (int d = 0; d < digits; d++) {
        sb.append((char) ('0' + random.nextInt(i % 2 == 0 ? 10 : 2)));
      }
      numbers.add(sb.toString());
    }
    numbers.add("+4420794607");
    numbers.add("+4420794608");
    numbers.add("+442079460");
    numbers.add("+44207946070");
    int compared = 0;
    int inRange = 0;
    for (String a : numbers) {
      for (int last = 1; last <= 3; last++) {
        long[] range = History.range(History.numberKey(a), last);
        for (String b : numbers) {
          boolean expected =
              a.length() == b.length() && b.startsWith(a.substring(0, a.length() - last));
          long key = History.numberKey(b);
          assertThat(key >= range[0] && key < range[1])
              .as("%s in %s/%d", b, a, last)
              .isEqualTo(expected);
          compared++;
          inRange += expected ? 1 : 0;
        }
      }
    }
    assertThat(compared).isEqualTo(404 * 404 * 3);
    assertThat(inRange).isGreaterThan(404 * 3); // not only each number with itself
    long[] none = History.range(History.numberKey("+4420794607"), 2);
    assertThat(History.NO_NUMBER >= none[0] && History.NO_NUMBER < none[1]).isFalse();
  }

  @Test
  void plusKeepsTheLastAttemptsWithinTheWindow() {
    History h = History.empty();
    for (int i = 0; i < 100; i++) {
      h = h.plus(past(T.plusSeconds(i), "+44" + i, "+44" + i), T.plusSeconds(i - 70), 64);
    }
    // The last 64 (36..99), all within the 70 s before the last.
    assertThat(h).hasSize(64);
    assertThat(h.get(0).dialed()).isEqualTo("+4436");
    assertThat(h.number(63)).isEqualTo(History.numberKey("+4499"));

    // A long pause: only the attempts within the window before the latest stay.
    History later = h.plus(past(T.plusSeconds(130), "+44x", ""), T.plusSeconds(90), 64);
    assertThat(later)
        .extracting(PastAttempt::dialed)
        .containsExactly(
            "+4490", "+4491", "+4492", "+4493", "+4494", "+4495", "+4496", "+4497", "+4498",
            "+4499", "+44x");
    assertThat(later.time(0)).isEqualTo(History.nanos(T.plusSeconds(90)));
    assertThat(later.number(10)).isEqualTo(History.NO_NUMBER);
    // The history it came from is unchanged.
    assertThat(h).hasSize(64);
    assertThat(h.get(0).dialed()).isEqualTo("+4436");
  }

  /**
   * Histories share buffers: adding to one must change neither it nor any other history, whether
   * the new attempt went into a shared buffer's free slot or a copy.
   */
  @Test
  void historiesThatShareABufferNeverSeeEachOthersAttempts() {
    Random random = new Random(64);
    List<History> histories = new ArrayList<>();
    List<List<String>> expected = new ArrayList<>();
    histories.add(History.empty());
    expected.add(List.of());
    for (int n = 0; n < 3000; n++) {
      int which = random.nextInt(histories.size());
      History h = histories.get(which);
      String dialed = "+44" + n;
      int max = 1 + random.nextInt(8);
      History next;
      List<String> want = new ArrayList<>(expected.get(which));
      if (random.nextInt(5) == 0) {
        next = h.plus(List.of(past(T.plusSeconds(n), dialed, dialed)), max);
      } else {
        next = h.plus(past(T.plusSeconds(n), dialed, dialed), T, max);
      }
      want.add(dialed);
      while (want.size() > max) {
        want.remove(0);
      }
      histories.add(next);
      expected.add(want);
      if (histories.size() > 40) { // keep the newest and a few old ones to branch from
        int drop = random.nextInt(histories.size() - 1);
        histories.remove(drop);
        expected.remove(drop);
      }
    }
    for (int i = 0; i < histories.size(); i++) {
      History h = histories.get(i);
      assertThat(h).extracting(PastAttempt::dialed).containsExactlyElementsOf(expected.get(i));
      for (int j = 0; j < h.size(); j++) {
        assertThat(h.number(j)).isEqualTo(History.numberKey(h.get(j).e164()));
        assertThat(h.time(j)).isEqualTo(History.nanos(h.get(j).at()));
      }
    }
  }

  @Test
  void anAccountsHistoryGrowsInPlaceAndAnEarlierCopyKeepsItsAttempts() {
    History state = History.empty();
    List<History> seen = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      state = state.plus(past(T.plusSeconds(i), "n" + i, ""), T, 64);
      seen.add(state);
    }
    for (int i = 0; i < 200; i++) {
      History h = seen.get(i);
      assertThat(h).hasSize(Math.min(i + 1, 64));
      assertThat(h.get(h.size() - 1).dialed()).isEqualTo("n" + i);
      assertThat(h.get(0).dialed()).isEqualTo("n" + Math.max(0, i - 63));
    }
    // A view's own additions (a cluster member's calls not yet applied) leave the state alone.
    History view = state.plus(List.of(past(T.plusSeconds(500), "mine", "")), 64);
    History counted = state.plus(past(T.plusSeconds(501), "counted", ""), T, 64);
    assertThat(view.get(63).dialed()).isEqualTo("mine");
    assertThat(counted.get(63).dialed()).isEqualTo("counted");
    assertThat(state.get(63).dialed()).isEqualTo("n199");
  }

  @Test
  void plusAListKeepsTheLastMaxOfBoth() {
    History h = History.of(List.of(past(T, "1", "+1"), past(T, "2", "+2")));
    List<PastAttempt> more = new ArrayList<>();
    for (int i = 3; i <= 6; i++) {
      more.add(past(T, String.valueOf(i), "+" + i));
    }
    assertThat(h.plus(more, 3)).extracting(PastAttempt::dialed).containsExactly("4", "5", "6");
    assertThat(h.plus(more, 5))
        .extracting(PastAttempt::dialed)
        .containsExactly("2", "3", "4", "5", "6");
    History all = h.plus(more, 64);
    assertThat(all).extracting(PastAttempt::dialed).containsExactly("1", "2", "3", "4", "5", "6");
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.number(i)).isEqualTo(History.numberKey(all.get(i).e164()));
      assertThat(all.tail(i)).isEqualTo(all.get(i).tail());
    }
    assertThat(History.of(all)).isSameAs(all);
    assertThat(History.of(List.of())).isEmpty();
  }
}
