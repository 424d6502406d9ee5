package org.tfps.history;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Asterisk's {@code Master.csv} (cdr_csv): no header; 16 columns, then, as cdr.conf's {@code [csv]}
 * section turns them on, {@code uniqueid} (loguniqueid), {@code userfield} (loguserfield) and
 * {@code peeraccount, linkedid, sequence} (newcdrcolumns), in that order. Times are local ({@code
 * usegmtime=no}, the default) or UTC: the import's zone says which. docs/cdr-import.md.
 */
final class AsteriskReader extends CsvCdrReader {

  static final String[] BASE = {
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp",
    "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags"
  };

  /**
   * The fields that make a record without an id itself, hashed for its key: who, where, when, how
   * long, how it ended and its channels (unique per call); not clid, lastapp, lastdata, amaflags.
   */
  private static final int[] HASHED = {0, 1, 2, 3, 5, 6, 9, 10, 11, 12, 13, 14};

  static final int MIN_COLUMNS = 16;
  static final int MAX_COLUMNS = 21;

  // The optional columns of the current row (0-based), -1 when it has none.
  private int uniqueId = 16;
  private int userField = 17;
  private int sequence = 20;

  AsteriskReader(ZoneId zone) {
    super(CdrFormat.ASTERISK, zone);
  }

  @Override
  boolean header(CsvTokenizer t) {
    return false;
  }

  @Override
  String columnName(int field) {
    if (field < BASE.length) {
      return BASE[field];
    }
    if (field == uniqueId) {
      return "uniqueid";
    }
    if (field == userField) {
      return "userfield";
    }
    if (sequence > 0 && field >= sequence - 2 && field <= sequence) {
      return new String[] {"peeraccount", "linkedid", "sequence"}[field - sequence + 2];
    }
    return columnNumber(field);
  }

  @Override
  HistoricalCall call(CsvTokenizer t) throws RowError {
    layout(t);
    fieldCount(t, MIN_COLUMNS, MAX_COLUMNS);
    String account = shared(t, 0, MAX_ACCOUNT, false);
    if (account.isEmpty()) {
      account = peer(text(t, 5, MAX_ACCOUNT, false));
      if (account.isEmpty()) {
        throw new RowError(
            0, BadRow.Reason.MISSING_VALUE, "accountcode is empty and channel names no peer");
      }
    }
    String destination = text(t, 2, MAX_NUMBER, true);
    String callerId = text(t, 1, MAX_NUMBER, false);
    String context = shared(t, 3, MAX_NUMBER, false);
    Instant start = time(t, 9, true, false);
    long written = times.written();
    Instant answer = time(t, 10, false, false);
    time(t, 11, false, false); // end: not kept, but a broken one makes the row suspect
    int duration = seconds(t, 12);
    int billsec = seconds(t, 13);
    Disposition disposition = Dispositions.asterisk(t, 14);
    if (disposition == null) {
      throw new RowError(
          14,
          BadRow.Reason.BAD_DISPOSITION,
          "disposition is not ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION: " + excerpt(t, 14));
    }
    String callId = uniqueId >= 0 ? text(t, uniqueId, MAX_ID, false) : "";
    String key;
    if (sequence >= 0 && !callId.isEmpty()) {
      seconds(t, sequence);
      key = keys.ofId("uid", callId + "/" + text(t, sequence, 10, true));
    } else {
      // Asterisk 12+ may write several records with one uniqueid (one per party): without the
      // sequence, only the whole row tells them apart.
      key = keys.ofFields(t, HASHED);
    }
    return new HistoricalCall(
        CdrFormat.ASTERISK,
        t.line(),
        account,
        destination,
        callerId,
        "",
        context,
        start,
        written,
        answer,
        duration,
        billsec,
        disposition,
        callId,
        key);
  }

  /** Which optional columns a row of this many fields has (docs/cdr-import.md). */
  private void layout(CsvTokenizer t) {
    int n = t.fieldCount();
    uniqueId = -1;
    userField = -1;
    sequence = -1;
    switch (n) {
      case 17 -> {
        if (looksLikeUniqueId(t, 16)) {
          uniqueId = 16;
        } else {
          userField = 16;
        }
      }
      case 18 -> {
        uniqueId = 16;
        userField = 17;
      }
      case 19 -> sequence = 18;
      case 20 -> {
        if (looksLikeUniqueId(t, 16)) {
          uniqueId = 16;
        } else {
          userField = 16;
        }
        sequence = 19;
      }
      case 21 -> {
        uniqueId = 16;
        userField = 17;
        sequence = 20;
      }
      default -> {
        if (n > 21) {
          uniqueId = 16;
          userField = 17;
          sequence = 20;
        }
      }
    }
  }

  /** An Asterisk uniqueid: {@code [systemname-]epoch.sequence}. */
  static boolean looksLikeUniqueId(CsvTokenizer t, int i) {
    char[] b = t.buffer();
    int s = t.start(i);
    int e = s + t.length(i);
    int dot = -1;
    int p = e - 1;
    while (p >= s && (b[p] >= '0' && b[p] <= '9' || b[p] == '.')) {
      if (b[p] == '.') {
        if (dot >= 0) {
          return false;
        }
        dot = p;
      }
      p--;
    }
    boolean prefixOk = p < s || b[p] == '-';
    return prefixOk && dot > p + 1 && dot < e - 1;
  }

  /** The peer of a channel name: {@code PJSIP/201-0000002a} is {@code 201}. */
  static String peer(String channel) {
    int slash = channel.indexOf('/');
    if (slash < 0) {
      return "";
    }
    int dash = channel.lastIndexOf('-');
    return dash > slash + 1 ? channel.substring(slash + 1, dash) : channel.substring(slash + 1);
  }
}
