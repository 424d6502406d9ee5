package org.tfps.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads and checks {@code tfps.alerts}: the throttle, webhooks, email and syslog. */
final class AlertsReader extends ConfigReader {

  private static final String K = "tfps.alerts.";

  /** RFC 5424 6.2.1 facility names, in the order of their numbers (kern = 0 .. local7 = 23). */
  static final List<String> FACILITIES =
      List.of(
          "kern",
          "user",
          "mail",
          "daemon",
          "auth",
          "syslog",
          "lpr",
          "news",
          "uucp",
          "cron",
          "authpriv",
          "ftp",
          "ntp",
          "audit",
          "alert",
          "clock",
          "local0",
          "local1",
          "local2",
          "local3",
          "local4",
          "local5",
          "local6",
          "local7");

  /** A host name or an IP address literal, as an SMTP or syslog server is named. */
  private static final String HOST = "[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45}";

  private AlertsReader(Config c) {
    super(c);
  }

  static TfpsConfig.Alerts read(Config merged) {
    return new AlertsReader(merged).alerts();
  }

  private TfpsConfig.Alerts alerts() {
    Duration min = duration(K + "retry-min", 100, 3_600_000);
    Duration max = duration(K + "retry-max", 100, 86_400_000);
    if (max.compareTo(min) < 0) {
      throw new ConfigError(K + "retry-max", max.toString(), "at least tfps.alerts.retry-min");
    }
    return new TfpsConfig.Alerts(
        duration(K + "throttle", 0, 86_400_000), webhooks(), min, max, email(), syslog());
  }

  private List<TfpsConfig.Webhook> webhooks() {
    List<TfpsConfig.Webhook> hooks = new ArrayList<>();
    List<? extends Config> list;
    try {
      list = c.getConfigList(K + "webhooks");
    } catch (ConfigException.WrongType e) {
      throw new ConfigError(K + "webhooks", "(not shown)", "a list of { url, secret, format }");
    }
    for (int i = 0; i < list.size(); i++) {
      Config h = list.get(i);
      String at = K + "webhooks." + i;
      String url;
      String secret;
      String format;
      try {
        url = h.hasPath("url") ? h.getString("url") : "";
        secret = h.hasPath("secret") ? h.getString("secret") : "";
        format = h.hasPath("format") ? h.getString("format") : "json";
      } catch (ConfigException e) {
        throw new ConfigError(
            at, "(not shown)", "{ url = \"https://...\", secret = \"...\", format = json }");
      }
      if (!url.matches("https?://[^\\s]+")) {
        throw new ConfigError(at + ".url", TfpsConfig.shownUrl(url), "an http:// or https:// URL");
      }
      if (!format.equals("json") && !format.equals("slack")) {
        throw new ConfigError(
            at + ".format", format, "json (the alert) or slack ({\"text\": ...})");
      }
      hooks.add(new TfpsConfig.Webhook(url, secret, format.equals("slack")));
    }
    return hooks;
  }

  private TfpsConfig.Email email() {
    String k = K + "email.";
    String host = host(k + "host");
    String username = string(k + "username");
    String password;
    try {
      password = c.getString(k + "password");
    } catch (ConfigException e) {
      throw new ConfigError(k + "password", "(not shown)", "a string");
    }
    String from = string(k + "from");
    List<String> to = stringList(k + "to");
    for (String address : to) {
      if (!TfpsConfig.Email.isAddress(address)) {
        throw new ConfigError(k + "to", address, "addresses such as noc@example.net, no names");
      }
    }
    if (!host.isEmpty() && !TfpsConfig.Email.isAddress(from)) {
      throw new ConfigError(
          k + "from", from, "the sender's address, e.g. tfps@example.net (needed with a host)");
    }
    if (!from.isEmpty() && !TfpsConfig.Email.isAddress(from)) {
      throw new ConfigError(k + "from", from, "an address such as tfps@example.net, no name");
    }
    if (!password.isEmpty() && username.isEmpty()) {
      throw new ConfigError(k + "username", username, "the SMTP user the password belongs to");
    }
    if (username.length() > 256 || password.length() > 256) {
      throw new ConfigError(
          k + (username.length() > 256 ? "username" : "password"),
          "(not shown)",
          "at most 256 characters");
    }
    String trust = string(k + "trust");
    if (!trust.isEmpty() && !Files.isReadable(Path.of(trust))) {
      throw new ConfigError(
          k + "trust", trust, "a PEM file of CA certificates TFPS can read, or empty");
    }
    return new TfpsConfig.Email(
        host,
        intIn(k + "port", 1, 65535),
        enumValue(k + "starttls", TfpsConfig.StartTls.class),
        bool(k + "ssl"),
        username,
        password,
        from,
        to,
        trust.isEmpty() ? null : Path.of(trust));
  }

  private TfpsConfig.Syslog syslog() {
    String k = K + "syslog.";
    String facility = string(k + "facility").toLowerCase(Locale.ROOT);
    if (!FACILITIES.contains(facility)) {
      throw new ConfigError(
          k + "facility", string(k + "facility"), "one of " + String.join(", ", FACILITIES));
    }
    String appName = string(k + "app-name");
    // RFC 5424 6.2.5: APP-NAME is 1*48PRINTUSASCII (no space).
    if (!appName.matches("[!-~]{1,48}")) {
      throw new ConfigError(
          k + "app-name", appName, "1 to 48 printable ASCII characters without spaces, e.g. tfps");
    }
    return new TfpsConfig.Syslog(
        host(k + "host"),
        intIn(k + "port", 1, 65535),
        enumValue(k + "protocol", TfpsConfig.SyslogProtocol.class),
        FACILITIES.indexOf(facility),
        appName);
  }

  /** Empty (off), a host name, or an IP address literal without brackets. */
  private String host(String key) {
    String v = string(key);
    if (!v.isEmpty() && !v.matches(HOST)) {
      throw new ConfigError(
          key, v, "empty (off), a host name such as mail.example.net, or an IP address");
    }
    return v;
  }
}
