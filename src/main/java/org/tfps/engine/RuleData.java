package org.tfps.engine;

import java.util.Set;
import org.tfps.numbers.RangeTable;
import org.tfps.numbers.RateDeck;

/**
 * The data the static rules read, loaded from files and swapped whole on reload (see {@link
 * RuleDataRef}), so a call never sees half of an update.
 *
 * @param blockedCountries ISO 3166-1 alpha-2 codes (rule R06)
 * @param ranges high-risk ranges (rule R20)
 * @param scanners scanner User-Agent patterns (rule R01)
 * @param rates the rate deck (rules R14, R15)
 */
public record RuleData(
    Set<String> blockedCountries, RangeTable ranges, ScannerAgents scanners, RateDeck rates) {
  public RuleData {
    blockedCountries = Set.copyOf(blockedCountries);
  }

  /** Blocked countries only: no ranges, no scanner patterns, no rates. */
  public static RuleData blockedCountries(Set<String> countries) {
    return new RuleData(countries, RangeTable.empty(), ScannerAgents.none(), RateDeck.empty());
  }
}
