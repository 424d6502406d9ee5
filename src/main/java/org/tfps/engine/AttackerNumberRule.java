package org.tfps.engine;

/**
 * R28: attackers dialled this number: on TFPS's honeypot, or in calls TFPS denied for prefix
 * probing, sequential dialling or a high-risk range. A compromised extension calling a number an
 * attacker probed is stopped at once.
 */
public final class AttackerNumberRule implements Rule {

  public static final String CODE = "R28";

  private final Action action;

  public AttackerNumberRule(Action action) {
    this.action = action;
  }

  @Override
  public boolean judgesDestination() {
    return true;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    if (facts.attackerNumber().isEmpty()) {
      return null;
    }
    return new Finding(
        CODE,
        "attacker-number",
        action,
        action == Action.ALLOW ? 20 : 90,
        "destination "
            + facts.destination().e164()
            + " was dialled by attackers ("
            + facts.attackerNumber()
            + ")");
  }
}
