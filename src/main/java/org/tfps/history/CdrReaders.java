package org.tfps.history;

import java.io.BufferedReader;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * The readers of each {@link CdrFormat}, and the recognition of a file's format from its first
 * records (docs/cdr-import.md, "Recognising the format").
 */
public final class CdrReaders {

  /** How much of a file is looked at to recognise its format: several records of any format. */
  static final int DETECT_CHARS = 4 * CsvTokenizer.MAX_RECORD_CHARS;

  /** How many records are tried: a file may begin with bad rows. */
  static final int DETECT_RECORDS = 20;

  private static final int READ_BUFFER_CHARS = 64 * 1024;

  private CdrReaders() {}

  /**
   * A reader of {@code format}.
   *
   * @param zone the zone of the file's local times (the softswitch's zone; UTC for Asterisk's
   *     {@code usegmtime=yes})
   */
  public static CdrReader of(CdrFormat format, ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return switch (format) {
      case ASTERISK -> new AsteriskReader(zone);
      case FREESWITCH -> new FreeSwitchReader(zone);
      case CGRATES -> new CgratesReader(zone);
      case GENERIC -> new GenericCsvReader(zone);
    };
  }

  /**
   * Reads a whole file: UTF-8 (bytes that are not UTF-8 become U+FFFD), its format given or, when
   * {@code format} is null, recognised from its first records. {@code in} is not closed.
   *
   * @throws CdrFileException when the format is not given and not recognised, or the file's header
   *     will not do
   */
  public static ReadCounts read(InputStream in, CdrFormat format, ZoneId zone, CdrSink sink)
      throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), READ_BUFFER_CHARS);
    CdrFormat f = format != null ? format : detect(r);
    return of(f, zone).read(r, sink);
  }

  /**
   * The format of the file {@code in} reads, from its first records; {@code in} is left where it
   * was (it must support {@code mark}).
   *
   * @throws CdrFileException naming the formats when none matches
   */
  public static CdrFormat detect(Reader in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("detect needs a Reader that supports mark");
    }
    in.mark(DETECT_CHARS + 1);
    char[] head = new char[DETECT_CHARS];
    int n = 0;
    int r;
    while (n < head.length && (r = in.read(head, n, head.length - n)) > 0) {
      n += r;
    }
    in.reset();
    CsvTokenizer t = new CsvTokenizer(new CharArrayReader(head, 0, n));
    for (int tried = 0; tried < DETECT_RECORDS && t.next(); tried++) {
      if (t.error() == null) {
        CdrFormat f = formatOf(t);
        if (f != null) {
          return f;
        }
      }
    }
    throw new CdrFileException(
        1,
        "not a CDR format TFPS recognises (asterisk Master.csv, freeswitch cdr_csv, cgrates"
            + " export, generic CSV with a header): give the format");
  }

  /** The format one record looks like, or null. */
  static CdrFormat formatOf(CsvTokenizer t) {
    int n = t.fieldCount();
    boolean generic = true;
    for (String name : GenericCsvReader.REQUIRED) {
      generic &= has(t, name);
    }
    if (generic) {
      return CdrFormat.GENERIC;
    }
    if (has(t, "CGRID") && has(t, "SetupTime")) {
      return CdrFormat.CGRATES;
    }
    if (n >= AsteriskReader.MIN_COLUMNS
        && n <= AsteriskReader.MAX_COLUMNS
        && localTime(t, 9)
        && isSeconds(t, 12)
        && Dispositions.asterisk(t, 14) != null) { // not cdr_custom's order (amaflags there)
      return CdrFormat.ASTERISK;
    }
    if (n == CgratesReader.DEFAULT.length
        && t.length(2) > 1
        && t.buffer()[t.start(2)] == '*'
        && time(t, 10)) {
      return CdrFormat.CGRATES;
    }
    if (n >= FreeSwitchReader.MIN_COLUMNS
        && n <= FreeSwitchReader.COLUMNS.length
        && localTime(t, 4)
        && isSeconds(t, 7)) {
      return CdrFormat.FREESWITCH;
    }
    return null;
  }

  private static boolean has(CsvTokenizer t, String name) {
    for (int i = 0; i < t.fieldCount(); i++) {
      if (t.text(i).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static boolean localTime(CsvTokenizer t, int i) {
    return new Times(ZoneId.of("UTC")).parse(t.buffer(), t.start(i), t.length(i), false)
            != Times.NOT_A_TIME
        && t.length(i) == 19;
  }

  private static boolean time(CsvTokenizer t, int i) {
    return new Times(ZoneId.of("UTC")).parse(t.buffer(), t.start(i), t.length(i), false)
        != Times.NOT_A_TIME;
  }

  private static boolean isSeconds(CsvTokenizer t, int i) {
    int n = t.length(i);
    if (n == 0 || n > 9) {
      return false;
    }
    for (int p = t.start(i); p < t.start(i) + n; p++) {
      if (t.buffer()[p] < '0' || t.buffer()[p] > '9') {
        return false;
      }
    }
    return true;
  }
}
