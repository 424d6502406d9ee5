package org.tfps.decision;

import org.tfps.engine.CallAttempt;
import org.tfps.engine.Verdict;
import org.tfps.numbers.Destination;

/**
 * A decided call: the attempt, the destination as normalized, and the verdict.
 *
 * @param factsComplete false when facts missed the deadline and the call was decided on what was
 *     known (the configured policy)
 * @param monitorOnly true when the account is monitored, not enforced: the call is let through
 *     whatever the verdict, which says what enforcing would have done (would-deny, would-verify)
 */
public record Decision(
    CallAttempt attempt,
    Destination destination,
    Verdict verdict,
    boolean factsComplete,
    boolean monitorOnly) {

  /** An enforced decision. */
  public Decision(
      CallAttempt attempt, Destination destination, Verdict verdict, boolean factsComplete) {
    this(attempt, destination, verdict, factsComplete, false);
  }

  /** True when the call is let through: an allow, or any verdict of a monitored account. */
  public boolean letThrough() {
    return monitorOnly || verdict.action() == org.tfps.engine.Action.ALLOW;
  }

  /**
   * The verdict as the wire names it: allow, deny, verify, or, for a monitored account, would-deny
   * or would-verify.
   */
  public String wireAction() {
    String a = verdict.action().wireName();
    return monitorOnly && verdict.action() != org.tfps.engine.Action.ALLOW ? "would-" + a : a;
  }
}
