package org.tfps.notify;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.tfps.config.Cidr;

/**
 * An alert as one RFC 5424 syslog message: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID
 * [tfps@32473 ...] MSG}. The MSG starts with fixed words and the source address ({@code TFPS deny
 * src=192.0.2.55 ...}), before any text a caller controls, so a fail2ban regex anchored on it
 * cannot be fooled by an account name or a User-Agent that contains {@code src=}.
 */
final class SyslogLine {

  /**
   * RFC 5426 3.2: a receiver over IPv4 should take messages of 2048 octets; longer ones are cut
   * (the MSG's end goes first, never the header nor the source address).
   */
  static final int MAX_BYTES = 2048;

  /**
   * The SD-ID of the structured data: RFC 5424 7.2.2 wants name@enterprise-number; 32473 is the
   * number RFC 5612 reserves for documentation (TFPS has none registered).
   */
  static final String SD_ID = "tfps@32473";

  /** RFC 5424 6.2.3: at most 6 digits of a second; UTC. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private SyslogLine() {}

  /** RFC 5424 6.2.1 severity: 4 warning for a denial or a block, 5 notice otherwise. */
  static int severity(JsonObject a) {
    String action = a.getString("action", "");
    return action.equals("deny") || action.equals("block") ? 4 : 5;
  }

  /** The message, UTF-8, at most {@link #MAX_BYTES}. */
  static byte[] format(JsonObject a, int facility, String appName, long pid) {
    String header =
        "<"
            + (facility * 8 + severity(a))
            + ">1 "
            + TIMESTAMP.format(Instant.parse(a.getString("at")))
            + " "
            + token(a.getString("node"), 255)
            + " "
            + token(appName, 48)
            + " "
            + pid
            + " "
            + token(a.getString("kind"), 32)
            + " "
            + structuredData(a)
            + " ";
    byte[] head = header.getBytes(StandardCharsets.UTF_8);
    byte[] msg = message(a).getBytes(StandardCharsets.UTF_8);
    int room = MAX_BYTES - head.length;
    int n = Math.min(msg.length, Math.max(0, room));
    while (n < msg.length && n > 0 && (msg[n] & 0xC0) == 0x80) {
      n--; // never cut a UTF-8 character in two
    }
    byte[] out = new byte[head.length + n];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(msg, 0, out, head.length, n);
    return out;
  }

  /** The source address when it is an IP literal, else "-". */
  static String source(JsonObject a) {
    String ip = a.getString("sourceIp");
    if (ip == null || ip.isEmpty()) {
      return "-";
    }
    try {
      Cidr.literal(ip);
      return ip;
    } catch (IllegalArgumentException e) {
      return "-";
    }
  }

  /** The free text: fixed words and the source first, then what callers may have written. */
  static String message(JsonObject a) {
    StringBuilder b =
        new StringBuilder("TFPS ")
            .append(a.getString("action"))
            .append(" src=")
            .append(source(a))
            .append(" account=")
            .append(AlertText.oneLine(a.getString("account")));
    if (a.getString("code") != null) {
      b.append(" code=").append(a.getString("code"));
    }
    if (a.getString("destination") != null) {
      b.append(" dst=").append(AlertText.oneLine(a.getString("destination")));
    }
    b.append(" calls=").append(a.getInteger("calls", 1));
    if (a.getString("until") != null) {
      b.append(" until=").append(a.getString("until"));
    }
    b.append(": ")
        .append(AlertText.oneLine(a.getString("evidence")))
        .append(" | undo: ")
        .append(AlertText.oneLine(a.getString("undo")));
    return b.toString();
  }

  private static String structuredData(JsonObject a) {
    StringBuilder b = new StringBuilder("[").append(SD_ID);
    param(b, "id", a.getString("id"));
    param(b, "account", a.getString("account"));
    param(b, "action", a.getString("action"));
    param(b, "code", a.getString("code"));
    param(b, "src", "-".equals(source(a)) ? null : source(a));
    param(b, "dst", a.getString("destination"));
    param(b, "calls", String.valueOf(a.getInteger("calls", 1)));
    return b.append(']').toString();
  }

  /** RFC 5424 6.3.3: '"', '\' and ']' are escaped with a backslash. */
  private static void param(StringBuilder b, String name, String value) {
    if (value == null) {
      return;
    }
    b.append(' ')
        .append(name)
        .append("=\"")
        .append(AlertText.oneLine(value).replaceAll("([\"\\\\\\]])", "\\\\$1"))
        .append('"');
  }

  /** RFC 5424 6: a header field is 1 to {@code max} printable US-ASCII characters, or "-". */
  private static String token(String s, int max) {
    if (s == null || s.isEmpty()) {
      return "-";
    }
    String t = s.replaceAll("[^!-~]", "_");
    return t.length() > max ? t.substring(0, max) : t;
  }
}
