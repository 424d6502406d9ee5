package org.tfps.history;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The columns a header line names, for the formats that may have one: each known name (any case) to
 * its 0-based field. Unknown names are kept for error messages and otherwise ignored.
 */
final class HeaderColumns {

  private final String[] names;
  private final Map<String, Integer> index = new HashMap<>();

  private HeaderColumns(String[] names) {
    this.names = names;
  }

  /** The header of the current record; duplicates and empty names are refused. */
  static HeaderColumns read(CsvTokenizer t, CdrFormat format) throws CdrFileException {
    if (t.error() != null) {
      throw new CdrFileException(
          t.line(), "the " + format.id() + " header is not valid CSV (" + t.error() + ")");
    }
    String[] names = new String[t.fieldCount()];
    HeaderColumns h = new HeaderColumns(names);
    for (int i = 0; i < names.length; i++) {
      names[i] = t.text(i).trim();
      String key = names[i].toLowerCase(Locale.ROOT);
      if (key.isEmpty()) {
        throw new CdrFileException(t.line(), "header column " + (i + 1) + " has no name");
      }
      if (h.index.putIfAbsent(key, i) != null) {
        throw new CdrFileException(
            t.line(), "header column " + (i + 1) + " repeats '" + names[i] + "'");
      }
    }
    return h;
  }

  /** The field of a name, or -1. */
  int find(String name) {
    Integer i = index.get(name.toLowerCase(Locale.ROOT));
    return i == null ? -1 : i;
  }

  /** The field of a required name. */
  int require(String name, long line, CdrFormat format, String... required)
      throws CdrFileException {
    int i = find(name);
    if (i < 0) {
      throw new CdrFileException(
          line,
          "the "
              + format.id()
              + " header has no '"
              + name
              + "' column (required: "
              + String.join(", ", required)
              + "; found: "
              + String.join(", ", Arrays.asList(names))
              + ")");
    }
    return i;
  }

  /** How many columns it names. */
  int size() {
    return names.length;
  }

  /** The name of a 0-based field as the header wrote it. */
  String name(int field) {
    return field < names.length ? names[field] : CsvCdrReader.columnNumber(field);
  }
}
