package org.tfps.engine;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.tfps.numbers.Destination;

/**
 * An account's own list of destinations (authorized or blocked by an operator, or verified by the
 * caller): E.164 numbers or prefixes ("+5312345678", "+53") and countries ("CU", ISO 3166-1
 * alpha-2, or "001" for international networks). A destination is on the list when its E.164 form
 * starts with one of the prefixes or its country is one of the countries.
 */
public final class DestinationList {

  /** An entry as the API takes it: "+" and 1 to 15 digits, or a country. */
  public static final Pattern ENTRY = Pattern.compile("\\+[0-9]{1,15}|[A-Z]{2}|001");

  /** Entries per list and account: a list, not a rate deck. */
  public static final int MAX_ENTRIES = 1000;

  private static final DestinationList EMPTY = new DestinationList(List.of(), Set.of());

  private final List<String> prefixes;
  private final Set<String> countries;

  private DestinationList(List<String> prefixes, Set<String> countries) {
    this.prefixes = prefixes;
    this.countries = countries;
  }

  /** The list of {@code entries} (each already checked against {@link #ENTRY}). */
  public static DestinationList of(List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return EMPTY;
    }
    return new DestinationList(
        entries.stream().filter(e -> e.startsWith("+")).toList(),
        Set.copyOf(entries.stream().filter(e -> !e.startsWith("+")).toList()));
  }

  /** The empty list. */
  public static DestinationList none() {
    return EMPTY;
  }

  /** The entry that holds {@code d}, or null. */
  public String match(Destination d) {
    if (this == EMPTY) {
      return null;
    }
    if (!d.country().isEmpty() && countries.contains(d.country())) {
      return d.country();
    }
    for (String p : prefixes) {
      if (!d.e164().isEmpty() && d.e164().startsWith(p)) {
        return p;
      }
    }
    return null;
  }

  /** True when nothing is on it. */
  public boolean isEmpty() {
    return prefixes.isEmpty() && countries.isEmpty();
  }
}
