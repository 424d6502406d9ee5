package org.tfps.engine;

import java.util.Set;

/** R06: the destination is in a country the operator blocked. */
public final class BlockedCountryRule implements Rule {

  public static final String CODE = "R06";

  private final Set<String> blocked;

  /**
   * @param blocked ISO 3166-1 alpha-2 codes, upper case, already validated
   */
  public BlockedCountryRule(Set<String> blocked) {
    this.blocked = Set.copyOf(blocked);
  }

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    String country = facts.destination().country();
    if (country.isEmpty() || !blocked.contains(country)) {
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
