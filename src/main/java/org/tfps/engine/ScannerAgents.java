package org.tfps.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tfps.numbers.DataFileException;
import org.tfps.numbers.RangeTable;

/**
 * User-Agent patterns of SIP scanners (sipvicious "friendly-scanner", sipcli, ...). The file format
 * (docs/data-files.md): one pattern per line, matched case-insensitively anywhere in the
 * User-Agent; '#' starts a comment.
 */
public final class ScannerAgents {

  /** Patterns shorter than this would match ordinary agents by accident. */
  static final int MIN_PATTERN = 3;

  private final List<String> patterns;

  private ScannerAgents(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** No patterns. */
  public static ScannerAgents none() {
    return new ScannerAgents(List.of());
  }

  /** Parses the lines of a scanner file; {@code source} names it in errors. */
  public static ScannerAgents parse(String source, List<String> lines) throws DataFileException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String p = RangeTable.stripComment(lines.get(i));
      if (p.isEmpty()) {
        continue;
      }
      if (p.length() < MIN_PATTERN) {
        throw new DataFileException(
            source, i + 1, "pattern '" + p + "' is shorter than " + MIN_PATTERN + " characters");
      }
      out.add(p.toLowerCase(Locale.ROOT));
    }
    return new ScannerAgents(out);
  }

  /** The first pattern found in {@code userAgent}, or null. */
  public String match(String userAgent) {
    if (userAgent == null || userAgent.isEmpty()) {
      return null;
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    for (String p : patterns) {
      if (ua.contains(p)) {
        return p;
      }
    }
    return null;
  }

  /** Patterns loaded. */
  public int size() {
    return patterns.size();
  }
}
