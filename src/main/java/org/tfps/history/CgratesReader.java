package org.tfps.history;

import java.time.Instant;
import java.time.ZoneId;

/**
 * CGRateS's CDR export to CSV ({@code *file_csv}) with its {@code *default} template: {@code CGRID,
 * RunID, ToR, OriginID, RequestType, Tenant, Category, Account, Subject, Destination, SetupTime,
 * AnswerTime, Usage, Cost}, no header; or any template with a header line naming at least {@code
 * CGRID, Account, Destination, SetupTime, Usage} (then also read: {@code ToR, OriginID, AnswerTime,
 * DisconnectCause}). docs/cdr-import.md.
 */
final class CgratesReader extends CsvCdrReader {

  static final String[] DEFAULT = {
    "CGRID",
    "RunID",
    "ToR",
    "OriginID",
    "RequestType",
    "Tenant",
    "Category",
    "Account",
    "Subject",
    "Destination",
    "SetupTime",
    "AnswerTime",
    "Usage",
    "Cost"
  };

  static final String[] REQUIRED = {"CGRID", "Account", "Destination", "SetupTime", "Usage"};

  /** Go's zero time, which CGRateS writes for a call never answered: 0001-01-01T00:00:00Z. */
  private static final long ZERO_TIME = -62_135_596_800L;

  private HeaderColumns header;
  private int cgrid;
  private int tor;
  private int originId;
  private int account;
  private int destination;
  private int setup;
  private int answer;
  private int usage;
  private int cause;
  private int minColumns;
  private int maxColumns;

  CgratesReader(ZoneId zone) {
    super(CdrFormat.CGRATES, zone);
  }

  @Override
  void begin() {
    header = null;
    cgrid = 0;
    tor = 2;
    originId = 3;
    account = 7;
    destination = 9;
    setup = 10;
    answer = 11;
    usage = 12;
    cause = -1;
    minColumns = 13; // Cost is not read
    maxColumns = DEFAULT.length;
  }

  @Override
  boolean header(CsvTokenizer t) throws CdrFileException {
    boolean named = false;
    for (int i = 0; i < t.fieldCount() && !named; i++) {
      named = t.is(i, "CGRID");
    }
    if (!named) {
      return false;
    }
    HeaderColumns h = HeaderColumns.read(t, CdrFormat.CGRATES);
    long line = t.line();
    cgrid = h.require("CGRID", line, CdrFormat.CGRATES, REQUIRED);
    account = h.require("Account", line, CdrFormat.CGRATES, REQUIRED);
    destination = h.require("Destination", line, CdrFormat.CGRATES, REQUIRED);
    setup = h.require("SetupTime", line, CdrFormat.CGRATES, REQUIRED);
    usage = h.require("Usage", line, CdrFormat.CGRATES, REQUIRED);
    tor = h.find("ToR");
    originId = h.find("OriginID");
    answer = h.find("AnswerTime");
    cause = h.find("DisconnectCause");
    minColumns = 0;
    for (int i :
        new int[] {cgrid, account, destination, setup, usage, tor, originId, answer, cause}) {
      minColumns = Math.max(minColumns, i + 1);
    }
    maxColumns = h.size();
    header = h;
    return true;
  }

  @Override
  String columnName(int field) {
    if (header != null) {
      return header.name(field);
    }
    return field < DEFAULT.length ? DEFAULT[field] : columnNumber(field);
  }

  @Override
  HistoricalCall call(CsvTokenizer t) throws RowError {
    fieldCount(t, minColumns, maxColumns);
    if (tor >= 0 && !isBlank(t, tor) && !t.is(tor, "*voice")) {
      throw new RowError(tor, BadRow.Reason.NOT_A_CALL, "ToR is not *voice: " + excerpt(t, tor));
    }
    String id = text(t, cgrid, MAX_ID, true);
    Instant start = time(t, setup, true, true);
    long written = times.written();
    if (start.getEpochSecond() <= ZERO_TIME) {
      throw new RowError(setup, BadRow.Reason.MISSING_VALUE, "SetupTime is Go's zero time");
    }
    Instant answered = answer < 0 ? null : time(t, answer, false, true);
    if (answered != null && answered.getEpochSecond() <= ZERO_TIME) {
      answered = null;
    }
    int billed = usage(t, usage);
    Disposition d = null;
    if (cause >= 0 && !isBlank(t, cause)) {
      d = Dispositions.cause(t, cause, answered != null || billed > 0);
      if (d == null) {
        throw new RowError(
            cause,
            BadRow.Reason.BAD_DISPOSITION,
            "DisconnectCause is not a Q.850 cause name: " + excerpt(t, cause));
      }
    } else {
      d = answered != null || billed > 0 ? Disposition.ANSWERED : Disposition.NO_ANSWER;
    }
    long ringing =
        answered == null ? 0 : Math.max(0, answered.getEpochSecond() - start.getEpochSecond());
    int duration = (int) Math.min(999_999_999L, billed + ringing);
    return new HistoricalCall(
        CdrFormat.CGRATES,
        t.line(),
        shared(t, account, MAX_ACCOUNT, true),
        text(t, destination, MAX_NUMBER, true),
        "",
        "",
        "",
        start,
        written,
        answered,
        duration,
        billed,
        d,
        originId < 0 ? "" : text(t, originId, MAX_ID, false),
        keys.ofId("cgrid", id));
  }

  /**
   * Usage in whole seconds (rounded): a Go duration ({@code 1m30s}, {@code 90s}, {@code 1.5s},
   * {@code 250ms}), decimal seconds, or an integer: seconds, or nanoseconds from 10 digits up (no
   * call lasts 31 years; CGRateS stores nanoseconds).
   */
  private int usage(CsvTokenizer t, int i) throws RowError {
    String v = text(t, i, 40, true);
    double seconds;
    try {
      seconds = parseUsage(v);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (!(seconds >= 0) || seconds > 999_999_999) {
      throw new RowError(
          i,
          BadRow.Reason.BAD_NUMBER,
          "Usage is not a duration (90, 90.5, 1m30s, 90000000000 ns): " + excerpt(t, i));
    }
    return (int) Math.round(seconds);
  }

  static double parseUsage(String v) {
    boolean digits = !v.isEmpty();
    boolean decimal = !v.isEmpty();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      digits &= c >= '0' && c <= '9';
      decimal &= (c >= '0' && c <= '9') || c == '.';
    }
    if (digits) {
      if (v.length() > 18) {
        return -1;
      }
      long n = Long.parseLong(v);
      return v.length() >= 10 ? n / 1e9 : n;
    }
    if (decimal) {
      return Double.parseDouble(v);
    }
    double total = 0;
    int p = 0;
    while (p < v.length()) {
      int q = p;
      while (q < v.length() && (Character.isDigit(v.charAt(q)) || v.charAt(q) == '.')) {
        q++;
      }
      if (q == p) {
        return -1;
      }
      double n = Double.parseDouble(v.substring(p, q));
      int u = q;
      while (u < v.length() && !Character.isDigit(v.charAt(u)) && v.charAt(u) != '.') {
        u++;
      }
      double unit =
          switch (v.substring(q, u)) {
            case "h" -> 3600;
            case "m" -> 60;
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us", "\u00b5s" -> 1e-6;
            case "ns" -> 1e-9;
            default -> -1;
          };
      if (unit < 0) {
        return -1;
      }
      total += n * unit;
      p = u;
    }
    return total;
  }
}
