package org.tfps.history;

import java.io.IOException;

/**
 * A CDR file that cannot be read at all: its format is not recognised, or its header lacks a column
 * the format requires. Bad rows are never this: they are reported one by one.
 */
public final class CdrFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long line;

  CdrFileException(long line, String message) {
    super("line " + line + ": " + message);
    this.line = line;
  }

  /** The line (1-based) the problem was found on. */
  public long line() {
    return line;
  }
}
