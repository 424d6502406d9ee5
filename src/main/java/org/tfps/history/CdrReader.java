package org.tfps.history;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads one CDR format from a character stream, record by record, without holding more than one
 * record ({@link CsvTokenizer#MAX_RECORD_CHARS}) in memory. Not thread-safe: one read at a time.
 * Implementations: {@link CdrReaders#of}.
 */
public interface CdrReader {

  /** How often {@link CdrSink#progress} is called, in records. */
  int PROGRESS_EVERY = 1 << 16;

  /** The format this reader reads. */
  CdrFormat format();

  /**
   * Reads every record of {@code in} to its end: each call to {@link CdrSink#accept}, each bad row
   * to {@link CdrSink#reject} (then the read goes on with the next record).
   *
   * @return the counts; {@code records == calls + badRows}
   * @throws IOException when {@code in} fails, or {@link CdrFileException} when the file as a whole
   *     cannot be read in this format (a header without a required column)
   */
  ReadCounts read(Reader in, CdrSink sink) throws IOException;
}
