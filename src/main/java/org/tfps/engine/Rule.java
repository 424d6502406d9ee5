package org.tfps.engine;

/**
 * One check. Pure: the same attempt and facts always give the same finding. Each rule's stable code
 * (e.g. "R06") is its {@code CODE} constant and the code of its findings.
 */
public interface Rule {

  /** A finding when the rule fires, null when it does not. */
  Finding evaluate(CallAttempt attempt, CallFacts facts);

  /**
   * True for a rule that judges the destination itself (its country, range, type, rate, novelty):
   * it does not run for a destination the account has authorized.
   */
  default boolean judgesDestination() {
    return false;
  }
}
