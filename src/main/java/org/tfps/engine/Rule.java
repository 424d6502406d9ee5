package org.tfps.engine;

/** One check. Pure: the same attempt and facts always give the same finding. */
public interface Rule {

  /** The rule's stable code, e.g. "R06". */
  String code();

  /** A finding when the rule fires, null when it does not. */
  Finding evaluate(CallAttempt attempt, CallFacts facts);
}
