package org.tfps.engine;

import org.tfps.numbers.Rate;

/** R14: the destination costs more per minute than any one call of the account may. */
public final class RateCeilingRule implements Rule {

  public static final String CODE = "R14";

  private final Action action;

  public RateCeilingRule(Action action) {
    this.action = action;
  }

  @Override
  public boolean judgesDestination() {
    return true;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    Rate rate = facts.rate();
    double ceiling = facts.account().limits().maxRatePerMinute();
    if (rate == null || ceiling <= 0 || rate.perMinute() <= ceiling) {
      return null;
    }
    return new Finding(
        CODE,
        "rate-ceiling",
        action,
        70,
        "destination "
            + facts.destination().e164()
            + " costs "
            + Limited.money(rate.perMinute(), rate.currency())
            + "/min (prefix +"
            + rate.prefix()
            + "), above the ceiling of "
            + Limited.money(ceiling, rate.currency())
            + "/min");
  }
}
