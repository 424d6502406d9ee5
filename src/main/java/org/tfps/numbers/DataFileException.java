package org.tfps.numbers;

/** A data file line that cannot be used; the message names the source, the line and why. */
public final class DataFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public DataFileException(String source, int line, String problem) {
    super(source + ":" + line + ": " + problem);
  }
}
