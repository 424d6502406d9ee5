package org.tfps.engine;

import java.time.Instant;

/**
 * A call attempt the account made earlier, as the pattern detectors need it.
 *
 * @param at when it was decided
 * @param dialed the dial string as sent (Request-URI user part)
 * @param e164 its E.164 form, or empty when it was not a number
 */
public record PastAttempt(Instant at, String dialed, String e164) {}
