package org.tfps.numbers;

import java.util.List;
import java.util.Locale;

/**
 * What each destination costs per minute, longest prefix wins. The file format
 * (docs/data-files.md): one rate per line, {@code +prefix,cost per minute,currency}, e.g. {@code
 * +1712432,0.25,USD}; every line of a deck has the same currency (the cost limits are in it); '#'
 * starts a comment. The first bad line is refused by source and line number.
 */
public final class RateDeck {

  private final PrefixTrie<Rate> trie;
  private final String currency;

  private RateDeck(PrefixTrie<Rate> trie, String currency) {
    this.trie = trie;
    this.currency = currency;
  }

  /** A deck with no rates: costs are unknown and the cost rules never fire. */
  public static RateDeck empty() {
    return new RateDeck(new PrefixTrie<>(), "");
  }

  /** Parses the lines of a rate deck; {@code source} names it in errors. */
  public static RateDeck parse(String source, List<String> lines) throws DataFileException {
    PrefixTrie<Rate> trie = new PrefixTrie<>();
    String currency = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = RangeTable.stripComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 3) {
        throw new DataFileException(
            source,
            i + 1,
            "expected +prefix,cost per minute,currency but found " + f.length + " fields");
      }
      String prefix = RangeTable.prefix(source, i + 1, f[0]);
      double perMinute;
      try {
        perMinute = Double.parseDouble(f[1].trim());
      } catch (NumberFormatException e) {
        perMinute = -1;
      }
      if (!(perMinute >= 0 && perMinute < 1_000_000) || !f[1].trim().matches("[0-9.]+")) {
        throw new DataFileException(
            source,
            i + 1,
            "cost '" + f[1].trim() + "' is not a decimal number of at least 0, e.g. 0.25");
      }
      String cur = f[2].trim().toUpperCase(Locale.ROOT);
      if (!cur.matches("[A-Z]{3}")) {
        throw new DataFileException(
            source, i + 1, "currency '" + f[2].trim() + "' is not an ISO 4217 code, e.g. USD");
      }
      if (currency.isEmpty()) {
        currency = cur;
      } else if (!currency.equals(cur)) {
        throw new DataFileException(
            source,
            i + 1,
            "currency "
                + cur
                + " differs from "
                + currency
                + " of the lines before: one deck, one"
                + " currency");
      }
      trie.put(prefix, new Rate(prefix, perMinute, cur));
    }
    return new RateDeck(trie, currency);
  }

  /** The rate of the longest prefix of {@code e164} ("+" and digits), or null. */
  public Rate lookup(String e164) {
    return e164.isEmpty() ? null : trie.longestMatch(e164, e164.charAt(0) == '+' ? 1 : 0);
  }

  /** The deck's currency, or empty for an empty deck. */
  public String currency() {
    return currency;
  }

  /** Rates loaded. */
  public int size() {
    return trie.size();
  }
}
