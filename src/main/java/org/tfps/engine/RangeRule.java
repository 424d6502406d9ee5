package org.tfps.engine;

import org.tfps.numbers.Range;

/** R20: the destination is in a high-risk range (satellite, international networks, ...). */
public final class RangeRule implements Rule {

  public static final String CODE = "R20";

  private final RuleDataRef data;

  public RangeRule(RuleDataRef data) {
    this.data = data;
  }

  @Override
  public boolean judgesDestination() {
    return true;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    if (!facts.destination().isNumber()) {
      return null;
    }
    Range r = data.get().ranges().lookup(facts.destination().e164());
    if (r == null) {
      return null;
    }
    return new Finding(
        CODE,
        "high-risk-range",
        Actions.parse(r.action()),
        r.action().equals("alert") ? 20 : 90,
        "destination "
            + facts.destination().e164()
            + " is in range +"
            + r.prefix()
            + " ("
            + r.label()
            + ")");
  }
}
