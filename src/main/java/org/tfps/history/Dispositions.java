package org.tfps.history;

/**
 * The formats' words for how a call ended, mapped to {@link Disposition}: Asterisk's dispositions
 * and the Q.850 cause names FreeSWITCH writes as {@code hangup_cause} (and CGRateS as {@code
 * DisconnectCause}).
 */
final class Dispositions {

  private Dispositions() {}

  /** Asterisk's words (cdr.c {@code ast_cdr_disp2str}), or null. */
  static Disposition asterisk(CsvTokenizer t, int i) {
    if (t.is(i, "ANSWERED")) {
      return Disposition.ANSWERED;
    }
    if (t.is(i, "NO ANSWER")) {
      return Disposition.NO_ANSWER;
    }
    if (t.is(i, "BUSY")) {
      return Disposition.BUSY;
    }
    if (t.is(i, "FAILED") || t.is(i, "CONGESTION")) {
      return Disposition.FAILED;
    }
    return null;
  }

  /** TFPS's generic words: Asterisk's, and {@code NO_ANSWER}, {@code NOANSWER}; or null. */
  static Disposition generic(CsvTokenizer t, int i) {
    Disposition d = asterisk(t, i);
    if (d != null) {
      return d;
    }
    if (t.is(i, "NO_ANSWER") || t.is(i, "NOANSWER")) {
      return Disposition.NO_ANSWER;
    }
    return null;
  }

  /**
   * A Q.850 cause name (upper-case letters, digits and underscores) mapped given whether the call
   * was answered: an answered call is ANSWERED whatever cleared it; else USER_BUSY is BUSY, the
   * causes of nobody answering are NO_ANSWER and every other cause is FAILED.
   *
   * @return null when the field is not a cause name
   */
  static Disposition cause(CsvTokenizer t, int i, boolean answered) {
    int n = t.length(i);
    if (n == 0 || n > 64) {
      return null;
    }
    char[] b = t.buffer();
    int s = t.start(i);
    for (int p = s; p < s + n; p++) {
      char c = b[p];
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return null;
      }
    }
    if (answered) {
      return Disposition.ANSWERED;
    }
    if (t.is(i, "USER_BUSY")) {
      return Disposition.BUSY;
    }
    if (t.is(i, "NO_ANSWER")
        || t.is(i, "NO_USER_RESPONSE")
        || t.is(i, "ORIGINATOR_CANCEL")
        || t.is(i, "ALLOTTED_TIMEOUT")
        || t.is(i, "LOSE_RACE")
        || t.is(i, "PICKED_OFF")
        || t.is(i, "NORMAL_CLEARING")) {
      return Disposition.NO_ANSWER;
    }
    return Disposition.FAILED;
  }
}
