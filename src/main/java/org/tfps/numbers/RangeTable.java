package org.tfps.numbers;

import java.util.List;
import java.util.Set;

/**
 * High-risk ranges, longest prefix wins. The file format (docs/data-files.md): one range per line,
 * {@code +prefix,label,action}; action is deny, verify or alert; '#' starts a comment; blank lines
 * are ignored. Every line is checked when loaded; the first bad one is refused by source and line
 * number.
 */
public final class RangeTable {

  /** Actions a range may ask for. */
  public static final Set<String> ACTIONS = Set.of("deny", "verify", "alert");

  private final PrefixTrie<Range> trie;

  private RangeTable(PrefixTrie<Range> trie) {
    this.trie = trie;
  }

  /** A table with no ranges. */
  public static RangeTable empty() {
    return new RangeTable(new PrefixTrie<>());
  }

  /** Parses the lines of a ranges file; {@code source} names it in errors. */
  public static RangeTable parse(String source, List<String> lines) throws DataFileException {
    PrefixTrie<Range> trie = new PrefixTrie<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = stripComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 3) {
        throw new DataFileException(
            source, i + 1, "expected +prefix,label,action but found " + f.length + " fields");
      }
      String prefix = prefix(source, i + 1, f[0]);
      String label = f[1].trim();
      if (label.isEmpty()) {
        throw new DataFileException(source, i + 1, "empty label");
      }
      String action = f[2].trim().toLowerCase(java.util.Locale.ROOT);
      if (!ACTIONS.contains(action)) {
        throw new DataFileException(
            source, i + 1, "action '" + f[2].trim() + "' is not one of deny, verify, alert");
      }
      trie.put(prefix, new Range(prefix, label, action));
    }
    return new RangeTable(trie);
  }

  /** The longest range containing {@code e164} ("+" and digits), or null. */
  public Range lookup(String e164) {
    return e164.isEmpty() ? null : trie.longestMatch(e164, e164.charAt(0) == '+' ? 1 : 0);
  }

  /** Ranges loaded. */
  public int size() {
    return trie.size();
  }

  /** The digits of a {@code +prefix} field, or the error naming the line. */
  static String prefix(String source, int line, String field) throws DataFileException {
    String prefix = field.trim();
    if (!prefix.matches("\\+[1-9][0-9]{0,14}")) {
      throw new DataFileException(
          source,
          line,
          "prefix '" + prefix + "' is not '+' followed by 1 to 15 digits (no leading 0)");
    }
    return prefix.substring(1);
  }

  /** A line without its '#' comment, trimmed. */
  public static String stripComment(String line) {
    int hash = line.indexOf('#');
    return (hash < 0 ? line : line.substring(0, hash)).trim();
  }
}
