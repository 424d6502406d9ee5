package org.tfps.decision;

import java.time.Duration;
import java.util.Set;

/**
 * How the decision use case gathers and keeps facts.
 *
 * @param deadlineMillis how long gathering facts may take before the call is decided on what is
 *     known
 * @param estimatedCallMinutes an allowed call's estimated cost is its rate times this
 * @param blockingCodes codes that, when they deny a call, also block the account (R13)
 * @param blockFor how long such a block lasts
 */
public record DecisionSettings(
    long deadlineMillis,
    double estimatedCallMinutes,
    Set<String> blockingCodes,
    Duration blockFor) {

  public DecisionSettings {
    blockingCodes = Set.copyOf(blockingCodes);
  }
}
