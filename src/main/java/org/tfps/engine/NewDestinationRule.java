package org.tfps.engine;

import java.util.TreeSet;

/**
 * R25: out of business hours, a call to a country the account has never called (its home country
 * and the countries of its allowed calls are known). A PBX hacked at 3 a.m. calls countries its
 * office never did. Acts from the first call: a new account has no known countries but its home
 * one, and a verify costs a real caller at night one short dialog.
 */
public final class NewDestinationRule implements Rule {

  public static final String CODE = "R25";

  private final Action action;

  public NewDestinationRule(Action action) {
    this.action = action;
  }

  @Override
  public boolean judgesDestination() {
    return true;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    AccountFacts a = facts.account();
    String country = facts.destination().country();
    if (a.businessHours()
        || country.isEmpty()
        || country.equals(facts.homeCountry())
        || a.knownCountries().contains(country)) {
      return null;
    }
    return new Finding(
        CODE,
        "new-destination-off-hours",
        action,
        60,
        "first call to "
            + (country.equals("001") ? "an international network" : country)
            + " ("
            + facts.destination().e164()
            + ") out of business hours; known: "
            + known(facts.homeCountry(), a));
  }

  private static String known(String home, AccountFacts a) {
    TreeSet<String> all = new TreeSet<>(a.knownCountries());
    if (!home.isEmpty()) {
      all.add(home);
    }
    return all.isEmpty() ? "none" : String.join(", ", all);
  }
}
