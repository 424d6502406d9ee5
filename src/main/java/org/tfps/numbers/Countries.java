package org.tfps.numbers;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-2 country codes, and the blocked-countries file (one code per line). */
public final class Countries {

  /**
   * ISO 3166-1 alpha-2 codes known to the JDK, plus XK (Kosovo, +383): user-assigned in ISO 3166
   * but used by libphonenumber and the ITU, so operators can block it.
   */
  private static final Set<String> ISO = iso();

  private Countries() {}

  private static Set<String> iso() {
    Set<String> all = new HashSet<>(Set.of(Locale.getISOCountries()));
    all.add("XK");
    return Set.copyOf(all);
  }

  /** True for an ISO 3166-1 alpha-2 code (capital letters). */
  public static boolean isIso(String code) {
    return ISO.contains(code);
  }

  /** Parses a blocked-countries file: one code per line, '#' comments; {@code source} in errors. */
  public static Set<String> parse(String source, List<String> lines) throws DataFileException {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String code = RangeTable.stripComment(lines.get(i));
      if (code.isEmpty()) {
        continue;
      }
      if (!isIso(code)) {
        throw new DataFileException(
            source,
            i + 1,
            "'"
                + code
                + "' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. CU)");
      }
      out.add(code);
    }
    return out;
  }
}
