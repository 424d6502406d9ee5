package org.tfps.engine;

/**
 * R22: the destination has a real country code but no valid number there (wrong length or
 * unallocated pattern): what IRSF ranges often look like, and what no office needs to dial.
 */
public final class InvalidNumberRule implements Rule {

  public static final String CODE = "R22";

  private final Action action;

  public InvalidNumberRule(Action action) {
    this.action = action;
  }

  @Override
  public boolean judgesDestination() {
    return true;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    if (!facts.destination().isNumber() || facts.destination().valid()) {
      return null;
    }
    return new Finding(
        CODE,
        "invalid-number",
        action,
        action == Action.ALLOW ? 20 : 70,
        "destination " + facts.destination().e164() + " is not a valid number of its country code");
  }
}
