package org.tfps.engine;

import java.time.Instant;

/**
 * A call attempt the account made earlier, as the pattern detectors need it.
 *
 * @param at when it was decided
 * @param dialed the dial string as sent (Request-URI user part)
 * @param e164 its E.164 form, or empty when it was not a number
 * @param codes the codes of every rule that fired on it (empty for a plain allow)
 */
public record PastAttempt(Instant at, String dialed, String e164, java.util.List<String> codes) {

  public PastAttempt {
    codes = java.util.List.copyOf(codes);
  }
}
