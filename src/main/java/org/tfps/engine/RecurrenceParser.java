package org.tfps.engine;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Pattern;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.Duration;
import org.dmfs.rfc5545.RecurrenceSet;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recurrenceset.Difference;
import org.dmfs.rfc5545.recurrenceset.OfList;
import org.dmfs.rfc5545.recurrenceset.OfRule;
import org.dmfs.rfc5545.recurrenceset.OfRuleAndFirst;

/**
 * Turns one business-hours spec into a {@link Recurrence}. Both forms end up as a lib-recur {@link
 * RecurrenceRule} (RFC 5545 strict mode) and a start; this class only splits fields and checks them
 * so that an error names the field. docs/business-hours.md is the operator's view of the same.
 */
final class RecurrenceParser {

  /** The TFPS v2 / OpenSIPS {@code check_time_rec} fields, in order (tz may be left out). */
  private static final List<String> FIELDS =
      List.of(
          "tz",
          "dtstart",
          "dtend",
          "duration",
          "freq",
          "until",
          "interval",
          "byday",
          "bymonthday",
          "byyearday",
          "byweekno",
          "bymonth");

  /** OpenSIPS accepts these four frequencies only (time_rec.c, tr_parse_freq). */
  private static final Set<String> TMREC_FREQS = Set.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY");

  /** An occurrence shorter than a minute recurring every second or minute is not business hours. */
  private static final Set<String> TOO_FINE = Set.of("SECONDLY", "MINUTELY");

  private static final Pattern WEEKDAY =
      Pattern.compile("[+-]?\\d{0,2}(MO|TU|WE|TH|FR|SA|SU)", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d{1,3}");
  private static final Pattern INTERVAL = Pattern.compile("\\d{1,4}");
  private static final Pattern TMREC_DURATION =
      Pattern.compile("(\\d+H)?(\\d+M)?(\\d+S)?", Pattern.CASE_INSENSITIVE);

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

  private static final long DAY = 86_400;

  private RecurrenceParser() {}

  /** Parses a stripped, non-empty spec: '|' makes it the tmrec form, else RFC 5545 lines. */
  static Recurrence parse(String spec, ZoneId defaultZone) {
    return spec.indexOf('|') >= 0 ? tmrec(spec, defaultZone) : rfc5545(spec, defaultZone);
  }

  // ---- form 1: tz|dtstart|dtend|duration|freq|until|interval|byday|bymonthday|... ----

  private static Recurrence tmrec(String spec, ZoneId defaultZone) {
    List<String> values = new ArrayList<>(List.of(spec.split("\\|", -1)));
    if (!values.get(0).isEmpty() && Character.isDigit(values.get(0).charAt(0))) {
      values.add(0, ""); // OpenSIPS: the tz field may be left out when dtstart comes first
    }
    if (values.size() > FIELDS.size()) {
      throw new IllegalArgumentException(
          "too many '|' fields ("
              + values.size()
              + "): the form is tz|dtstart|dtend|duration|freq|until|interval|byday|bymonthday"
              + "|byyearday|byweekno|bymonth");
    }
    Map<String, String> f = new HashMap<>();
    for (int i = 0; i < FIELDS.size(); i++) {
      f.put(FIELDS.get(i), i < values.size() ? values.get(i).strip() : "");
    }
    ZoneId zone = f.get("tz").isEmpty() ? defaultZone : zone("tz", f.get("tz"));
    if (f.get("dtstart").isEmpty()) {
      throw new IllegalArgumentException("dtstart is missing (YYYYMMDDTHHMMSS, local time)");
    }
    LocalDateTime start = localDateTime("dtstart", f.get("dtstart"));
    LocalDateTime end = f.get("dtend").isEmpty() ? null : localDateTime("dtend", f.get("dtend"));
    String duration = f.get("duration");
    if (end == null && duration.isEmpty()) {
      throw new IllegalArgumentException(
          "dtend or duration is needed (the end, or the length, of each interval)");
    }
    if (end != null && !duration.isEmpty()) {
      throw new IllegalArgumentException(
          "give dtend or duration, not both (dtend '"
              + f.get("dtend")
              + "', duration '"
              + duration
              + "')");
    }
    String freq = f.get("freq").toUpperCase(Locale.ROOT);
    if (!freq.isEmpty() && !TMREC_FREQS.contains(freq)) {
      throw new IllegalArgumentException(
          "freq '" + f.get("freq") + "' is not one of daily, weekly, monthly, yearly");
    }
    if (freq.isEmpty()) {
      for (String field : FIELDS.subList(5, FIELDS.size())) {
        if (!f.get(field).isEmpty()) {
          throw new IllegalArgumentException(
              field + " '" + f.get(field) + "' needs a freq (daily, weekly, monthly, yearly)");
        }
      }
    }

    long wall = 0;
    long exact = 0;
    long hardEnd = Long.MAX_VALUE;
    LocalDateTime until = null; // last start allowed, local
    if (end == null) {
      Duration d = duration("duration", tmrecDuration(duration));
      wall = d.getRawDays() * DAY;
      exact = d.getSecondsOfDay();
    } else if (!freq.isEmpty() && f.get("until").isEmpty() && end.isAfter(start.plusDays(1))) {
      // TFPS v2 reading: dtend far after dtstart is "each day until dtend's time, up to dtend".
      long daily = start.toLocalTime().until(end.toLocalTime(), ChronoUnit.SECONDS);
      wall = daily > 0 ? daily : daily + DAY;
      until = end;
      hardEnd = millis(end, zone);
    } else {
      wall = positiveSeconds("dtend", f.get("dtend"), start, end);
    }
    if (!f.get("until").isEmpty()) {
      String u = f.get("until");
      if (u.length() == 8) { // a date: through the end of that day
        LocalDate day = localDate("until", u);
        until = day.atTime(LocalTime.MAX).truncatedTo(ChronoUnit.SECONDS);
        hardEnd = millis(day.plusDays(1).atStartOfDay(), zone);
      } else { // inclusive to the second, as OpenSIPS compares time <= until
        until = localDateTime("until", u);
        hardEnd = millis(until.plusSeconds(1), zone);
      }
    }
    DateTime first = new DateTime(TimeZone.getTimeZone(zone), millis(start, zone));
    if (freq.isEmpty()) {
      return new Recurrence(new OfList(first), zone, wall, exact, hardEnd);
    }
    checkLength(
        wall + exact,
        end == null || f.get("until").isEmpty()
            ? ""
            : " (dtend ends the first interval; for a daily end time up to a date, leave until"
                + " empty)");
    StringBuilder rule = new StringBuilder("FREQ=").append(freq);
    if (!f.get("interval").isEmpty()) {
      if (!INTERVAL.matcher(f.get("interval")).matches()
          || Integer.parseInt(f.get("interval")) < 1) {
        throw new IllegalArgumentException(
            "interval '" + f.get("interval") + "' is not a whole number from 1 to 9999");
      }
      rule.append(";INTERVAL=").append(Integer.parseInt(f.get("interval")));
    }
    appendByDay(rule, f.get("byday"));
    appendNumbers(rule, "bymonthday", "BYMONTHDAY", f.get("bymonthday"), 31, true);
    appendNumbers(rule, "byyearday", "BYYEARDAY", f.get("byyearday"), 366, true);
    appendNumbers(rule, "byweekno", "BYWEEKNO", f.get("byweekno"), 53, true);
    appendNumbers(rule, "bymonth", "BYMONTH", f.get("bymonth"), 12, false);
    RecurrenceRule rrule;
    try {
      rrule = new RecurrenceRule(rule.toString(), RecurrenceRule.RfcMode.RFC5545_STRICT);
    } catch (InvalidRecurrenceRuleException e) {
      throw new IllegalArgumentException(
          "freq and by* fields do not make a valid rule (" + rule + "): " + e.getMessage(), e);
    }
    if (until != null) {
      rrule.setUntil(new DateTime(DateTime.UTC, millis(until, zone)));
    }
    return new Recurrence(checked(new OfRule(rrule, first)), zone, wall, exact, hardEnd);
  }

  /**
   * OpenSIPS writes a duration either as RFC 5545 ({@code PT8H}) or bare ({@code 8H}, {@code 90M}).
   */
  private static String tmrecDuration(String value) {
    if (!value.isEmpty()
        && Character.isDigit(value.charAt(0))
        && TMREC_DURATION.matcher(value).matches()) {
      return "PT" + value.toUpperCase(Locale.ROOT);
    }
    return value;
  }

  private static void appendByDay(StringBuilder rule, String value) {
    if (value.isEmpty()) {
      return;
    }
    List<String> days = new ArrayList<>();
    for (String day : value.split(",", -1)) {
      String d = day.strip();
      if (!WEEKDAY.matcher(d).matches()) {
        throw new IllegalArgumentException(
            "byday '"
                + d
                + "' is not a weekday: use MO, TU, WE, TH, FR, SA or SU, optionally with a"
                + " position such as 1MO or -1FR");
      }
      days.add(d.toUpperCase(Locale.ROOT).replace("+", ""));
    }
    rule.append(";BYDAY=").append(String.join(",", days));
  }

  private static void appendNumbers(
      StringBuilder rule, String field, String part, String value, int max, boolean signed) {
    if (value.isEmpty()) {
      return;
    }
    List<String> numbers = new ArrayList<>();
    for (String n : value.split(",", -1)) {
      String s = n.strip();
      int v = NUMBER.matcher(s).matches() ? Integer.parseInt(s) : 0;
      if (v == 0 || Math.abs(v) > max || (v < 0 && !signed)) {
        throw new IllegalArgumentException(
            field
                + " '"
                + s
                + "' is not a number from "
                + (signed
                    ? "1 to " + max + " (or -" + max + " to -1 from the end)"
                    : "1 to " + max));
      }
      numbers.add(Integer.toString(v));
    }
    rule.append(';').append(part).append('=').append(String.join(",", numbers));
  }

  // ---- form 2: RFC 5545 content lines ----

  private static Recurrence rfc5545(String spec, ZoneId defaultZone) {
    Map<String, Line> lines = new HashMap<>();
    for (String text : spec.split("\\s+")) {
      Line line = Line.parse(text);
      if (!Set.of("DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE").contains(line.name)) {
        throw new IllegalArgumentException(
            "'"
                + line.name
                + "' is not supported: use DTSTART, DTEND or DURATION, RRULE and EXDATE"
                + " (or the tz|dtstart|dtend|... form)");
      }
      if (lines.put(line.name, line) != null) {
        throw new IllegalArgumentException(
            line.name + " is given twice (write a second spec for a second rule)");
      }
    }
    Line dtstart = lines.get("DTSTART");
    if (dtstart == null) {
      throw new IllegalArgumentException(
          "DTSTART is missing: start with DTSTART;TZID=Europe/Paris:20240101T083000");
    }
    ZoneId zone = dtstart.zone(defaultZone);
    LocalDateTime start = dtstart.dateTime();
    Line dtend = lines.get("DTEND");
    Line duration = lines.get("DURATION");
    long wall = 0;
    long exact = 0;
    if (dtend != null && duration != null) {
      throw new IllegalArgumentException("give DTEND or DURATION, not both");
    } else if (dtend != null) {
      LocalDateTime end =
          dtend.dateTime().atZone(dtend.zone(zone)).withZoneSameInstant(zone).toLocalDateTime();
      wall = positiveSeconds("DTEND", dtend.value, start, end);
    } else if (duration != null) {
      Duration d = duration("DURATION", duration.value);
      wall = d.getRawDays() * DAY;
      exact = d.getSecondsOfDay();
    } else {
      throw new IllegalArgumentException(
          "DTEND or DURATION is needed (the end, or the length, of each interval)");
    }
    TimeZone tz = TimeZone.getTimeZone(zone);
    DateTime first = new DateTime(tz, millis(start, zone));
    RecurrenceSet set = new OfList(first);
    Line rrule = lines.get("RRULE");
    if (rrule != null) {
      checkLength(wall + exact, "");
      set = checked(new OfRuleAndFirst(rule(rrule.value, zone), first));
    }
    Line exdate = lines.get("EXDATE");
    if (exdate != null) {
      ZoneId exZone = exdate.zone(zone);
      List<DateTime> excluded = new ArrayList<>();
      for (String v : exdate.value.split(",")) {
        LocalDateTime at = dateTime("EXDATE", v, exdate.utc(v));
        excluded.add(new DateTime(tz, millis(at, exdate.utc(v) ? ZoneOffset.UTC : exZone)));
      }
      set = new Difference(set, new OfList(excluded));
    }
    return new Recurrence(set, zone, wall, exact, Long.MAX_VALUE);
  }

  /** An RRULE in strict mode; a floating or date UNTIL is read in the DTSTART zone. */
  private static RecurrenceRule rule(String value, ZoneId zone) {
    RecurrenceRule rule;
    try {
      rule = new RecurrenceRule(value, RecurrenceRule.RfcMode.RFC5545_STRICT);
    } catch (InvalidRecurrenceRuleException e) {
      throw new IllegalArgumentException("RRULE '" + value + "': " + e.getMessage(), e);
    }
    String freq = rule.getFreq().name();
    if (TOO_FINE.contains(freq)) {
      throw new IllegalArgumentException(
          "RRULE '"
              + value
              + "': FREQ="
              + freq
              + " is too fine for business hours; use HOURLY"
              + " or coarser");
    }
    DateTime until = rule.getUntil();
    if (until != null && (until.isFloating() || until.isAllDay())) {
      LocalDateTime local =
          until.isAllDay()
              ? LocalDate.of(until.getYear(), until.getMonth() + 1, until.getDayOfMonth())
                  .atTime(23, 59, 59)
              : LocalDateTime.of(
                  until.getYear(),
                  until.getMonth() + 1,
                  until.getDayOfMonth(),
                  until.getHours(),
                  until.getMinutes(),
                  until.getSeconds());
      rule.setUntil(new DateTime(DateTime.UTC, millis(local, zone)));
    }
    return rule;
  }

  /** One content line: {@code NAME;PARAM=VALUE...:VALUE}. */
  private record Line(String name, Map<String, String> params, String value) {

    static Line parse(String text) {
      int colon = text.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is not a NAME:VALUE content line; write tz|dtstart|dtend|duration|freq|..."
                + " or DTSTART:... DTEND:... RRULE:...");
      }
      String[] head = text.substring(0, colon).split(";");
      String name = head[0].toUpperCase(Locale.ROOT);
      Map<String, String> params = new HashMap<>();
      for (int i = 1; i < head.length; i++) {
        int eq = head[i].indexOf('=');
        String key = (eq < 0 ? head[i] : head[i].substring(0, eq)).toUpperCase(Locale.ROOT);
        String val = eq < 0 ? "" : head[i].substring(eq + 1);
        if (key.equals("VALUE") && !val.equalsIgnoreCase("DATE-TIME")) {
          throw new IllegalArgumentException(
              name + " VALUE=" + val + " is not supported: give a date-time like 20240101T083000");
        }
        if (!key.equals("TZID") && !key.equals("VALUE")) {
          throw new IllegalArgumentException(
              name + " parameter '" + head[i] + "' is not supported (TZID is)");
        }
        params.put(key, val);
      }
      return new Line(name, params, text.substring(colon + 1));
    }

    /** The TZID zone, UTC for a value ending in Z, else {@code otherwise}. */
    ZoneId zone(ZoneId otherwise) {
      String tzid = params.get("TZID");
      if (tzid != null) {
        return RecurrenceParser.zone(name + " TZID", tzid);
      }
      return utc(value) ? ZoneOffset.UTC : otherwise;
    }

    boolean utc(String v) {
      return v.endsWith("Z") || v.endsWith("z");
    }

    LocalDateTime dateTime() {
      return RecurrenceParser.dateTime(name, value, utc(value));
    }
  }

  // ---- shared checks ----

  /** A checked set: iterating once makes lib-recur report a bad start/until combination now. */
  private static RecurrenceSet checked(RecurrenceSet set) {
    try {
      set.iterator();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the rule cannot start there: " + e.getMessage(), e);
    }
    return set;
  }

  private static ZoneId zone(String field, String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          field
              + " '"
              + value
              + "' is not a known time zone: use an IANA name such as America/New_York,"
              + " Europe/Paris or UTC");
    }
  }

  private static LocalDateTime localDateTime(String field, String value) {
    return dateTime(field, value, false);
  }

  private static LocalDateTime dateTime(String field, String value, boolean utc) {
    String text = utc ? value.substring(0, value.length() - 1) : value;
    try {
      return LocalDateTime.parse(text, DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " '" + value + "' is not a date-time YYYYMMDDTHHMMSS" + reason(e));
    }
  }

  private static LocalDate localDate(String field, String value) {
    try {
      return LocalDate.parse(value, DATE);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field
              + " '"
              + value
              + "' is not a date YYYYMMDD or date-time YYYYMMDDTHHMMSS"
              + reason(e));
    }
  }

  /** What java.time found wrong in a well-shaped value ("Invalid date 'FEBRUARY 30'"). */
  private static String reason(DateTimeParseException e) {
    return e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")";
  }

  private static Duration duration(String field, String value) {
    Duration d;
    try {
      d = Duration.parse(value);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          field + " '" + value + "' is not a duration such as PT8H, PT8H30M, P1D or 8H");
    }
    if (d.getSign() < 0 || d.toMillis() == 0) {
      throw new IllegalArgumentException(field + " '" + value + "' must be longer than zero");
    }
    return d;
  }

  private static long positiveSeconds(
      String field, String value, LocalDateTime start, LocalDateTime end) {
    long seconds = start.until(end, ChronoUnit.SECONDS);
    if (seconds <= 0) {
      throw new IllegalArgumentException(field + " '" + value + "' is not after the start");
    }
    return seconds;
  }

  /** A recurring interval may last at most {@link Recurrence#MAX_LENGTH_SECONDS}. */
  private static void checkLength(long seconds, String hint) {
    if (seconds > Recurrence.MAX_LENGTH_SECONDS) {
      throw new IllegalArgumentException(
          "each interval would last "
              + seconds / DAY
              + " days; a recurring one may last at most "
              + Recurrence.MAX_LENGTH_SECONDS / DAY
              + " days"
              + hint);
    }
  }

  /** A local date-time in {@code zone} as epoch millis (a time in a DST gap moves forward). */
  private static long millis(LocalDateTime local, ZoneId zone) {
    return local.atZone(zone).toInstant().toEpochMilli();
  }
}
