package org.tfps.notify;

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

  /** Single-quoted for a POSIX shell. */
  static String quote(String s) {
    if (s != null && s.matches("[A-Za-z0-9@._+:-]+")) {
      return s;
    }
    return "'" + String.valueOf(s).replace("'", "'\\''") + "'";
  }
}
