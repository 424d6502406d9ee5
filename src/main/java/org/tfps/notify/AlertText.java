package org.tfps.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** How an alert reads for people: one line for chat, a few for email, and the command to undo. */
final class AlertText {

  /** Rules that judge the destination: an operator who trusts it authorizes it. */
  private static final Set<String> DESTINATION_RULES =
      Set.of("R06", "R14", "R20", "R21", "R22", "R24", "R25");

  /** Rules of the day's limits: a reset starts them again. */
  private static final Set<String> LIMIT_RULES = Set.of("R08", "R09", "R10", "R11", "R15");

  private AlertText() {}

  /** The exact tfpsctl command that undoes what TFPS did, or shows the account. */
  static String undo(JsonObject a) {
    String account = a.getString("account");
    String q = quote(account);
    String code = a.getString("code", "");
    if ("block".equals(a.getString("kind")) || "R13".equals(code)) {
      return "tfpsctl unblock " + q;
    }
    if (DESTINATION_RULES.contains(code)) {
      String country = a.getString("country");
      String what = "R06".equals(code) && country != null ? country : a.getString("destination");
      return "tfpsctl authorize " + q + " " + quote(what);
    }
    if (LIMIT_RULES.contains(code)) {
      int at = account.lastIndexOf('@');
      return "tfpsctl reset "
          + quote(account.substring(0, at))
          + " "
          + quote(account.substring(at + 1));
    }
    return "tfpsctl show " + q;
  }

  /** One line: what, who, why. */
  static String line(JsonObject a) {
    String calls = a.getInteger("calls", 1) > 1 ? " (" + a.getInteger("calls") + " calls)" : "";
    if ("block".equals(a.getString("kind"))) {
      return "TFPS blocked "
          + a.getString("account")
          + " until "
          + a.getString("until")
          + ": "
          + a.getString("evidence");
    }
    return "TFPS "
        + a.getString("action")
        + " "
        + a.getString("account")
        + " -> "
        + a.getString("destination")
        + calls
        + ": "
        + a.getString("code")
        + " "
        + a.getString("rule")
        + ": "
        + a.getString("evidence");
  }

  /** The subject of an alert's email: one line, at most 200 characters. */
  static String subject(JsonObject a) {
    String what =
        switch (a.getString("action", "")) {
          case "block" -> "blocked account " + a.getString("account");
          case "deny" -> "denied calls of " + a.getString("account");
          case "verify" -> "sent calls of " + a.getString("account") + " to verify";
          case "would-deny" -> "would have denied calls of " + a.getString("account");
          case "would-verify" ->
              "would have sent calls of " + a.getString("account") + " to verify";
          default -> "alert for " + a.getString("account");
        };
    String rule = a.getString("code") == null ? "" : " (" + a.getString("code") + ")";
    return clip(oneLine("[TFPS] " + what + rule), 200);
  }

  /**
   * The body of an alert's email, plain text: what happened, the account and destinations, the
   * rules with their evidence, what TFPS did, and the exact command that undoes it.
   */
  static String mail(JsonObject a) {
    StringBuilder b = new StringBuilder();
    boolean block = "block".equals(a.getString("kind"));
    b.append(oneLine(line(a))).append("\n\n");
    field(b, "Account", a.getString("account"));
    if (block) {
      field(b, "What TFPS did", "blocked the account until " + a.getString("until"));
      field(b, "Why", a.getString("evidence"));
    } else {
      int calls = a.getInteger("calls", 1);
      field(
          b,
          "Calls",
          calls == 1
              ? "1, at " + a.getString("at")
              : calls + ", from " + a.getString("firstAt") + " to " + a.getString("at"));
      JsonArray destinations = a.getJsonArray("destinations", new JsonArray());
      field(
          b,
          "Destinations",
          destinations.isEmpty() ? a.getString("destination") : join(destinations));
      if (a.getString("country") != null) {
        field(b, "Country", a.getString("country"));
      }
      field(b, "What TFPS did", did(a.getString("action")));
      field(b, "Source", a.getString("sourceIp"));
      field(b, "User-Agent", a.getString("userAgent"));
      b.append("\nRules that fired:\n");
      JsonArray findings = a.getJsonArray("findings", new JsonArray());
      if (findings.isEmpty()) {
        rule(b, a);
      }
      for (int i = 0; i < findings.size(); i++) {
        rule(b, findings.getJsonObject(i));
      }
    }
    b.append("\nTo undo it, run:\n\n  ").append(oneLine(a.getString("undo"))).append("\n\n");
    b.append("Alert ")
        .append(a.getString("id"))
        .append(" from TFPS node ")
        .append(oneLine(a.getString("node")))
        .append(" at ")
        .append(a.getString("at"))
        .append(".\n");
    if (!block && a.getInteger("calls", 1) > 1) {
      b.append("Alerts of this account and rule are held back for the throttle; this one counts")
          .append(" the calls since the last.\n");
    }
    return b.toString();
  }

  private static String did(String action) {
    return switch (action == null ? "" : action) {
      case "deny" -> "denied the calls";
      case "verify" -> "sent the calls to verify (answered like a denial until it exists)";
      case "would-deny", "would-verify" ->
          "let the calls through: the account is monitored, not enforced (tfpsctl enforce)";
      default -> "allowed the calls and reported the finding";
    };
  }

  private static void rule(StringBuilder b, JsonObject f) {
    b.append("  ")
        .append(f.getString("code"))
        .append(' ')
        .append(oneLine(f.getString("rule")))
        .append(" (")
        .append(f.getString("action"))
        .append(", score ")
        .append(f.getValue("score"))
        .append("): ")
        .append(oneLine(f.getString("evidence")))
        .append('\n');
  }

  private static void field(StringBuilder b, String name, String value) {
    if (value != null && !value.isEmpty()) {
      b.append(String.format("%-14s %s", name + ":", oneLine(value))).append('\n');
    }
  }

  private static String join(JsonArray list) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(list.getValue(i));
    }
    return b.toString();
  }

  /**
   * The text on one line: control characters (a CR or LF in an account name or a User-Agent, which
   * come from SIP) become spaces, so no field can start a header, a log or syslog line.
   */
  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ");
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  /** Single-quoted for a POSIX shell. */
  static String quote(String s) {
    if (s != null && s.matches("[A-Za-z0-9@._+:-]+")) {
      return s;
    }
    return "'" + String.valueOf(s).replace("'", "'\\''") + "'";
  }
}
