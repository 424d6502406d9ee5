package org.tfps.history;

/**
 * A record of a CDR file that could not be read as a call, reported and skipped.
 *
 * @param line the physical line (1-based) the record starts on
 * @param column the 1-based field index where it went wrong
 * @param columnName that column's name in the format ("start", "billsec"...), or {@code column N}
 * @param reason what was wrong
 * @param detail a human sentence with an excerpt of the bad value (at most {@link #MAX_EXCERPT}
 *     characters of it, control characters escaped)
 */
public record BadRow(long line, int column, String columnName, Reason reason, String detail) {

  /** Longest excerpt of a bad value quoted in a detail: enough to recognise it in the file. */
  public static final int MAX_EXCERPT = 40;

  /** Why a record was skipped. */
  public enum Reason {
    /** A quoted field not closed on its line (the rest of the file is read from the next line). */
    UNTERMINATED_QUOTE,
    /** A quote inside an unquoted field, or text after a closing quote (RFC 4180 section 2). */
    BAD_QUOTE,
    /** The record is longer than {@link CsvTokenizer#MAX_RECORD_CHARS}. */
    RECORD_TOO_LONG,
    /** The record has more fields than {@link CsvTokenizer#MAX_FIELDS} or than its format. */
    TOO_MANY_COLUMNS,
    /** The record has fewer fields than its format needs. */
    MISSING_COLUMN,
    /** A required value (account, destination, start...) is empty. */
    MISSING_VALUE,
    /** A time that is not in the format's time syntax, or not a real date. */
    BAD_TIME,
    /** A count of seconds that is not a whole number of 0 or more (or is too large). */
    BAD_NUMBER,
    /** A disposition or hang-up cause the format does not have. */
    BAD_DISPOSITION,
    /** A value longer than TFPS keeps for that field. */
    VALUE_TOO_LONG,
    /** A control character in a value TFPS keeps. */
    CONTROL_CHARACTER,
    /** A record that is not a voice call (a CGRateS ToR other than *voice). */
    NOT_A_CALL
  }

  /** The value quoted for a detail: at most {@link #MAX_EXCERPT} characters, escaped. */
  static String excerpt(CharSequence value) {
    return excerpt(value, value.length());
  }

  /**
   * As {@link #excerpt(CharSequence)}, of a value {@code length} long that begins with {@code
   * value}.
   */
  static String excerpt(CharSequence value, int length) {
    StringBuilder b = new StringBuilder(MAX_EXCERPT + 8).append('"');
    int n = Math.min(value.length(), MAX_EXCERPT);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
    if (length > MAX_EXCERPT) {
      b.append("... (").append(length).append(" characters)");
    }
    return b.toString();
  }
}
