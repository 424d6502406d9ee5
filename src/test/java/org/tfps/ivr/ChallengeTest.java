package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tfps.ivr.Challenge.Outcome;
import org.tfps.ivr.Challenge.Settings;
import org.tfps.ivr.Challenge.Step;
import org.tfps.testing.MutableClock;

class ChallengeTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);

  /** The code a step speaks: the digits of its digit-N prompts. */
  private static String spoken(Step step) {
    StringBuilder code = new StringBuilder();
    for (String p : step.prompts()) {
      if (p.startsWith("digit-")) {
        code.append(p.substring(6));
      }
    }
    return code.toString();
  }

  private static Step type(Challenge c, String keys) {
    Step last = null;
    for (char k : keys.toCharArray()) {
      last = c.digit(k);
    }
    return last;
  }

  private Challenge captcha() {
    return Challenge.captcha(Settings.DEFAULTS, new SplittableRandom(42), clock);
  }

  @Test
  void theSpokenCodeSolvesIt() {
    Challenge c = captcha();
    Step start = c.start();
    assertThat(start.prompts()).hasSize(5).first().isEqualTo(Challenge.ENTER_CODE);
    String code = spoken(start);
    assertThat(code).hasSize(4).containsOnlyDigits();
    assertThat(c.promptsPlayed().done()).isFalse();
    assertThat(type(c, code.substring(0, 3)).prompts()).isEmpty();
    Step last = c.digit(code.charAt(3));
    assertThat(last.outcome()).isEqualTo(Outcome.SOLVED);
    assertThat(last.prompts()).containsExactly(Challenge.AUTHORIZED_REDIAL, Challenge.GOODBYE);
    assertThat(c.nextDeadline()).isNull();
    // Keys after the end change nothing.
    assertThat(c.digit('1')).isEqualTo(new Step(List.of(), Outcome.SOLVED));
  }

  @Test
  void theCodeComesFromTheGivenGenerator() {
    Challenge a = Challenge.captcha(Settings.DEFAULTS, new SplittableRandom(42), clock);
    Challenge b = Challenge.captcha(Settings.DEFAULTS, new SplittableRandom(42), clock);
    List<String> codes = new ArrayList<>();
    for (long seed = 0; seed < 20; seed++) {
      codes.add(
          spoken(Challenge.captcha(Settings.DEFAULTS, new SplittableRandom(seed), clock).start()));
    }
    assertThat(spoken(a.start())).isEqualTo(spoken(b.start()));
    assertThat(codes).doesNotHaveDuplicates();
  }

  @Test
  void aWrongCodeCostsAnAttemptAndANewCodeIsSpoken() {
    Challenge c = captcha();
    String first = spoken(c.start());
    String wrong = first.charAt(0) == '9' ? "0000" : "9999";
    Step retry = type(c, wrong);
    assertThat(retry.outcome()).isEqualTo(Outcome.PENDING);
    assertThat(retry.prompts()).startsWith(Challenge.WRONG_CODE, Challenge.ENTER_CODE).hasSize(6);
    assertThat(c.attempts()).isEqualTo(1);
    String second = spoken(retry);
    // The old code no longer works (unless the generator drew the same one).
    if (!second.equals(first)) {
      Step old = type(c, first);
      assertThat(old.prompts()).first().isEqualTo(Challenge.WRONG_CODE);
      second = spoken(old);
    }
    assertThat(type(c, second).outcome()).isEqualTo(Outcome.SOLVED);
  }

  @Test
  void threeWrongEntriesFail() {
    Challenge c = captcha();
    c.start();
    assertThat(type(c, "#").outcome()).isEqualTo(Outcome.PENDING);
    assertThat(type(c, "1#").outcome()).isEqualTo(Outcome.PENDING);
    Step last = type(c, "12#");
    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.prompts())
        .containsExactly(Challenge.WRONG_CODE, Challenge.NOT_AUTHORIZED, Challenge.GOODBYE);
    assertThat(c.attempts()).isEqualTo(3);
  }

  @Test
  void attemptsAreConfigurable() {
    Settings one = new Settings(4, 1, Duration.ofSeconds(5), Duration.ofSeconds(60));
    Challenge c = Challenge.captcha(one, new SplittableRandom(1), clock);
    c.start();
    assertThat(type(c, "#").outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void starClearsTheEntryAndRepeatsTheSameCodeForFree() {
    Challenge c = captcha();
    String code = spoken(c.start());
    Step again = type(c, "12*");
    assertThat(again.prompts()).first().isEqualTo(Challenge.ENTER_CODE);
    assertThat(spoken(again)).isEqualTo(code);
    assertThat(c.attempts()).isZero();
    assertThat(type(c, code).outcome()).isEqualTo(Outcome.SOLVED);
  }

  @Test
  void silenceAfterThePromptsCostsAnAttemptThenTimesOut() {
    Challenge c = captcha();
    String code = spoken(c.start());
    // While the prompts play, no inter-digit timer runs: only the total one.
    assertThat(c.nextDeadline()).isEqualTo(T0.plusSeconds(60));
    clock.advance(Duration.ofSeconds(4));
    c.promptsPlayed();
    assertThat(c.nextDeadline()).isEqualTo(T0.plusSeconds(9));
    clock.advance(Duration.ofMillis(4_999));
    assertThat(c.tick().prompts()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    Step replay = c.tick();
    assertThat(replay.prompts()).startsWith(Challenge.NO_INPUT, Challenge.ENTER_CODE);
    assertThat(spoken(replay)).isEqualTo(code);
    assertThat(c.attempts()).isEqualTo(1);
    for (int i = 0; i < 2; i++) {
      c.promptsPlayed();
      clock.advance(Duration.ofSeconds(5));
      replay = c.tick();
    }
    assertThat(replay.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(replay.prompts()).containsExactly(Challenge.NO_INPUT, Challenge.GOODBYE);
  }

  @Test
  void aPartialEntryIsSubmittedAtTheInterDigitTimeout() {
    Challenge c = captcha();
    c.start();
    c.digit('1');
    assertThat(c.nextDeadline()).isEqualTo(T0.plusSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    assertThat(c.tick().prompts()).first().isEqualTo(Challenge.WRONG_CODE);
    assertThat(c.attempts()).isEqualTo(1);
  }

  @Test
  void aKeyAfterAnUnreportedTimeoutGetsTheTimeoutsPrompts() {
    Challenge c = captcha();
    String code = spoken(c.start());
    c.promptsPlayed();
    clock.advance(Duration.ofSeconds(6));
    // The timer has not fired yet when the key arrives: the no-input step is not lost.
    Step step = c.digit(code.charAt(0));
    assertThat(step.prompts()).startsWith(Challenge.NO_INPUT, Challenge.ENTER_CODE);
    assertThat(c.attempts()).isEqualTo(1);
    assertThat(type(c, code).outcome()).isEqualTo(Outcome.SOLVED);
  }

  @Test
  void theTotalTimeoutEndsItWhateverHappens() {
    Challenge c = captcha();
    c.start();
    for (int i = 0; i < 59; i++) {
      clock.advance(Duration.ofSeconds(1));
      c.digit('*');
    }
    assertThat(c.outcome()).isEqualTo(Outcome.PENDING);
    clock.advance(Duration.ofSeconds(1));
    Step end = c.digit('1');
    assertThat(end.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(end.prompts()).containsExactly(Challenge.GOODBYE);
  }

  @Test
  void hangingUpEndsIt() {
    Challenge c = captcha();
    c.start();
    assertThat(c.hangUp().outcome()).isEqualTo(Outcome.HUNG_UP);
    clock.advance(Duration.ofMinutes(5));
    assertThat(c.tick().outcome()).isEqualTo(Outcome.HUNG_UP);
    assertThat(c.nextDeadline()).isNull();
  }

  @Test
  void pinModeChecksThroughThePredicateAndEndsOnHash() {
    List<String> checked = new ArrayList<>();
    Challenge c =
        Challenge.pin(
            Settings.DEFAULTS,
            pin -> {
              checked.add(pin);
              return pin.equals("271828");
            },
            clock);
    assertThat(c.start().prompts()).containsExactly(Challenge.ENTER_PIN);
    Step wrong = type(c, "1234#");
    assertThat(wrong.prompts()).containsExactly(Challenge.WRONG_PIN, Challenge.ENTER_PIN);
    Step right = type(c, "271828#");
    assertThat(right.outcome()).isEqualTo(Outcome.SOLVED);
    assertThat(checked).containsExactly("1234", "271828");
    assertThat(c.toString()).doesNotContain("271828").doesNotContain("1234");
  }

  @Test
  void aPinCheckedByTheOwnerWaitsForItsAnswerAndIgnoresKeysMeanwhile() {
    Challenge c = Challenge.pinCheckedByOwner(Settings.DEFAULTS, clock);
    c.start();
    Step entry = type(c, "1234#");
    assertThat(entry.pinToCheck()).isEqualTo("1234");
    assertThat(entry.prompts()).isEmpty();
    assertThat(entry.outcome()).isEqualTo(Outcome.PENDING);
    assertThat(entry.toString()).doesNotContain("1234");
    // keys while the owner checks are dropped; the digit timeout waits for the answer
    assertThat(type(c, "99#").pinToCheck()).isNull();
    clock.advance(Duration.ofSeconds(10));
    assertThat(c.tick().prompts()).isEmpty();
    Step wrong = c.checked(false);
    assertThat(wrong.prompts()).containsExactly(Challenge.WRONG_PIN, Challenge.ENTER_PIN);
    assertThat(c.attempts()).isEqualTo(1);
    assertThat(c.checked(true).outcome()).as("no check outstanding").isEqualTo(Outcome.PENDING);
    assertThat(type(c, "271828#").pinToCheck()).isEqualTo("271828");
    assertThat(c.checked(true).outcome()).isEqualTo(Outcome.SOLVED);
  }

  @Test
  void theTotalTimeoutEndsAPinChallengeWhileItsEntryIsChecked() {
    Challenge c = Challenge.pinCheckedByOwner(Settings.DEFAULTS, clock);
    c.start();
    assertThat(type(c, "1234#").pinToCheck()).isEqualTo("1234");
    clock.advance(Duration.ofSeconds(61));
    assertThat(c.tick().outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(c.checked(true).outcome()).as("a late answer").isEqualTo(Outcome.TIMED_OUT);
  }

  @Test
  void aPinEntryEndsAtItsLongestLength() {
    List<String> checked = new ArrayList<>();
    Challenge c = Challenge.pin(Settings.DEFAULTS, pin -> checked.add(pin) && false, clock);
    c.start();
    type(c, "1".repeat(Challenge.MAX_PIN_DIGITS));
    assertThat(checked).containsExactly("1".repeat(Challenge.MAX_PIN_DIGITS));
  }

  @Test
  void everyPromptItAsksForIsNamed() {
    List<String> names = Challenge.promptNames();
    assertThat(names).contains("digit-0", "digit-9", "enter-code", "goodbye").hasSize(18);
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new Settings(0, 3, Duration.ofSeconds(5), Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(4, 0, Duration.ofSeconds(5), Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(4, 3, Duration.ZERO, Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(4, 3, Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    Challenge c = captcha();
    c.start();
    assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class);
  }
}
