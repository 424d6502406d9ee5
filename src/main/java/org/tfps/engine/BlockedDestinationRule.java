package org.tfps.engine;

/** R27: the destination is on the account's own blocked list (an operator's). */
public final class BlockedDestinationRule implements Rule {

  public static final String CODE = "R27";

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    String entry = facts.blockedEntry();
    if (entry == null) {
      return null;
    }
    String shown = facts.destination().isNumber() ? facts.destination().e164() : attempt.dialed();
    return new Finding(
        CODE,
        "blocked-destination",
        Action.DENY,
        100,
        "destination " + shown + " is blocked for this account (" + entry + ")");
  }
}
