package org.tfps.history;

import java.io.IOException;
import java.io.Reader;

/**
 * An RFC 4180 record reader over a character stream: fields separated by commas, records by LF or
 * CRLF, a field in double quotes may hold commas, line breaks and doubled quotes ({@code ""}).
 * Written once for every CDR format. It keeps one record at a time in its own buffer and hands out
 * fields as offsets into it (no String per field unless asked); quoted fields with doubled quotes
 * are unescaped only when read as text.
 *
 * <p>Bad input never ends the read and never costs more memory than {@link #MAX_RECORD_CHARS}: a
 * record that breaks the syntax or a limit is handed out with its {@link #error()} and the reading
 * goes on with the next line. A quoted field that runs over a line break and then breaks the syntax
 * is an unterminated quote: the next record starts on the line after the one it opened on, so one
 * stray quote costs one line, not the rest of the file.
 */
final class CsvTokenizer {

  /**
   * The longest record read, in characters. Asterisk's cdr_csv builds each record in a 1,024-byte
   * buffer and FreeSWITCH's and CGRateS's default templates write a few hundred characters; 16 KiB
   * leaves room for long custom templates while a file with no line breaks (a binary file, a
   * runaway quote) costs no more than that.
   */
  static final int MAX_RECORD_CHARS = 16 * 1024;

  /**
   * The most fields in a record. The widest layout read here has 21 columns (Asterisk with every
   * optional column); CGRateS exports with extra fields and generic files have a few dozen. 64 also
   * lets a bit mask say which fields hold doubled quotes.
   */
  static final int MAX_FIELDS = 64;

  /** Read-ahead: at least twice a record, so a record always fits after compaction. */
  private static final int BUFFER_CHARS = 4 * MAX_RECORD_CHARS;

  /** What is wrong with a record (RFC 4180 section 2, and this class's limits). */
  enum Error {
    UNTERMINATED_QUOTE,
    BAD_QUOTE,
    RECORD_TOO_LONG,
    TOO_MANY_FIELDS
  }

  private final Reader in;
  private final char[] buf = new char[BUFFER_CHARS];
  private int limit;
  private boolean eof;
  private boolean started;

  /** Where the next record starts, and its line. */
  private int nextPos;

  private long nextLine = 1;
  private boolean skipLine;
  private long blankLines;
  private long discarded;

  /** The current record: offsets of its fields relative to {@code start}. */
  private int start;

  private long line;
  private int count;
  private final int[] from = new int[MAX_FIELDS];
  private final int[] to = new int[MAX_FIELDS];
  private long escaped;
  private int newlines;
  private int multiLineField;
  private Error error;
  private int errorField;

  CsvTokenizer(Reader in) {
    this.in = in;
  }

  /**
   * Moves to the next record, skipping empty lines.
   *
   * @return false at the end of the input
   */
  boolean next() throws IOException {
    start = nextPos;
    if (!started) {
      started = true;
      if (available(0) && buf[start] == '\uFEFF') {
        start++; // a UTF-8 byte order mark, as spreadsheets write it
      }
    }
    while (true) {
      if (skipLine && !skipToNextLine()) {
        return false;
      }
      if (!available(0)) {
        nextPos = start;
        return false;
      }
      char c = buf[start];
      if (c == '\n') {
        blank(1);
        continue;
      }
      if (c == '\r' && available(1) && buf[start + 1] == '\n') {
        blank(2);
        continue;
      }
      parse();
      return true;
    }
  }

  private void blank(int chars) {
    blankLines++;
    start += chars;
    nextLine++;
  }

  /** Makes {@code buf[start + i]} readable; false when the input ends before it. */
  private boolean available(int i) throws IOException {
    while (start + i >= limit) {
      if (fill() < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads more input after {@code limit}, first moving the current record to the front of the
   * buffer when the buffer is full.
   *
   * @return how far the record moved (subtract it from absolute offsets), or -1 at the end
   */
  private int fill() throws IOException {
    if (eof) {
      return -1;
    }
    int shift = 0;
    if (limit == buf.length) {
      shift = start;
      discarded += shift;
      System.arraycopy(buf, start, buf, 0, limit - start);
      limit -= start;
      start = 0;
      if (limit == buf.length) { // cannot happen: a record is checked against MAX_RECORD_CHARS
        throw new IllegalStateException("a record filled the whole buffer");
      }
    }
    int n = in.read(buf, limit, buf.length - limit);
    while (n == 0) {
      n = in.read(buf, limit, buf.length - limit);
    }
    if (n < 0) {
      eof = true;
      return -1;
    }
    limit += n;
    return shift;
  }

  private void parse() throws IOException {
    line = nextLine;
    count = 0;
    escaped = 0;
    newlines = 0;
    multiLineField = -1;
    error = null;
    errorField = -1;
    int p = start;
    while (true) {
      if (count == MAX_FIELDS) {
        fail(Error.TOO_MANY_FIELDS, count, p);
        return;
      }
      if (p == limit) {
        int s = fill();
        if (s < 0) { // the input ends right after a comma: one last, empty field
          field(p, p);
          end(p, false);
          return;
        }
        p -= s;
      }
      int f = count;
      if (buf[p] == '"') {
        int content = ++p;
        while (true) {
          if (p == limit) {
            int s = fill();
            if (s < 0) {
              fail(Error.UNTERMINATED_QUOTE, f, p);
              return;
            }
            p -= s;
            content -= s;
          }
          if (p - start > MAX_RECORD_CHARS) {
            fail(newlines > 0 ? Error.UNTERMINATED_QUOTE : Error.RECORD_TOO_LONG, f, p);
            return;
          }
          char c = buf[p];
          if (c == '"') {
            if (p + 1 == limit) {
              int s = fill();
              if (s >= 0) {
                p -= s;
                content -= s;
              }
            }
            if (p + 1 < limit && buf[p + 1] == '"') {
              escaped |= 1L << f;
              p += 2;
              continue;
            }
            break;
          }
          if (c == '\n') {
            newlines++;
            if (multiLineField < 0) {
              multiLineField = f;
            }
          }
          p++;
        }
        field(content, p);
        p++; // the closing quote
        if (p == limit) {
          int s = fill();
          if (s < 0) {
            end(p, false);
            return;
          }
          p -= s;
        }
        char c = buf[p];
        if (c == ',') {
          p++;
          continue;
        }
        if (c == '\n') {
          end(p + 1, true);
          return;
        }
        if (c == '\r') {
          if (p + 1 == limit) {
            int s = fill();
            if (s >= 0) {
              p -= s;
            }
          }
          if (p + 1 < limit && buf[p + 1] == '\n') {
            end(p + 2, true);
            return;
          }
        }
        fail(Error.BAD_QUOTE, f, p);
        return;
      }
      int first = p;
      while (true) {
        if (p == limit) {
          int s = fill();
          if (s < 0) {
            field(first, p);
            end(p, false);
            return;
          }
          p -= s;
          first -= s;
        }
        if (p - start > MAX_RECORD_CHARS) {
          fail(Error.RECORD_TOO_LONG, f, p);
          return;
        }
        char c = buf[p];
        if (c == ',') {
          field(first, p);
          p++;
          break;
        }
        if (c == '\n') {
          field(first, p > first && buf[p - 1] == '\r' ? p - 1 : p);
          end(p + 1, true);
          return;
        }
        if (c == '"') {
          fail(Error.BAD_QUOTE, f, p);
          return;
        }
        p++;
      }
    }
  }

  private void field(int first, int end) {
    from[count] = first - start;
    to[count] = end - start;
    count++;
  }

  private void end(int next, boolean terminated) {
    nextPos = next;
    nextLine = line + newlines + (terminated ? 1 : 0);
  }

  private void fail(Error e, int field, int p) {
    if (newlines > 0) {
      // Whatever broke, a quoted field ran over a line break first: a stray quote.
      error = Error.UNTERMINATED_QUOTE;
      errorField = multiLineField;
      count = multiLineField;
      rewindToNextLine();
    } else {
      error = e;
      errorField = field;
      count = field;
      nextPos = p; // the rest of this line is skipped by the next call
      nextLine = line;
      skipLine = true;
    }
  }

  /**
   * Starts the next record on the line after this record's first line: for a record that spans
   * lines (a quoted line break) and turned out bad, so what followed the stray quote is read again.
   */
  void rewindToNextLine() {
    int p = start;
    while (buf[p] != '\n') {
      p++;
    }
    nextPos = p + 1;
    nextLine = line + 1;
    skipLine = false;
  }

  private boolean skipToNextLine() throws IOException {
    int p = start;
    while (true) {
      if (p == limit) {
        start = limit; // nothing before p is needed any more
        if (fill() < 0) {
          nextPos = start;
          skipLine = false;
          return false;
        }
        p = start;
      }
      if (buf[p] == '\n') {
        start = p + 1;
        nextLine++;
        skipLine = false;
        return true;
      }
      p++;
    }
  }

  /** The physical line (1-based) the record starts on. */
  long line() {
    return line;
  }

  /** What is wrong with the record, or null. The fields before {@link #errorField()} are read. */
  Error error() {
    return error;
  }

  /** The 0-based field where the error was found. */
  int errorField() {
    return errorField;
  }

  /** Line breaks inside the record's quoted fields. */
  int newlines() {
    return newlines;
  }

  /** The 0-based field holding the record's first quoted line break, or -1. */
  int multiLineField() {
    return multiLineField;
  }

  /** Empty lines skipped so far. */
  long blankLines() {
    return blankLines;
  }

  /** Physical lines consumed so far (the last one counted even without a line break). */
  long linesRead() {
    return Math.max(nextLine - 1, line + newlines);
  }

  /** Characters consumed so far: through the current record's end, or the skipped lines'. */
  long charsRead() {
    return discarded + (skipLine ? start : nextPos);
  }

  /** The record's fields (or, with an error, those read before it). */
  int fieldCount() {
    return count;
  }

  /** The buffer the fields are in; valid until {@link #next()}. */
  char[] buffer() {
    return buf;
  }

  /** Where field {@code i} starts in {@link #buffer()}. */
  int start(int i) {
    return start + from[i];
  }

  /** Its length as written (doubled quotes counted twice). */
  int length(int i) {
    return to[i] - from[i];
  }

  /** Whether it holds doubled quotes, so its raw characters are not its text. */
  boolean escaped(int i) {
    return (escaped & (1L << i)) != 0;
  }

  /** Field {@code i} as text, doubled quotes made single. */
  String text(int i) {
    int s = start + from[i];
    int e = start + to[i];
    if (!escaped(i)) {
      return new String(buf, s, e - s);
    }
    StringBuilder b = new StringBuilder(e - s);
    for (int p = s; p < e; p++) {
      b.append(buf[p]);
      if (buf[p] == '"') {
        p++;
      }
    }
    return b.toString();
  }

  /** Whether field {@code i} is exactly {@code s}, ASCII letters in any case. */
  boolean is(int i, String s) {
    int n = length(i);
    if (n != s.length() || escaped(i)) {
      return false;
    }
    int o = start + from[i];
    for (int k = 0; k < n; k++) {
      char a = buf[o + k];
      char b = s.charAt(k);
      if (a != b && !(Character.isLetter(b) && b < 0x80 && (a | 0x20) == (b | 0x20))) {
        return false;
      }
    }
    return true;
  }
}
