package org.tfps.history;

import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What every CSV reader shares: the loop over {@link CsvTokenizer} records, the counts, the
 * progress, the bad rows (syntax errors from the tokenizer, value errors thrown as {@link RowError}
 * by the format) and the checks of values. A format says whether a first record is its header,
 * reads one record into a call and names its columns.
 */
abstract class CsvCdrReader implements CdrReader {

  /** Longest values kept, as {@code POST /v1/cdrs} keeps them (CallRecordParser). */
  static final int MAX_ACCOUNT = 255;

  static final int MAX_NUMBER = 128;
  static final int MAX_ID = 255;

  private final CdrFormat format;
  final Times times;
  final RowKeys keys;
  private final Interner interner = new Interner();

  CsvCdrReader(CdrFormat format, ZoneId zone) {
    this.format = format;
    this.times = new Times(zone);
    this.keys = new RowKeys(format);
  }

  @Override
  public final CdrFormat format() {
    return format;
  }

  @Override
  public final ReadCounts read(Reader in, CdrSink sink) throws IOException {
    CsvTokenizer t = new CsvTokenizer(in);
    begin();
    long records = 0;
    long calls = 0;
    long bad = 0;
    long headers = 0;
    boolean first = true;
    while (t.next()) {
      if (first) {
        first = false;
        if (header(t)) {
          headers++;
          continue;
        }
      }
      records++;
      if (t.error() != null) {
        bad++;
        sink.reject(syntaxError(t));
      } else {
        HistoricalCall call;
        try {
          call = call(t);
        } catch (RowError e) {
          bad++;
          sink.reject(rowError(t, e));
          call = null;
        }
        if (call != null) {
          calls++;
          sink.accept(call);
        }
      }
      if (records % PROGRESS_EVERY == 0) {
        sink.progress(
            new ReadCounts(
                records, calls, bad, headers, t.blankLines(), t.linesRead(), t.charsRead()));
      }
    }
    ReadCounts counts =
        new ReadCounts(records, calls, bad, headers, t.blankLines(), t.linesRead(), t.charsRead());
    sink.progress(counts);
    return counts;
  }

  /** Called before a read: forget what the last read learned (a header). */
  void begin() {}

  /**
   * Whether the first record of the file is a header, which the format then learns its columns
   * from. The record may have a syntax error.
   *
   * @throws CdrFileException when the format needs a header and this one will not do
   */
  abstract boolean header(CsvTokenizer t) throws CdrFileException;

  /** The record as a call. */
  abstract HistoricalCall call(CsvTokenizer t) throws RowError;

  /** The name of a 0-based field in this format (in the header's layout, once read). */
  abstract String columnName(int field);

  private BadRow syntaxError(CsvTokenizer t) {
    int f = t.errorField();
    return switch (t.error()) {
      case UNTERMINATED_QUOTE ->
          bad(
              t,
              f,
              BadRow.Reason.UNTERMINATED_QUOTE,
              "the quote that opens this field is not closed; reading again from the next line");
      case BAD_QUOTE ->
          bad(
              t,
              f,
              BadRow.Reason.BAD_QUOTE,
              "a quote inside an unquoted field, or text after a closing quote");
      case RECORD_TOO_LONG ->
          bad(
              t,
              f,
              BadRow.Reason.RECORD_TOO_LONG,
              "the record is longer than " + CsvTokenizer.MAX_RECORD_CHARS + " characters");
      case TOO_MANY_FIELDS ->
          bad(
              t,
              f,
              BadRow.Reason.TOO_MANY_COLUMNS,
              "more than " + CsvTokenizer.MAX_FIELDS + " fields");
    };
  }

  private BadRow rowError(CsvTokenizer t, RowError e) {
    if (t.newlines() > 0) {
      // A quoted line break, and the record is not a row: a stray quote swallowed the lines after
      // it. Report the line it opened on and read the following lines again, each on its own.
      int f = t.multiLineField();
      t.rewindToNextLine();
      return bad(
          t,
          f,
          BadRow.Reason.UNTERMINATED_QUOTE,
          "the quote that opens this field runs over the end of the line and the record is not a "
              + format.id()
              + " row ("
              + e.getMessage()
              + "); reading again from the next line");
    }
    return bad(t, e.field, e.reason, e.getMessage());
  }

  private BadRow bad(CsvTokenizer t, int field, BadRow.Reason reason, String detail) {
    return new BadRow(t.line(), field + 1, columnName(field), reason, detail);
  }

  /** The generic name of a column without one. */
  static String columnNumber(int field) {
    return "column " + (field + 1);
  }

  /** Fails unless the record has at least {@code min} and at most {@code max} fields. */
  final void fieldCount(CsvTokenizer t, int min, int max) throws RowError {
    int n = t.fieldCount();
    if (n < min) {
      throw new RowError(
          n,
          BadRow.Reason.MISSING_COLUMN,
          "the row has " + n + " columns, " + format.id() + " rows have at least " + min);
    }
    if (n > max) {
      throw new RowError(
          max,
          BadRow.Reason.TOO_MANY_COLUMNS,
          "the row has " + n + " columns, " + format.id() + " rows have at most " + max);
    }
  }

  /**
   * Field {@code i} as text, trimmed: at most {@code max} characters, no control character.
   *
   * @param required fail when it is empty
   */
  final String text(CsvTokenizer t, int i, int max, boolean required) throws RowError {
    char[] b = t.buffer();
    int s = trimmedStart(t, i);
    int e = trimmedEnd(t, i, s);
    if (s == e) {
      if (required) {
        throw new RowError(i, BadRow.Reason.MISSING_VALUE, columnName(i) + " is empty");
      }
      return "";
    }
    for (int p = s; p < e; p++) {
      if (b[p] < 0x20 || b[p] == 0x7f) {
        throw new RowError(
            i, BadRow.Reason.CONTROL_CHARACTER, "a control character in " + excerpt(t, i));
      }
    }
    if (t.escaped(i)) {
      String v = t.text(i).trim();
      if (v.length() > max) {
        throw tooLong(t, i, max);
      }
      return v;
    }
    if (e - s > max) {
      throw tooLong(t, i, max);
    }
    return new String(b, s, e - s);
  }

  /** As {@link #text}, the same String for the same value (accounts, contexts: few, repeated). */
  final String shared(CsvTokenizer t, int i, int max, boolean required) throws RowError {
    if (t.escaped(i)) {
      return text(t, i, max, required);
    }
    int s = trimmedStart(t, i);
    int e = trimmedEnd(t, i, s);
    if (s == e) {
      return text(t, i, max, required);
    }
    String known = interner.get(t.buffer(), s, e);
    return known != null ? known : interner.put(text(t, i, max, required));
  }

  /** Where field {@code i} starts in the tokenizer's buffer, leading spaces left out. */
  private static int trimmedStart(CsvTokenizer t, int i) {
    char[] b = t.buffer();
    int s = t.start(i);
    int e = s + t.length(i);
    while (s < e && b[s] == ' ') {
      s++;
    }
    return s;
  }

  /** Where field {@code i} ends (exclusive), trailing spaces left out; never before {@code s}. */
  private static int trimmedEnd(CsvTokenizer t, int i, int s) {
    char[] b = t.buffer();
    int e = t.start(i) + t.length(i);
    while (e > s && b[e - 1] == ' ') {
      e--;
    }
    return e;
  }

  private RowError tooLong(CsvTokenizer t, int i, int max) {
    return new RowError(
        i,
        BadRow.Reason.VALUE_TOO_LONG,
        columnName(i) + " is longer than " + max + " characters: " + excerpt(t, i));
  }

  /** Field {@code i} as whole seconds, 0 to 999,999,999. */
  final int seconds(CsvTokenizer t, int i) throws RowError {
    char[] b = t.buffer();
    int s = t.start(i);
    int e = s + t.length(i);
    while (s < e && b[s] == ' ') {
      s++;
    }
    while (e > s && b[e - 1] == ' ') {
      e--;
    }
    if (s == e) {
      throw new RowError(i, BadRow.Reason.MISSING_VALUE, columnName(i) + " is empty");
    }
    if (e - s > 9) {
      throw notSeconds(t, i);
    }
    int v = 0;
    for (int p = s; p < e; p++) {
      char c = b[p];
      if (c < '0' || c > '9') {
        throw notSeconds(t, i);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private RowError notSeconds(CsvTokenizer t, int i) {
    return new RowError(
        i,
        BadRow.Reason.BAD_NUMBER,
        columnName(i) + " is not whole seconds (0 to 999999999): " + excerpt(t, i));
  }

  /**
   * Field {@code i} as a time: {@code yyyy-MM-dd HH:mm:ss} in the import's zone, or with an offset;
   * epoch seconds when allowed.
   *
   * @param required fail when it is empty, else empty is null
   */
  final Instant time(CsvTokenizer t, int i, boolean required, boolean epochAllowed)
      throws RowError {
    if (isBlank(t, i)) {
      if (required) {
        throw new RowError(i, BadRow.Reason.MISSING_VALUE, columnName(i) + " is empty");
      }
      return null;
    }
    long v = times.parse(t.buffer(), t.start(i), t.length(i), epochAllowed);
    if (v == Times.NOT_A_TIME) {
      throw new RowError(
          i,
          BadRow.Reason.BAD_TIME,
          columnName(i)
              + " is not a time (yyyy-MM-dd HH:mm:ss"
              + (epochAllowed ? ", ISO-8601 or epoch seconds" : "")
              + "): "
              + excerpt(t, i));
    }
    return Instant.ofEpochSecond(v);
  }

  static boolean isBlank(CsvTokenizer t, int i) {
    char[] b = t.buffer();
    int s = t.start(i);
    for (int p = s; p < s + t.length(i); p++) {
      if (b[p] != ' ') {
        return false;
      }
    }
    return true;
  }

  static String excerpt(CsvTokenizer t, int i) {
    int n = t.length(i);
    String v = new String(t.buffer(), t.start(i), Math.min(n, BadRow.MAX_EXCERPT + 1));
    return BadRow.excerpt(v, n);
  }

  /** A few hundred recent values, so repeated ones (accounts, contexts) are one String each. */
  private static final class Interner {
    private final String[] slots = new String[512];

    String get(char[] b, int s, int e) {
      String v = slots[hash(b, s, e) & (slots.length - 1)];
      if (v == null || v.length() != e - s) {
        return null;
      }
      for (int p = s; p < e; p++) {
        if (v.charAt(p - s) != b[p]) {
          return null;
        }
      }
      return v;
    }

    String put(String v) {
      int h = 0;
      for (int i = 0; i < v.length(); i++) {
        h = 31 * h + v.charAt(i);
      }
      slots[h & (slots.length - 1)] = v;
      return v;
    }

    private static int hash(char[] b, int s, int e) {
      int h = 0;
      for (int p = s; p < e; p++) {
        h = 31 * h + b[p];
      }
      return h;
    }
  }
}
