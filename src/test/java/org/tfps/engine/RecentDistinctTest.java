package org.tfps.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;

class RecentDistinctTest {

  private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(10);

  private static PastAttempt past(int secondsAgo, String dialed) {
    return PastAttempt.of(NOW.minusSeconds(secondsAgo), dialed, dialed, List.of());
  }

  private static Set<String> distinct(List<PastAttempt> history, String current, int threshold) {
    CallAttempt attempt = new CallAttempt("1001@pbx", current, "192.0.2.1", "", "c", NOW, -1);
    CallFacts facts =
        new CallFacts(
            new Destination(current, current, "GB", "+", NumberType.FIXED_LINE, true),
            "US",
            history);
    return RecentDistinct.atLeast(
        attempt,
        facts,
        WINDOW,
        (h, i) -> h.get(i).dialed().startsWith("+44"),
        PastAttempt::dialed,
        current,
        threshold);
  }

  @Test
  void manyCallsToFewNumbersStayBelowTheThreshold() {
    List<PastAttempt> history = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      history.add(past(i % 500, i % 2 == 0 ? "+441" : "+442"));
    }
    assertThat(distinct(history, "+441", 3)).isNull();
    assertThat(distinct(history, "+443", 4)).isNull();
  }

  @Test
  void theThresholdCountsThisCallAndListsValuesInFirstSeenOrder() {
    List<PastAttempt> history =
        List.of(past(50, "+442"), past(40, "+441"), past(30, "+442"), past(20, "+444"));
    assertThat(distinct(history, "+443", 4)).containsExactly("+442", "+441", "+444", "+443");
    // This call repeats a number: three distinct, not four.
    assertThat(distinct(history, "+441", 4)).isNull();
    assertThat(distinct(history, "+441", 3)).containsExactly("+442", "+441", "+444");
  }

  @Test
  void onlyMatchingAttemptsInsideTheWindowCount() {
    List<PastAttempt> history =
        List.of(
            past(3600, "+445"), // outside the window
            past(60, "+3361"), // does not match
            past(50, "+441"),
            past(40, "+442"));
    assertThat(distinct(history, "+443", 4)).isNull();
    assertThat(distinct(history, "+443", 3)).containsExactly("+441", "+442", "+443");
  }

  @Test
  void noMatchingHistoryIsNeverEnough() {
    assertThat(distinct(List.of(), "+441", 1)).isNull();
    assertThat(distinct(List.of(past(5, "+3361")), "+441", 1)).isNull();
    assertThat(distinct(List.of(past(5, "+441")), "+441", 1)).containsExactly("+441");
  }
}
