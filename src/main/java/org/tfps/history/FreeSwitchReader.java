package org.tfps.history;

import java.time.Instant;
import java.time.ZoneId;

/**
 * FreeSWITCH mod_cdr_csv with the template cdr_csv.conf.xml ships as {@code default-template}
 * ("example"): no header, 15 columns; the last two (codecs) may be left out, as the older 13-column
 * templates do. Stamps are local times of the switch. docs/cdr-import.md.
 */
final class FreeSwitchReader extends CsvCdrReader {

  static final String[] COLUMNS = {
    "caller_id_name",
    "caller_id_number",
    "destination_number",
    "context",
    "start_stamp",
    "answer_stamp",
    "end_stamp",
    "duration",
    "billsec",
    "hangup_cause",
    "uuid",
    "bleg_uuid",
    "accountcode",
    "read_codec",
    "write_codec"
  };

  static final int MIN_COLUMNS = 13;

  private static final int[] HASHED = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

  FreeSwitchReader(ZoneId zone) {
    super(CdrFormat.FREESWITCH, zone);
  }

  @Override
  boolean header(CsvTokenizer t) {
    return false;
  }

  @Override
  String columnName(int field) {
    return field < COLUMNS.length ? COLUMNS[field] : columnNumber(field);
  }

  @Override
  HistoricalCall call(CsvTokenizer t) throws RowError {
    fieldCount(t, MIN_COLUMNS, COLUMNS.length);
    String callerId = text(t, 1, MAX_NUMBER, false);
    String account = shared(t, 12, MAX_ACCOUNT, false);
    if (account.isEmpty()) {
      account = callerId;
      if (account.isEmpty()) {
        throw new RowError(
            12, BadRow.Reason.MISSING_VALUE, "accountcode and caller_id_number are empty");
      }
    }
    String destination = text(t, 2, MAX_NUMBER, true);
    String context = shared(t, 3, MAX_NUMBER, false);
    Instant start = time(t, 4, true, false);
    long written = times.written();
    Instant answer = time(t, 5, false, false);
    time(t, 6, false, false);
    int duration = seconds(t, 7);
    int billsec = seconds(t, 8);
    Disposition disposition = Dispositions.cause(t, 9, answer != null || billsec > 0);
    if (disposition == null) {
      throw new RowError(
          9,
          BadRow.Reason.BAD_DISPOSITION,
          "hangup_cause is not a Q.850 cause name (NORMAL_CLEARING, USER_BUSY...): "
              + excerpt(t, 9));
    }
    String uuid = text(t, 10, MAX_ID, false);
    String key = uuid.isEmpty() ? keys.ofFields(t, HASHED) : keys.ofId("uuid", uuid);
    return new HistoricalCall(
        CdrFormat.FREESWITCH,
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
        uuid,
        key);
  }
}
