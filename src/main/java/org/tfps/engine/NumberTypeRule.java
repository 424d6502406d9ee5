package org.tfps.engine;

import java.util.EnumMap;
import java.util.Map;
import org.tfps.numbers.NumberType;

/** R21: the destination is of a costly type (premium rate, shared cost, ...), per policy. */
public final class NumberTypeRule implements Rule {

  public static final String CODE = "R21";

  private final Map<NumberType, Action> actions;

  /**
   * @param actions what to do per number type; types not listed pass
   */
  public NumberTypeRule(Map<NumberType, Action> actions) {
    this.actions = actions.isEmpty() ? Map.of() : new EnumMap<>(actions);
  }

  @Override
  public boolean judgesDestination() {
    return true;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    Action action = actions.get(facts.destination().type());
    if (action == null) {
      return null;
    }
    return new Finding(
        CODE,
        "number-type",
        action,
        action == Action.ALLOW ? 20 : 80,
        "destination "
            + facts.destination().e164()
            + " is a "
            + facts.destination().type().configName()
            + " number");
  }
}
