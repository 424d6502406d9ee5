package org.tfps.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What tfpsctl prints for people: tables (columns two spaces apart, header in capitals, {@value
 * #EMPTY} for an empty value) and key/value listings. Every value passes {@link #clean} first, so
 * text that came from a caller (a SIP user agent, a dialled string) cannot drive the terminal.
 */
final class HumanOutput {

  /** An empty value. */
  static final String EMPTY = "-";

  private static final String GAP = "  ";

  private static final String[] EVENT_HEADER = {
    "AT", "ACCOUNT", "CODE", "ACTION", "DIALED", "EVIDENCE"
  };

  /**
   * Widest event cells (AT fits an instant to the second, ACTION an operator's longest verb,
   * unblock-destination); longer ones end in "...".
   */
  private static final int[] EVENT_CAPS = {20, 40, 6, 19, 24, 60};

  private HumanOutput() {}

  /** {@code s} with control and format characters replaced (line breaks and tabs by a space). */
  static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' ');
              } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append('?');
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }

  /** A value as a cell: cleaned, numbers without trailing zeros, lists joined, "-" for none. */
  static String cell(Object v) {
    String s;
    if (v == null) {
      return EMPTY;
    } else if (v instanceof Number n) {
      s = number(n);
    } else if (v instanceof JsonArray a) {
      List<String> items = new ArrayList<>();
      a.forEach(x -> items.add(String.valueOf(x)));
      s = String.join(", ", items);
    } else {
      s = String.valueOf(v);
    }
    s = clean(s).strip();
    return s.isEmpty() ? EMPTY : s;
  }

  /** An instant to the second ("2026-11-22T06:00:00Z"); anything else as a cell. */
  static String time(Object v) {
    if (v instanceof String s) {
      try {
        return Instant.parse(s).truncatedTo(ChronoUnit.SECONDS).toString();
      } catch (DateTimeParseException e) {
        return cell(s);
      }
    }
    return cell(v);
  }

  /**
   * Rows under a header, each column as wide as its widest cell (or its cap, when {@code fixed}),
   * cells longer than their column's cap (0: none) cut with "...".
   */
  static String table(
      String[] header, List<String[]> rows, int[] caps, boolean fixed, boolean withHeader) {
    int n = header.length;
    List<String[]> lines = new ArrayList<>();
    if (withHeader) {
      lines.add(header);
    }
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      width[c] = fixed && caps[c] > 0 ? Math.max(caps[c], header[c].length()) : header[c].length();
    }
    for (String[] row : rows) {
      String[] cut = new String[n];
      for (int c = 0; c < n; c++) {
        cut[c] = truncate(row[c], caps == null ? 0 : caps[c]);
        width[c] = Math.max(width[c], cut[c].length());
      }
      lines.add(cut);
    }
    StringBuilder b = new StringBuilder();
    for (String[] line : lines) {
      StringBuilder l = new StringBuilder();
      for (int c = 0; c < n; c++) {
        l.append(line[c]);
        if (c < n - 1) {
          l.append(" ".repeat(width[c] - line[c].length())).append(GAP);
        }
      }
      b.append(l.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  /** Key/value lines, values aligned; a pair whose key is "" continues the one above. */
  static String pairs(List<String[]> pairs) {
    int width = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
    StringBuilder b = new StringBuilder();
    for (String[] p : pairs) {
      b.append((p[0] + " ".repeat(width - p[0].length()) + GAP + p[1]).stripTrailing())
          .append('\n');
    }
    return b.toString();
  }

  /**
   * A list (GET /v1/accounts), or the blocked accounts (GET /v1/accounts?blocked=true). The first
   * has no block column: its items do not say whether an account is blocked.
   */
  static String accounts(JsonArray items, boolean blocked) {
    if (items.isEmpty()) {
      return blocked ? "no account is blocked\n" : "no accounts\n";
    }
    List<String[]> rows = new ArrayList<>();
    for (Object item : items) {
      JsonObject a = item instanceof JsonObject o ? o : new JsonObject();
      rows.add(
          blocked
              ? new String[] {
                cell(a.getValue("account")),
                cell(at(a, "blocked", "reason")),
                time(at(a, "blocked", "until"))
              }
              : new String[] {
                cell(a.getValue("account")),
                cell(a.getValue("homeCountry")),
                cell(a.getValue("timeZone")),
                yesNo(a.getValue("hasPin")),
                cell(at(a, "limits", "callsPerDay", "total"))
              });
    }
    return blocked
        ? table(
            new String[] {"ACCOUNT", "REASON", "UNTIL"}, rows, new int[] {0, 60, 0}, false, true)
        : table(
            new String[] {"ACCOUNT", "HOME", "TIME ZONE", "PIN", "CALLS/DAY"},
            rows,
            new int[5],
            false,
            true);
  }

  /**
   * One account (GET /v1/accounts/{account}): its settings, then its state when it has one. Where
   * it has no setting of its own and the answer holds the {@code effective} one, that is shown
   * followed by "(default)".
   */
  static String account(JsonObject a) {
    JsonObject eff = a.getValue("effective") instanceof JsonObject e ? e : new JsonObject();
    List<String[]> p = new ArrayList<>();
    p.add(pair("account", a.getValue("account")));
    if (a.containsKey("provisioned")) {
      p.add(new String[] {"provisioned", yesNo(a.getValue("provisioned"))});
    }
    p.add(new String[] {"home country", own(a, eff, "homeCountry")});
    p.add(new String[] {"international prefixes", own(a, eff, "internationalPrefixes")});
    p.add(new String[] {"outside line prefix", own(a, eff, "outsideLinePrefix")});
    p.add(new String[] {"time zone", own(a, eff, "timeZone")});
    Object hours = a.getValue("businessHours");
    boolean byDefault = hours == null && eff.getValue("businessHours") != null;
    hours = byDefault ? eff.getValue("businessHours") : hours;
    int first = p.size();
    lines(p, "business hours", hours instanceof JsonArray h && h.isEmpty() ? "always" : hours);
    if (byDefault) {
      p.get(first)[1] += " (default)";
    }
    p.add(new String[] {"pin", yesNo(a.getValue("hasPin"))});
    p.add(new String[] {"concurrent calls", both(a, eff, "concurrentCalls", "business")});
    p.add(new String[] {"calls per minute", both(a, eff, "callsPerMinute", "business")});
    p.add(new String[] {"calls per day", both(a, eff, "callsPerDay", "total")});
    p.add(new String[] {"max rate per minute", own(a, eff, "limits", "maxRatePerMinute")});
    p.add(new String[] {"max spend per hour", own(a, eff, "limits", "maxSpendPerHour")});
    p.add(new String[] {"max spend per day", own(a, eff, "limits", "maxSpendPerDay")});
    lines(p, "emails", at(a, "contacts", "emails"));
    lines(p, "webhooks", at(a, "contacts", "webhooks"));
    lines(p, "authorized destinations", a.getValue("authorizedDestinations"));
    lines(p, "blocked destinations", a.getValue("blockedDestinations"));
    p.add(new String[] {"created", time(a.getValue("createdAt"))});
    p.add(new String[] {"updated", time(a.getValue("updatedAt"))});
    if (a.getValue("state") instanceof JsonObject s) {
      state(p, s);
    }
    return pairs(p);
  }

  /** An account's state now: its block and its counts. */
  private static void state(List<String[]> p, JsonObject s) {
    String blocked = "no";
    if (s.getValue("blocked") instanceof JsonObject b) {
      Object until = b.getValue("until");
      String reason = " (" + cell(b.getValue("reason")) + ")";
      blocked = until == null ? "yes" + reason : "until " + time(until) + reason;
    }
    p.add(new String[] {"blocked", blocked});
    p.add(pair("calls today", s.getValue("callsToday")));
    if (s.containsKey("callsLastMinute")) {
      p.add(pair("calls last minute", s.getValue("callsLastMinute")));
    }
    p.add(pair("calls up", s.getValue("callsUp")));
    p.add(pair("spend today", s.getValue("spendToday")));
    if (s.containsKey("knownCountries")) {
      p.add(pair("known countries", s.getValue("knownCountries")));
    }
  }

  /** The node's status (GET /v1/status). */
  static String status(JsonObject s) {
    List<String[]> p = new ArrayList<>();
    p.add(pair("node", s.getValue("node")));
    p.add(pair("version", s.getValue("version")));
    String uptime =
        s.getValue("uptimeSeconds") instanceof Number n ? duration(n.longValue()) : EMPTY;
    p.add(new String[] {"uptime", uptime + " (since " + time(s.getValue("startedAt")) + ")"});
    p.add(pair("mode", s.getValue("mode")));
    lines(p, "listeners", s.getValue("listeners"));
    p.add(pair("trusted peers", s.getValue("trustedPeers")));
    p.add(pair("calls decided", s.getValue("callsDecided")));
    p.add(pair("sip transactions", s.getValue("sipTransactions")));
    if (s.getValue("sipQueueDelayMs") != null) {
      p.add(
          new String[] {
            "sip queue",
            cell(s.getValue("sipQueueDelayMs"))
                + " ms wait, "
                + cell(s.getValue("sipShed"))
                + " INVITEs shed"
          });
    }
    if (s.getValue("database") instanceof JsonObject d) {
      String up = d.getValue("up") instanceof Boolean u ? (u ? "up" : "DOWN") : EMPTY;
      String mode = d.getValue("mode") == null ? "" : " (" + cell(d.getValue("mode")) + ")";
      p.add(new String[] {"database", up + ", backlog " + cell(d.getValue("backlog")) + mode});
    } else {
      p.add(new String[] {"database", EMPTY});
    }
    if (s.getValue("cluster") instanceof JsonObject c) {
      JsonArray members = c.getValue("members") instanceof JsonArray m ? m : new JsonArray();
      p.add(
          new String[] {
            "cluster",
            cell(c.getValue("name"))
                + " ("
                + cell(c.getValue("state"))
                + "), "
                + members.size()
                + (members.size() == 1 ? " member" : " members")
          });
      for (Object m : members) {
        JsonObject member = m instanceof JsonObject o ? o : new JsonObject();
        boolean local = Boolean.TRUE.equals(member.getValue("local"));
        p.add(new String[] {"", cell(member.getValue("address")) + (local ? " (this node)" : "")});
      }
    } else {
      p.add(new String[] {"cluster", "none (standalone)"});
    }
    return pairs(p);
  }

  /**
   * Events (GET /v1/events, or the stream) as a table; for {@code --follow} without the header and
   * in columns of fixed width, so that rows printed one by one line up under {@link
   * #eventsHeader()}. An operator's event has no action: ACTION shows its verb ({@code rule}).
   */
  static String events(JsonArray events, boolean follow) {
    if (!follow && events.isEmpty()) {
      return "no events\n";
    }
    List<String[]> rows = new ArrayList<>();
    for (Object item : events) {
      JsonObject e = item instanceof JsonObject o ? o : new JsonObject();
      rows.add(
          new String[] {
            time(e.getValue("at")),
            cell(e.getValue("account")),
            cell(e.getValue("code")),
            cell(
                "operator".equals(e.getValue("kind")) && e.getValue("action") == null
                    ? e.getValue("rule")
                    : e.getValue("action")),
            cell(e.getValue("dialed")),
            cell(e.getValue("evidence"))
          });
    }
    return table(EVENT_HEADER, rows, EVENT_CAPS, follow, !follow);
  }

  /** The header line above followed events. */
  static String eventsHeader() {
    return table(EVENT_HEADER, List.of(), EVENT_CAPS, true, true);
  }

  /** The data files (GET /v1/data): NAME, ENTRIES, PATH ("-": none configured). */
  static String dataFiles(JsonArray files) {
    if (files.isEmpty()) {
      return "no data files\n";
    }
    List<String[]> rows = new ArrayList<>();
    for (Object item : files) {
      JsonObject f = item instanceof JsonObject o ? o : new JsonObject();
      rows.add(
          new String[] {
            cell(f.getValue("name")), cell(f.getValue("entries")), cell(f.getValue("path"))
          });
    }
    return table(new String[] {"NAME", "ENTRIES", "PATH"}, rows, new int[3], false, true);
  }

  /**
   * The last hour of decisions (GET /v1/stats): calls, calls per second, decision time, then the
   * calls by code summed over the hour, and the accounts and destinations most denied or verified.
   */
  static String summary(JsonObject s) {
    Map<String, Double> byCode = new TreeMap<>();
    for (Object i : s.getValue("intervals") instanceof JsonArray a ? a : new JsonArray()) {
      if (at(i instanceof JsonObject o ? o : new JsonObject(), "byCode") instanceof JsonObject c) {
        c.forEach(
            e -> {
              if (e.getValue() instanceof Number n) {
                byCode.merge(e.getKey(), n.doubleValue(), Double::sum);
              }
            });
      }
    }
    List<String[]> p = new ArrayList<>();
    p.add(pair("calls last hour", s.getValue("callsLastHour")));
    Object perSecond = s.getValue("callsPerSecond");
    p.add(
        new String[] {
          "calls per second",
          (perSecond instanceof Number n ? significant(n.doubleValue()) : EMPTY)
              + " (the last whole minute)"
        });
    Object p50 = at(s, "decisionSeconds", "p50");
    Object p99 = at(s, "decisionSeconds", "p99");
    String time = EMPTY;
    if (p50 instanceof Number a && p99 instanceof Number b) {
      time =
          a.doubleValue() == 0 && b.doubleValue() == 0
              ? "none timed yet"
              : "p50 " + millis(a.doubleValue()) + ", p99 " + millis(b.doubleValue());
    }
    p.add(new String[] {"decision time", time});
    StringBuilder b = new StringBuilder(pairs(p));
    b.append('\n').append(byCount("CODE", "CALLS", byCode, "no calls in the last hour"));
    b.append("\ndenied or sent to verify in the last hour, most first:\n");
    b.append(top(s, "topAccounts", "account", "ACCOUNT"));
    b.append('\n').append(top(s, "topDestinations", "destination", "DESTINATION"));
    return b.toString();
  }

  /** A top list of /v1/stats as a table, in the API's order. */
  private static String top(JsonObject s, String list, String key, String header) {
    List<String[]> rows = new ArrayList<>();
    for (Object item : s.getValue(list) instanceof JsonArray a ? a : new JsonArray()) {
      JsonObject o = item instanceof JsonObject j ? j : new JsonObject();
      rows.add(new String[] {cell(o.getValue(key)), cell(o.getValue("calls"))});
    }
    return rows.isEmpty()
        ? "no " + header.toLowerCase(Locale.ROOT) + "s\n"
        : table(new String[] {header, "CALLS"}, rows, new int[] {60, 0}, false, true);
  }

  /** A number to three significant digits: "0.0667", "12.5", "0". */
  private static String significant(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return String.valueOf(d);
    }
    return BigDecimal.valueOf(d).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  /**
   * A summary of the tfps_ samples of /metrics: calls decided, decision latency, SIP requests, then
   * verdicts by rule code and requests by method.
   */
  static String stats(JsonArray samples) {
    Map<String, Double> verdicts = sumBy(samples, "tfps_verdicts_total", "code");
    Map<String, Double> requests = sumBy(samples, "tfps_sip_requests_total", "method");
    Double count = sum(samples, "tfps_decision_seconds_count");
    Double seconds = sum(samples, "tfps_decision_seconds_sum");
    if (verdicts.isEmpty() && requests.isEmpty() && count == null) {
      return "no TFPS metrics (tfps_verdicts_total, tfps_sip_requests_total) in /metrics\n";
    }
    List<String[]> p = new ArrayList<>();
    Double decided = verdicts.isEmpty() ? count : total(verdicts);
    p.add(pair("calls decided", decided));
    p.add(new String[] {"decision latency", latency(samples, count, seconds)});
    p.add(pair("sip requests", requests.isEmpty() ? null : total(requests)));
    StringBuilder b = new StringBuilder(pairs(p));
    b.append('\n').append(byCount("CODE", "VERDICTS", verdicts, "no verdicts yet"));
    b.append('\n').append(byCount("METHOD", "REQUESTS", requests, "no SIP requests yet"));
    return b.toString();
  }

  private static String byCount(String key, String value, Map<String, Double> counts, String none) {
    List<String[]> rows = new ArrayList<>();
    counts.entrySet().stream()
        .sorted(
            Comparator.comparing(Map.Entry<String, Double>::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .forEach(e -> rows.add(new String[] {cell(e.getKey()), cell(e.getValue())}));
    if (rows.isEmpty()) {
      return none + "\n";
    }
    return table(new String[] {key, value}, rows, new int[2], false, true);
  }

  /** Mean and percentiles (the upper bound of the bucket each falls in) of the histogram. */
  private static String latency(JsonArray samples, Double count, Double seconds) {
    if (count == null || seconds == null) {
      return EMPTY;
    }
    if (count == 0) {
      return "no calls yet";
    }
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (Object o : samples) {
      if (o instanceof JsonObject s
          && "tfps_decision_seconds_bucket".equals(s.getValue("name"))
          && s.getValue("value") instanceof Number v) {
        Double bound = bound(at(s, "labels", "le"));
        if (bound != null) {
          buckets.merge(bound, v.doubleValue(), Double::sum);
        }
      }
    }
    StringBuilder b = new StringBuilder("mean " + millis(seconds / count));
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      for (Map.Entry<Double, Double> e : buckets.entrySet()) {
        if (e.getValue() >= q * count) {
          Double below = buckets.lowerKey(e.getKey());
          b.append(", p").append(Math.round(q * 100));
          if (!e.getKey().isInfinite()) {
            b.append(" <= ").append(millis(e.getKey()));
          } else {
            b.append(" > ").append(millis(below == null ? 0 : below));
          }
          break;
        }
      }
    }
    return b.append(" (").append(cell(count)).append(" calls)").toString();
  }

  /** A bucket's upper bound ("le"), or null when it is not a number. */
  private static Double bound(Object le) {
    if ("+Inf".equals(le)) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return le instanceof String s ? Double.valueOf(s) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String millis(double seconds) {
    return significant(seconds * 1000) + " ms";
  }

  private static Map<String, Double> sumBy(JsonArray samples, String name, String label) {
    Map<String, Double> sums = new TreeMap<>();
    for (Object o : samples) {
      if (o instanceof JsonObject s
          && name.equals(s.getValue("name"))
          && s.getValue("value") instanceof Number v) {
        Object key = s.getJsonObject("labels", new JsonObject()).getValue(label);
        sums.merge(key == null ? EMPTY : String.valueOf(key), v.doubleValue(), Double::sum);
      }
    }
    return sums;
  }

  private static Double sum(JsonArray samples, String name) {
    Map<String, Double> sums = sumBy(samples, name, "");
    return sums.isEmpty() ? null : total(sums);
  }

  private static double total(Map<String, Double> sums) {
    return sums.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** "3d 4h 12m", "4h 0m", "12m 5s", "42s". */
  static String duration(long seconds) {
    long d = seconds / 86400;
    long h = seconds % 86400 / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    if (d > 0) {
      return d + "d " + h + "h " + m + "m";
    }
    if (h > 0) {
      return h + "h " + m + "m";
    }
    return m > 0 ? m + "m " + s + "s" : s + "s";
  }

  private static String[] pair(String key, Object value) {
    return new String[] {key, cell(value)};
  }

  /** One line per item of a list value, the key on the first. */
  private static void lines(List<String[]> p, String key, Object value) {
    if (value instanceof JsonArray a && !a.isEmpty()) {
      for (int i = 0; i < a.size(); i++) {
        p.add(new String[] {i == 0 ? key : "", cell(a.getValue(i))});
      }
    } else {
      p.add(pair(key, value instanceof JsonArray ? null : value));
    }
  }

  /** "business 30, off-hours 5 (default)" from limits.{limit}.{first} and .offHours. */
  private static String both(JsonObject a, JsonObject eff, String limit, String first) {
    String one = own(a, eff, "limits", limit, first);
    String off = own(a, eff, "limits", limit, "offHours");
    return one.equals(EMPTY) && off.equals(EMPTY)
        ? EMPTY
        : first + " " + one + ", off-hours " + off;
  }

  /** The account's own setting at {@code path}, else the effective one and "(default)". */
  private static String own(JsonObject a, JsonObject eff, String... path) {
    Object v = at(a, path);
    boolean byDefault = v == null && at(eff, path) != null;
    v = byDefault ? at(eff, path) : v;
    String s = "".equals(v) ? "none" : cell(v);
    return byDefault ? s + " (default)" : s;
  }

  private static String yesNo(Object v) {
    return v instanceof Boolean b ? (b ? "yes" : "no") : EMPTY;
  }

  /** The value at a path of nested objects, or null. */
  static Object at(JsonObject o, String... path) {
    Object v = o;
    for (String key : path) {
      if (!(v instanceof JsonObject j)) {
        return null;
      }
      v = j.getValue(key);
    }
    return v;
  }

  private static String number(Number n) {
    if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return String.valueOf(d);
      }
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return n.toString();
  }

  private static String truncate(String s, int cap) {
    return cap <= 3 || s.length() <= cap ? s : s.substring(0, cap - 3) + "...";
  }
}
