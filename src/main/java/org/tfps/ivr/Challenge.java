package org.tfps.ivr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The verify dialog's logic, without media or SIP: a voice CAPTCHA (a random code is spoken and the
 * caller types it) or a PIN. It is driven by events (digits, the end of the prompts played, a timer
 * tick, a hang-up) and answers each with a {@link Step}: the prompts to play next, by name ({@link
 * Prompts}), and the outcome. Time comes from the injected {@link Clock}; nothing sleeps: the
 * caller arms a timer for {@link #nextDeadline()} and calls {@link #tick()}.
 *
 * <p>Keys: {@code #} ends the entry early, {@code *} clears it and plays the question again (not an
 * attempt). A CAPTCHA entry ends by itself at the code's length, a PIN entry at {@link
 * #MAX_PIN_DIGITS}. A wrong entry, or no entry within the inter-digit timeout, costs an attempt;
 * after a wrong CAPTCHA a new code is spoken, so repeated playbacks of one code cannot be averaged
 * by a recognizer. The code and the PIN are never logged, and {@link #toString()} omits them. Not
 * thread-safe: one challenge per call, on the call's context.
 */
public final class Challenge {

  /** The PIN's longest entry; longer input ends the entry. Provisioned PINs are 4 to 12 digits. */
  public static final int MAX_PIN_DIGITS = 16;

  public static final String ENTER_CODE = "enter-code";
  public static final String ENTER_PIN = "enter-pin";
  public static final String WRONG_CODE = "wrong-code";
  public static final String WRONG_PIN = "wrong-pin";
  public static final String NO_INPUT = "no-input";
  public static final String AUTHORIZED_REDIAL = "authorized-redial";
  public static final String NOT_AUTHORIZED = "not-authorized";
  public static final String GOODBYE = "goodbye";

  /** The prompt that speaks digit {@code d} (0-9): {@code digit-<d>}. */
  public static String digitPrompt(int d) {
    return "digit-" + d;
  }

  /** Every prompt a challenge can ask for: the prompt set must hold them all. */
  public static List<String> promptNames() {
    List<String> names = new ArrayList<>();
    for (int d = 0; d <= 9; d++) {
      names.add(digitPrompt(d));
    }
    names.addAll(
        List.of(
            ENTER_CODE,
            ENTER_PIN,
            WRONG_CODE,
            WRONG_PIN,
            NO_INPUT,
            AUTHORIZED_REDIAL,
            NOT_AUTHORIZED,
            GOODBYE));
    return List.copyOf(names);
  }

  /** What the caller is asked for. */
  public enum Mode {
    CAPTCHA,
    PIN
  }

  /** How the challenge ended, or PENDING while it runs. */
  public enum Outcome {
    PENDING,
    SOLVED,
    FAILED,
    TIMED_OUT,
    HUNG_UP
  }

  /**
   * @param codeDigits digits of a CAPTCHA code (1 to 10; 4 by default)
   * @param maxAttempts entries allowed (MAX_CAPTCHAATTEMPTS, 3 by default)
   * @param interDigitTimeout how long to wait for the next key once the prompts have played
   * @param totalTimeout how long the whole challenge may take, from {@link #start()}
   */
  public record Settings(
      int codeDigits, int maxAttempts, Duration interDigitTimeout, Duration totalTimeout) {

    public static final Settings DEFAULTS =
        new Settings(4, 3, Duration.ofSeconds(5), Duration.ofSeconds(60));

    public Settings {
      if (codeDigits < 1 || codeDigits > 10) {
        throw new IllegalArgumentException("code digits " + codeDigits + ": 1 to 10");
      }
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw new IllegalArgumentException("attempts " + maxAttempts + ": 1 to 10");
      }
      if (interDigitTimeout.isNegative() || interDigitTimeout.isZero()) {
        throw new IllegalArgumentException("inter-digit timeout " + interDigitTimeout);
      }
      if (totalTimeout.compareTo(interDigitTimeout) < 0) {
        throw new IllegalArgumentException(
            "total timeout " + totalTimeout + " is shorter than the inter-digit timeout");
      }
    }
  }

  /**
   * What to do after an event.
   *
   * @param prompts prompts to play now, in order, replacing any still playing; empty: carry on
   * @param outcome PENDING, or how the challenge ended (then play the prompts, and hang up)
   * @param pinToCheck a PIN entry the owner must check (a challenge made by {@link
   *     #pinCheckedByOwner}) and answer with {@link #checked}; null otherwise
   */
  public record Step(List<String> prompts, Outcome outcome, String pinToCheck) {
    public Step {
      prompts = List.copyOf(prompts);
    }

    public Step(List<String> prompts, Outcome outcome) {
      this(prompts, outcome, null);
    }

    /** The PIN is left out. */
    @Override
    public String toString() {
      return "Step[" + prompts + ", " + outcome + (pinToCheck != null ? ", checking" : "") + "]";
    }

    public boolean done() {
      return outcome != Outcome.PENDING;
    }
  }

  private final Mode mode;
  private final Settings settings;
  private final Clock clock;
  private final RandomGenerator random;
  private final Predicate<String> pinMatches;
  private final StringBuilder entry = new StringBuilder(MAX_PIN_DIGITS);
  private byte[] code;
  private Outcome outcome = Outcome.PENDING;
  private int attempts;
  private boolean started;
  private Instant totalDeadline;
  private Instant digitDeadline;

  /** A PIN entry is with the owner for checking: keys and the digit timeout wait meanwhile. */
  private boolean checking;

  private Challenge(
      Mode mode,
      Settings settings,
      Clock clock,
      RandomGenerator random,
      Predicate<String> pinMatches) {
    this.mode = mode;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
    this.pinMatches = pinMatches;
  }

  /** A voice CAPTCHA with codes from {@code random} (SecureRandom in production). */
  public static Challenge captcha(Settings settings, RandomGenerator random, Clock clock) {
    return new Challenge(Mode.CAPTCHA, settings, clock, random, null);
  }

  /**
   * A PIN challenge. {@code pinMatches} checks an entry against the account's PIN (or the global
   * one): the PBKDF2 comparison lives with the accounts ({@code decision.Pins}).
   */
  public static Challenge pin(Settings settings, Predicate<String> pinMatches, Clock clock) {
    return new Challenge(Mode.PIN, settings, clock, null, pinMatches);
  }

  /**
   * A PIN challenge whose entries the owner checks, off the thread that runs the challenge (a
   * PBKDF2 check takes about 0.2 s of CPU, which would hold every call's audio): a complete entry
   * gives a {@link Step} with {@link Step#pinToCheck}, and the owner answers with {@link #checked}.
   * Keys typed meanwhile are dropped, and the digit timeout waits; the total timeout does not.
   */
  public static Challenge pinCheckedByOwner(Settings settings, Clock clock) {
    return new Challenge(Mode.PIN, settings, clock, null, null);
  }

  /**
   * The owner's answer to a {@link Step#pinToCheck}: the challenge goes on as after a checked entry
   * (solved, wrong, or failed). Ignored when no check is outstanding or the challenge ended
   * meanwhile.
   */
  public Step checked(boolean right) {
    if (!checking) {
      return new Step(List.of(), outcome);
    }
    checking = false;
    if (outcome != Outcome.PENDING) {
      return new Step(List.of(), outcome);
    }
    return judged(right);
  }

  /** Starts the challenge: the question to play. Call once. */
  public Step start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    totalDeadline = clock.instant().plus(settings.totalTimeout());
    if (mode == Mode.CAPTCHA) {
      newCode();
    }
    return pending(question());
  }

  /** The prompts have been played: the wait for a key starts now. */
  public Step promptsPlayed() {
    if (outcome == Outcome.PENDING && started && digitDeadline == null) {
      digitDeadline = clock.instant().plus(settings.interDigitTimeout());
    }
    return tick();
  }

  /**
   * A key from RFC 4733 or SIP INFO ({@code 0-9 * # A-D}). A key that comes after a timeout the
   * timer has not reported yet is dropped, and the timeout's step returned: the caller hears what
   * the timeout says (no input, wrong code) before typing on.
   */
  public Step digit(char key) {
    Step late = tick();
    if (late.done() || !started || !late.prompts().isEmpty() || checking) {
      return late;
    }
    if (key == '*') {
      entry.setLength(0);
      digitDeadline = null;
      return pending(question());
    }
    if (key == '#') {
      return submit();
    }
    entry.append(key);
    digitDeadline = clock.instant().plus(settings.interDigitTimeout());
    int complete = mode == Mode.CAPTCHA ? settings.codeDigits() : MAX_PIN_DIGITS;
    return entry.length() >= complete ? submit() : pending(List.of());
  }

  /** Checks the timeouts against the clock; call when the timer for {@link #nextDeadline} fires. */
  public Step tick() {
    if (outcome != Outcome.PENDING || !started) {
      return new Step(List.of(), outcome);
    }
    Instant now = clock.instant();
    if (!now.isBefore(totalDeadline)) {
      entry.setLength(0);
      return end(Outcome.TIMED_OUT, List.of(GOODBYE));
    }
    if (digitDeadline != null && !checking && !now.isBefore(digitDeadline)) {
      if (entry.length() > 0) {
        return submit();
      }
      digitDeadline = null;
      if (++attempts >= settings.maxAttempts()) {
        return end(Outcome.TIMED_OUT, List.of(NO_INPUT, GOODBYE));
      }
      List<String> prompts = new ArrayList<>();
      prompts.add(NO_INPUT);
      prompts.addAll(question());
      return pending(prompts);
    }
    return pending(List.of());
  }

  /** The caller hung up (BYE, CANCEL, or RTP stopped). */
  public Step hangUp() {
    if (outcome == Outcome.PENDING) {
      entry.setLength(0);
      outcome = Outcome.HUNG_UP;
    }
    return new Step(List.of(), outcome);
  }

  /** When {@link #tick()} may next change something; null once the challenge has ended. */
  public Instant nextDeadline() {
    if (outcome != Outcome.PENDING || !started) {
      return null;
    }
    return digitDeadline != null && digitDeadline.isBefore(totalDeadline)
        ? digitDeadline
        : totalDeadline;
  }

  public Outcome outcome() {
    return outcome;
  }

  public Mode mode() {
    return mode;
  }

  /** Entries used so far (wrong ones and silent ones). */
  public int attempts() {
    return attempts;
  }

  @Override
  public String toString() {
    return "Challenge[" + mode + ", " + outcome + ", attempts " + attempts + "]";
  }

  private Step submit() {
    String typed = entry.toString();
    entry.setLength(0);
    digitDeadline = null;
    if (mode == Mode.PIN && pinMatches == null && !typed.isEmpty()) {
      checking = true;
      return new Step(List.of(), Outcome.PENDING, typed);
    }
    return judged(
        !typed.isEmpty()
            && (mode == Mode.CAPTCHA
                ? MessageDigest.isEqual(code, typed.getBytes(StandardCharsets.US_ASCII))
                : pinMatches.test(typed)));
  }

  /** After an entry was checked: solved, or one more wrong attempt. */
  private Step judged(boolean right) {
    if (right) {
      return end(Outcome.SOLVED, List.of(AUTHORIZED_REDIAL, GOODBYE));
    }
    String wrong = mode == Mode.CAPTCHA ? WRONG_CODE : WRONG_PIN;
    if (++attempts >= settings.maxAttempts()) {
      return end(Outcome.FAILED, List.of(wrong, NOT_AUTHORIZED, GOODBYE));
    }
    if (mode == Mode.CAPTCHA) {
      newCode();
    }
    List<String> prompts = new ArrayList<>();
    prompts.add(wrong);
    prompts.addAll(question());
    return pending(prompts);
  }

  private List<String> question() {
    if (mode == Mode.PIN) {
      return List.of(ENTER_PIN);
    }
    List<String> prompts = new ArrayList<>(1 + code.length);
    prompts.add(ENTER_CODE);
    for (byte b : code) {
      prompts.add(digitPrompt(b - '0'));
    }
    return prompts;
  }

  private void newCode() {
    code = new byte[settings.codeDigits()];
    for (int i = 0; i < code.length; i++) {
      code[i] = (byte) ('0' + random.nextInt(10));
    }
  }

  private Step pending(List<String> prompts) {
    return new Step(prompts, Outcome.PENDING);
  }

  private Step end(Outcome how, List<String> prompts) {
    outcome = how;
    digitDeadline = null;
    code = null;
    return new Step(prompts, how);
  }
}
