package org.tfps.numbers;

import java.util.Comparator;
import java.util.List;

/**
 * How an account dials: its home country (national numbers are read as numbers of it), the prefixes
 * that introduce an international number, and an optional outside-line prefix that is stripped
 * first.
 *
 * @param homeCountry ISO 3166-1 alpha-2 code, upper case
 * @param internationalPrefixes e.g. "00", "011"; matched longest first; "+" always works
 * @param outsideLinePrefix e.g. "9", or empty
 */
public record DialPlan(
    String homeCountry, List<String> internationalPrefixes, String outsideLinePrefix) {

  public DialPlan {
    internationalPrefixes =
        internationalPrefixes.stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }
}
