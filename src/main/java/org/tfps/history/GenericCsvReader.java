package org.tfps.history;

import java.time.Instant;
import java.time.ZoneId;

/**
 * TFPS's generic CSV (docs/cdr-import.md): a header line, then one call per line. Required columns:
 * {@code account, destination, start, duration, disposition}; optional: {@code answer, billsec,
 * caller_id, source_ip, call_id, context}; any other column is ignored. Times are ISO-8601 with an
 * offset, {@code yyyy-MM-dd HH:mm:ss} in the import's zone, or epoch seconds.
 */
final class GenericCsvReader extends CsvCdrReader {

  static final String[] REQUIRED = {"account", "destination", "start", "duration", "disposition"};

  private HeaderColumns header;
  private int account;
  private int destination;
  private int start;
  private int duration;
  private int disposition;
  private int answer;
  private int billsec;
  private int callerId;
  private int sourceIp;
  private int callId;
  private int context;
  private int minColumns;
  private int[] hashed;

  GenericCsvReader(ZoneId zone) {
    super(CdrFormat.GENERIC, zone);
  }

  @Override
  void begin() {
    header = null;
  }

  @Override
  boolean header(CsvTokenizer t) throws CdrFileException {
    HeaderColumns h = HeaderColumns.read(t, CdrFormat.GENERIC);
    long line = t.line();
    account = h.require("account", line, CdrFormat.GENERIC, REQUIRED);
    destination = h.require("destination", line, CdrFormat.GENERIC, REQUIRED);
    start = h.require("start", line, CdrFormat.GENERIC, REQUIRED);
    duration = h.require("duration", line, CdrFormat.GENERIC, REQUIRED);
    disposition = h.require("disposition", line, CdrFormat.GENERIC, REQUIRED);
    answer = h.find("answer");
    billsec = h.find("billsec");
    callerId = h.find("caller_id");
    sourceIp = h.find("source_ip");
    callId = h.find("call_id");
    context = h.find("context");
    hashed =
        new int[] {
          account,
          destination,
          start,
          duration,
          disposition,
          answer,
          billsec,
          callerId,
          sourceIp,
          context
        };
    minColumns = 0;
    for (int i : hashed) {
      minColumns = Math.max(minColumns, i + 1);
    }
    minColumns = Math.max(minColumns, callId + 1);
    header = h;
    return true;
  }

  @Override
  String columnName(int field) {
    return header == null ? columnNumber(field) : header.name(field);
  }

  @Override
  HistoricalCall call(CsvTokenizer t) throws RowError {
    fieldCount(t, minColumns, header.size());
    Instant startAt = time(t, start, true, true);
    long written = times.written();
    Instant answerAt = answer < 0 ? null : time(t, answer, false, true);
    int seconds = seconds(t, duration);
    Disposition d = Dispositions.generic(t, disposition);
    if (d == null) {
      throw new RowError(
          disposition,
          BadRow.Reason.BAD_DISPOSITION,
          "disposition is not ANSWERED, NO ANSWER (NO_ANSWER), BUSY, FAILED or CONGESTION: "
              + excerpt(t, disposition));
    }
    int billed =
        billsec >= 0 && !isBlank(t, billsec)
            ? seconds(t, billsec)
            : d == Disposition.ANSWERED ? seconds : 0;
    String id = callId < 0 ? "" : text(t, callId, MAX_ID, false);
    return new HistoricalCall(
        CdrFormat.GENERIC,
        t.line(),
        shared(t, account, MAX_ACCOUNT, true),
        text(t, destination, MAX_NUMBER, true),
        callerId < 0 ? "" : text(t, callerId, MAX_NUMBER, false),
        sourceIp < 0 ? "" : text(t, sourceIp, 45, false),
        context < 0 ? "" : shared(t, context, MAX_NUMBER, false),
        startAt,
        written,
        answerAt,
        seconds,
        billed,
        d,
        id,
        id.isEmpty() ? keys.ofFields(t, hashed) : keys.ofId("id", id));
  }
}
