package org.tfps.history;

import java.io.IOException;
import java.io.StringReader;
import java.time.ZoneId;

/** Reads text with one format's reader, for tests. */
final class Reading {
  static final ZoneId LONDON = ZoneId.of("Europe/London");

  private Reading() {}

  static Collected read(CdrFormat format, ZoneId zone, String text) throws IOException {
    Collected got = new Collected();
    ReadCounts counts = CdrReaders.of(format, zone).read(new StringReader(text), got);
    if (counts.records() != counts.calls() + counts.badRows()
        || counts.calls() != got.calls.size()
        || counts.badRows() != got.bad.size()) {
      throw new AssertionError("counts do not add up: " + counts);
    }
    return got;
  }

  static Collected read(CdrFormat format, String text) throws IOException {
    return read(format, LONDON, text);
  }

  static HistoricalCall one(CdrFormat format, String text) throws IOException {
    Collected got = read(format, text);
    if (got.calls.size() != 1 || !got.bad.isEmpty()) {
      throw new AssertionError("expected one call, got " + got.calls + " and " + got.bad);
    }
    return got.calls.get(0);
  }

  static BadRow bad(CdrFormat format, String text) throws IOException {
    Collected got = read(format, text);
    if (got.bad.size() != 1 || !got.calls.isEmpty()) {
      throw new AssertionError("expected one bad row, got " + got.calls + " and " + got.bad);
    }
    return got.bad.get(0);
  }
}
