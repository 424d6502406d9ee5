package org.tfps.engine;

import java.time.Instant;
import java.util.List;

/**
 * A call attempt the account made earlier, as the pattern detectors need it.
 *
 * @param at when it was decided
 * @param dialed the dial string as sent (Request-URI user part)
 * @param e164 its E.164 form, or empty when it was not a number
 * @param codes the codes of every rule that fired on it (empty for a plain allow)
 * @param tail the subscriber number's trailing digits as R23 compares them, as a number (computed
 *     once, when the attempt is recorded: comparing it reads no string), or -1 when the dial string
 *     has none ({@link PrefixProbingRule#tailKey})
 */
public record PastAttempt(Instant at, String dialed, String e164, List<String> codes, long tail) {

  public PastAttempt {
    codes = List.copyOf(codes);
  }

  /** A past attempt with its tail computed from {@code dialed}. */
  public static PastAttempt of(Instant at, String dialed, String e164, List<String> codes) {
    return new PastAttempt(at, dialed, e164, codes, PrefixProbingRule.tailKey(dialed));
  }
}
