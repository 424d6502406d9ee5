package org.tfps.history;

/**
 * A row that cannot be read, thrown inside a reader and turned into a {@link BadRow}. Carries no
 * stack trace, so rejecting a row costs no more than building its message.
 */
final class RowError extends Exception {
  private static final long serialVersionUID = 1L;

  final int field;
  final BadRow.Reason reason;

  /**
   * @param field the 0-based field
   */
  RowError(int field, BadRow.Reason reason, String detail) {
    super(detail, null, false, false);
    this.field = field;
    this.reason = reason;
  }
}
