package org.tfps.history;

/**
 * Where a {@link CdrReader} hands what it read, in file order, on the reading thread. An exception
 * thrown here stops the read and leaves the reader.
 */
public interface CdrSink {

  /** A record read as a call. */
  void accept(HistoricalCall call);

  /** A record skipped, with its line, column and reason. */
  void reject(BadRow row);

  /** The counts so far, every {@link CdrReader#PROGRESS_EVERY} records and once at the end. */
  default void progress(ReadCounts counts) {}
}
