package org.tfps.history;

/**
 * What a read went through. Every record is either a call or a bad row: {@code records == calls +
 * badRows}; header and blank lines are not records.
 *
 * @param records records delimited (a record may span lines only inside quotes)
 * @param calls records handed on as calls
 * @param badRows records reported and skipped
 * @param headerLines header lines read (0 or 1)
 * @param blankLines empty lines skipped
 * @param lines physical lines consumed so far
 * @param chars characters consumed so far (for a progress bar: bytes, in an ASCII file)
 */
public record ReadCounts(
    long records,
    long calls,
    long badRows,
    long headerLines,
    long blankLines,
    long lines,
    long chars) {}
