package org.tfps.engine;

/** R06: the destination is in a country the operator blocked. */
public final class BlockedCountryRule implements Rule {

  public static final String CODE = "R06";

  private final RuleDataRef data;

  public BlockedCountryRule(RuleDataRef data) {
    this.data = data;
  }

  @Override
  public boolean judgesDestination() {
    return true;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    String country = facts.destination().country();
    if (country.isEmpty() || !data.get().blockedCountries().contains(country)) {
      return null;
    }
    return new Finding(
        CODE,
        "blocked-country",
        Action.DENY,
        100,
        "destination " + facts.destination().e164() + " is in blocked country " + country);
  }
}
