package org.tfps.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.tfps.engine.BusinessHours;
import org.tfps.engine.Limits;
import org.tfps.numbers.Countries;

/** Turns a merged {@link Config} into a {@link TfpsConfig}, checking every value. */
final class ConfigValidator extends ConfigReader {

  /** Dial prefixes are digits: a dial string with anything else is not a phone number. */
  private static final Pattern DIAL_PREFIX = Pattern.compile("[0-9]{1,8}");

  /** A prefix that can lead a SIP user part: letters, digits, and '+', '-', '_'. */
  private static final Pattern URI_PREFIX = Pattern.compile("[A-Za-z0-9+_-]{1,16}");

  private ConfigValidator(Config c) {
    super(c);
  }

  static TfpsConfig validate(Config merged) {
    return new ConfigValidator(merged).build();
  }

  private TfpsConfig build() {
    return new TfpsConfig(
        nodeName(),
        sip(),
        api(),
        numbers(),
        accounts(),
        engine(),
        db(),
        cluster(),
        new TfpsConfig.Decision(duration("tfps.decision.deadline", 1, 10_000)),
        AlertsReader.read(c),
        new TfpsConfig.Honeypot(
            bool("tfps.honeypot.enabled"),
            bindAddress("tfps.honeypot.bind"),
            port("tfps.honeypot.udp-port", false),
            intIn("tfps.honeypot.requests-per-minute", 1, 100_000),
            realm(),
            serverHeader()),
        new IntelConfigReader(c).intel(),
        VerifyReader.read(c),
        Redaction.effective(c));
  }

  private String nodeName() {
    String name = string("tfps.node-name");
    if (name.length() > 64) {
      throw new ConfigError(
          "tfps.node-name", name, "at most 64 characters (it names every record)");
    }
    if (!name.isEmpty()) {
      return name;
    }
    try {
      String host = InetAddress.getLocalHost().getHostName();
      return host.length() > 64 ? host.substring(0, 64) : host;
    } catch (UnknownHostException e) {
      return "tfps";
    }
  }

  private TfpsConfig.Sip sip() {
    List<Cidr> peers = new ArrayList<>();
    for (String s : stringList("tfps.sip.trusted-peers")) {
      try {
        peers.add(Cidr.parse(s));
      } catch (IllegalArgumentException e) {
        throw new ConfigError(
            "tfps.sip.trusted-peers",
            s,
            "not an address block (" + e.getMessage() + "); e.g. 10.0.0.0/8");
      }
    }
    String allowPrefix = string("tfps.sip.allow-prefix");
    if (!URI_PREFIX.matcher(allowPrefix).matches()) {
      throw new ConfigError(
          "tfps.sip.allow-prefix", allowPrefix, "1 to 16 letters, digits, '+', '-' or '_'");
    }
    int udp = port("tfps.sip.udp-port", false);
    int tcp = port("tfps.sip.tcp-port", true);
    Duration t1 = duration("tfps.sip.timers.t1", 50, 10_000);
    Duration t2 = duration("tfps.sip.timers.t2", 100, 60_000);
    if (t2.compareTo(t1) < 0) {
      throw new ConfigError(
          "tfps.sip.timers.t2", c.getString("tfps.sip.timers.t2"), "must be >= t1");
    }
    return new TfpsConfig.Sip(
        bindAddress("tfps.sip.bind"),
        udp,
        tcp,
        bytes("tfps.sip.udp-receive-buffer", 65_536, 256 << 20),
        enumValue("tfps.sip.mode", SipMode.class),
        allowPrefix,
        bool("tfps.sip.deny-redirect"),
        contactHost(),
        peers,
        enumValue("tfps.sip.identity", IdentitySource.class),
        t1,
        t2,
        intIn("tfps.sip.max-transactions", 1_000, 10_000_000),
        maxQueueDelay(),
        duration("tfps.sip.tcp-idle-timeout", 1_000, 86_400_000),
        port("tfps.sip.tls-port", true),
        tls("tfps.sip.tls", intIn("tfps.sip.tls-port", 0, 65535) > 0));
  }

  /**
   * 0 (no overload control) or 50 ms to 10 s: below that, the ordinary jitter of a loaded node (a
   * young collection, a burst of a few milliseconds) would shed calls.
   */
  private Duration maxQueueDelay() {
    String key = "tfps.sip.max-queue-delay";
    Duration d = duration(key, 0, 10_000);
    if (!d.isZero() && d.toMillis() < 50) {
      throw new ConfigError(
          key, c.getValue(key).unwrapped(), "0 (off) or a duration from 50ms to 10s");
    }
    return d;
  }

  /** Empty, a host name, or an IPv4/IPv6 literal (no brackets). */
  private String contactHost() {
    String v = string("tfps.sip.contact-host");
    if (!v.isEmpty() && !v.matches("[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45}")) {
      throw new ConfigError(
          "tfps.sip.contact-host",
          v,
          "empty, a host name such as sbc.example.com, or an IP address");
    }
    return v;
  }

  private TfpsConfig.Numbers numbers() {
    String home = string("tfps.numbers.home-country");
    if (!Countries.isIso(home)) {
      throw new ConfigError(
          "tfps.numbers.home-country", home, "an ISO 3166-1 alpha-2 country code such as US or GB");
    }
    List<String> intl = stringList("tfps.numbers.international-prefixes");
    for (String p : intl) {
      if (!DIAL_PREFIX.matcher(p).matches()) {
        throw new ConfigError(
            "tfps.numbers.international-prefixes", p, "digits only, e.g. \"00\" or \"011\"");
      }
    }
    String outside = string("tfps.numbers.outside-line-prefix");
    if (!outside.isEmpty() && !DIAL_PREFIX.matcher(outside).matches()) {
      throw new ConfigError(
          "tfps.numbers.outside-line-prefix", outside, "empty or digits, e.g. \"9\"");
    }
    return new TfpsConfig.Numbers(home, intl, outside);
  }

  private TfpsConfig.Engine engine() {
    java.util.Map<String, String> typeActions = new java.util.TreeMap<>();
    String mapKey = "tfps.engine.number-type-actions";
    for (var e : c.getConfig(mapKey).entrySet()) {
      String key = mapKey + "." + e.getKey();
      typeActions.put(e.getKey(), policyAction(key));
    }
    return new TfpsConfig.Engine(
        countries("tfps.engine.blocked-countries"),
        string("tfps.engine.ranges-file"),
        string("tfps.engine.scanner-user-agents-file"),
        typeActions,
        policyAction("tfps.engine.invalid-number-action"),
        new TfpsConfig.PrefixProbing(
            duration("tfps.engine.detectors.prefix-probing.window", 10_000, 86_400_000),
            intIn("tfps.engine.detectors.prefix-probing.forms", 2, 20),
            policyAction("tfps.engine.detectors.prefix-probing.action")),
        new TfpsConfig.Sequential(
            duration("tfps.engine.detectors.sequential.window", 10_000, 86_400_000),
            intIn("tfps.engine.detectors.sequential.numbers", 2, 50),
            intIn("tfps.engine.detectors.sequential.suffix-digits", 1, 3),
            policyAction("tfps.engine.detectors.sequential.action")),
        new TfpsConfig.Repeat(
            intIn("tfps.engine.detectors.repeat.limit", 1, 60),
            duration("tfps.engine.detectors.repeat.window", 1_000, 3_600_000),
            duration("tfps.engine.detectors.repeat.block-for", 0, 86_400_000),
            policyAction("tfps.engine.detectors.repeat.action")),
        string("tfps.engine.blocked-countries-file"),
        string("tfps.engine.rates-file"),
        string("tfps.engine.ip-deny-list-file"),
        duration("tfps.engine.reload-interval", 0, 86_400_000),
        policyAction("tfps.engine.detectors.new-destination.action"),
        new TfpsConfig.LimitActions(
            policyAction("tfps.engine.limit-actions.concurrent-calls"),
            policyAction("tfps.engine.limit-actions.calls-per-minute"),
            policyAction("tfps.engine.limit-actions.calls-per-day"),
            policyAction("tfps.engine.limit-actions.rate-ceiling"),
            policyAction("tfps.engine.limit-actions.spend")),
        duration("tfps.engine.concurrency-window", 10_000, 86_400_000),
        decimal("tfps.engine.estimated-call-minutes", 0.1, 600),
        new TfpsConfig.SourceIp(
            policyAction("tfps.engine.source-ip.listed-action"),
            intIn("tfps.engine.source-ip.deny-score", 0, 100),
            intIn("tfps.engine.source-ip.verify-score", 0, 100)),
        learning(),
        new TfpsConfig.BlockAccount(
            ruleCodes("tfps.engine.block-account.on"),
            duration("tfps.engine.block-account.for", 60_000, 365L * 86_400_000)),
        policyAction("tfps.engine.attacker-number-action"));
  }

  private TfpsConfig.Db db() {
    String url = string("tfps.db.url");
    if (!url.isEmpty()
        && !url.equals("none")
        && !url.matches(
            "(mysql|mariadb)://([^@/]+@)?[A-Za-z0-9.:\\[\\]-]+(:[0-9]{1,5})?/[A-Za-z0-9_]+(\\?.*)?")) {
      String shown = TfpsConfig.Db.safe(url);
      throw new ConfigError(
          "tfps.db.url",
          shown,
          "empty (embedded MariaDB), none, or mysql://user:password@host:3306/database");
    }
    java.util.regex.Matcher port = Pattern.compile("@?[^@/]*:([0-9]+)/[^@]*$").matcher(url);
    if (port.find()
        && (Integer.parseInt(port.group(1)) > 65535 || Integer.parseInt(port.group(1)) == 0)) {
      throw new ConfigError("tfps.db.url", TfpsConfig.Db.safe(url), "the port must be 1..65535");
    }
    String dir = string("tfps.db.data-dir");
    if (dir.isEmpty()) {
      throw new ConfigError("tfps.db.data-dir", dir, "a directory, e.g. /var/lib/tfps");
    }
    return new TfpsConfig.Db(
        url,
        Path.of(dir),
        intIn("tfps.db.pool-size", 1, 64),
        duration("tfps.db.retry-interval", 100, 600_000),
        duration("tfps.db.snapshot-interval", 1_000, 3_600_000));
  }

  /** Scopes a token may carry (docs/api.md). */
  static final java.util.Set<String> SCOPES =
      java.util.Set.of("read", "provision", "calls", "admin");

  private TfpsConfig.Api api() {
    String k = "tfps.api.";
    List<TfpsConfig.ApiToken> tokens = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    List<? extends Config> list;
    try {
      list = c.getConfigList(k + "tokens");
    } catch (com.typesafe.config.ConfigException.WrongType e) {
      // Not shown: it may be a token pasted in the wrong place.
      throw new ConfigError(k + "tokens", "(not shown)", "a list of { name, scopes, sha256 }");
    }
    for (int i = 0; i < list.size(); i++) {
      Config t = list.get(i);
      String at = k + "tokens." + i;
      for (String field : t.root().keySet()) {
        if (!List.of("name", "scopes", "sha256").contains(field)) {
          throw new ConfigError(
              at + "." + field, "(not shown)", "not a key of a token: name, scopes, sha256");
        }
      }
      tokens.add(token(t, at, names));
    }

    String file = string(k + "token-file");
    Path tokenFile =
        file.isEmpty() ? Path.of(string("tfps.db.data-dir")).resolve("api-token") : Path.of(file);
    return new TfpsConfig.Api(
        bindAddress(k + "bind"),
        port(k + "port", false),
        tokens,
        tokenFile,
        intIn(k + "auth-failures-per-minute", 1, 100_000),
        bool(k + "open-metrics"),
        tls(k + "tls", false));
  }

  /**
   * The TLS identity under {@code key} ({@code cert} and {@code key} PEM files): null when both are
   * empty, unless {@code required}; each file must exist and be readable.
   */
  private TfpsConfig.Tls tls(String key, boolean required) {
    String cert = string(key + ".cert");
    String pem = string(key + ".key");
    if (cert.isEmpty() && pem.isEmpty() && !required) {
      return null;
    }
    for (String[] f : new String[][] {{key + ".cert", cert}, {key + ".key", pem}}) {
      if (f[1].isEmpty()) {
        throw new ConfigError(f[0], f[1], "a PEM file (both cert and key are needed for TLS)");
      }
      if (!Files.isReadable(Path.of(f[1]))) {
        throw new ConfigError(f[0], f[1], "a PEM file TFPS can read (not found or not readable)");
      }
    }
    return new TfpsConfig.Tls(Path.of(cert), Path.of(pem));
  }

  private String serverHeader() {
    String server = string("tfps.honeypot.server");
    if (!server.matches("[ -~]{1,100}")) {
      throw new ConfigError(
          "tfps.honeypot.server",
          server,
          "1-100 printable ASCII characters, e.g. Asterisk PBX 18.9.0");
    }
    return server;
  }

  private String realm() {
    String realm = string("tfps.honeypot.realm");
    if (!realm.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigError("tfps.honeypot.realm", realm, "1-64 letters, digits, '.', '_' or '-'");
    }
    return realm;
  }

  /** One entry of tfps.api.tokens; a value of the wrong type is refused without being shown. */
  private static TfpsConfig.ApiToken token(Config t, String at, java.util.Set<String> names) {
    String name;
    String hash;
    List<String> scopes;
    try {
      name = t.hasPath("name") ? t.getString("name") : "";
      hash = t.hasPath("sha256") ? t.getString("sha256") : "";
      scopes = t.hasPath("scopes") ? t.getStringList("scopes") : List.of();
    } catch (ConfigException e) {
      throw new ConfigError(
          at, "(not shown)", "{ name = \"...\", scopes = [read], sha256 = \"<64 hex digits>\" }");
    }
    if (!name.matches("[A-Za-z0-9._-]{1,64}") || !names.add(name)) {
      throw new ConfigError(
          at + ".name", name, "a unique name of 1-64 letters, digits, '.', '_' or '-'");
    }
    if (!hash.matches("[0-9a-fA-F]{64}")) {
      // Never echo what was there: an operator may have pasted the token itself.
      throw new ConfigError(
          at + ".sha256",
          "(" + hash.length() + " characters, not shown)",
          "the SHA-256 of the token, 64 hex digits: printf %s \"$TOKEN\" | sha256sum");
    }
    if (scopes.isEmpty() || !SCOPES.containsAll(scopes)) {
      throw new ConfigError(
          at + ".scopes",
          String.valueOf(scopes),
          "one or more of " + new java.util.TreeSet<>(SCOPES));
    }
    return new TfpsConfig.ApiToken(
        name, new java.util.HashSet<>(scopes), hash.toLowerCase(java.util.Locale.ROOT));
  }

  private TfpsConfig.Cluster cluster() {
    String k = "tfps.cluster.";
    List<String> members = new ArrayList<>();
    for (String m : stringList(k + "members")) {
      java.util.regex.Matcher hp = Pattern.compile("(.+):([0-9]{1,5})").matcher(m);
      boolean valid = hp.matches();
      if (valid) {
        try {
          Cidr.literal(hp.group(1).replaceAll("^\\[|\\]$", ""));
          int p = Integer.parseInt(hp.group(2));
          valid = p > 0 && p <= 65535;
        } catch (IllegalArgumentException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw new ConfigError(k + "members", m, "members as IP:port, e.g. 10.0.0.2:5701");
      }
      members.add(m);
    }
    String name = string(k + "name");
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigError(k + "name", name, "1 to 64 letters, digits, dots, dashes, underscores");
    }
    String bind = string(k + "bind");
    boolean literal;
    try {
      Cidr.literal(bind);
      literal = true;
    } catch (IllegalArgumentException e) {
      literal = false;
    }
    if (!literal || bind.equals("0.0.0.0") || bind.matches("[0:]+")) {
      throw new ConfigError(
          k + "bind", bind, "this node's own address on the cluster network, e.g. 10.0.0.1");
    }
    return new TfpsConfig.Cluster(
        members, name, bind, intIn(k + "port", 1, 65535), duration(k + "batch-interval", 1, 100));
  }

  private TfpsConfig.Learning learning() {
    String k = "tfps.engine.learning.";
    Duration window = duration(k + "window", 86_400_000, 366L * 86_400_000);
    Duration period = duration(k + "learning-period", 0, 366L * 86_400_000);
    if (window.toMillis() % 86_400_000 != 0 || period.toMillis() % 86_400_000 != 0) {
      throw new ConfigError(
          k + (window.toMillis() % 86_400_000 != 0 ? "window" : "learning-period"),
          c.getValue(k + (window.toMillis() % 86_400_000 != 0 ? "window" : "learning-period"))
              .unwrapped(),
          "whole days, e.g. 28d");
    }
    if (period.compareTo(window) > 0) {
      throw new ConfigError(
          k + "learning-period",
          c.getValue(k + "learning-period").unwrapped(),
          "at most the learning window (" + c.getValue(k + "window").unwrapped() + ")");
    }
    return new TfpsConfig.Learning(
        (int) window.toDays(),
        (int) period.toDays(),
        decimal(k + "deviations", 0.5, 10),
        intIn(k + "min-daily-calls", 1, 10_000_000),
        intIn(k + "min-concurrent-calls", 1, 100_000),
        policyAction(k + "action"));
  }

  /** Rule codes such as R23: each must be a code of a rule that can deny. */
  private Set<String> ruleCodes(String key) {
    Set<String> out = new LinkedHashSet<>();
    for (String code : stringList(key)) {
      String t = code.trim().toUpperCase(Locale.ROOT);
      if (!BLOCKING_CODES.contains(t)) {
        throw new ConfigError(
            key, code, "a code of a rule that can deny: " + String.join(", ", BLOCKING_CODES));
      }
      out.add(t);
    }
    return out;
  }

  /** Codes whose denial may block the account (R13 itself cannot). */
  private static final Set<String> BLOCKING_CODES =
      new java.util.TreeSet<>(
          Set.of(
              "R01", "R02", "R05", "R06", "R08", "R09", "R10", "R11", "R14", "R15", "R20", "R21",
              "R22", "R23", "R24", "R25", "R26", "R27", "R28"));

  private TfpsConfig.Accounts accounts() {
    String zoneText = string("tfps.accounts.time-zone");
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneText);
    } catch (java.time.DateTimeException e) {
      throw new ConfigError(
          "tfps.accounts.time-zone",
          zoneText,
          "an IANA time zone such as America/New_York, Europe/Paris or UTC");
    }
    BusinessHours hours;
    // One string (an environment override) is one spec: RRULE values contain commas.
    List<String> specs = stringList("tfps.accounts.business-hours", false);
    try {
      hours = specs.isEmpty() ? BusinessHours.always() : BusinessHours.parse(specs, zone);
    } catch (IllegalArgumentException e) {
      throw new ConfigError(
          "tfps.accounts.business-hours",
          String.join(" + ", specs),
          e.getMessage() + " (formats: docs/business-hours.md)");
    }
    String l = "tfps.accounts.limits.";
    return new TfpsConfig.Accounts(
        zone,
        hours,
        new Limits(
            intIn(l + "concurrent-calls.business", 0, 1_000_000),
            intIn(l + "concurrent-calls.off-hours", 0, 1_000_000),
            intIn(l + "calls-per-minute.business", 0, 1_000_000),
            intIn(l + "calls-per-minute.off-hours", 0, 1_000_000),
            intIn(l + "calls-per-day.total", 0, 100_000_000),
            intIn(l + "calls-per-day.off-hours", 0, 100_000_000),
            decimal(l + "max-rate-per-minute", 0, 1_000_000),
            decimal(l + "max-spend-per-hour", 0, 1_000_000_000),
            decimal(l + "max-spend-per-day", 0, 1_000_000_000)),
        bool("tfps.accounts.monitor-only"));
  }

  private String policyAction(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (!v.equals("deny") && !v.equals("verify") && !v.equals("alert")) {
      throw new ConfigError(key, string(key), "one of deny, verify, alert");
    }
    return v;
  }

  private Set<String> countries(String key) {
    Set<String> out = new LinkedHashSet<>();
    for (String code : stringList(key)) {
      String trimmed = code.trim();
      if (!Countries.isIso(trimmed)) {
        throw new ConfigError(
            key,
            code,
            "not an ISO 3166-1 alpha-2 country code; valid codes are two capital letters such as"
                + " CU, LV or TN");
      }
      out.add(trimmed);
    }
    return out;
  }

  // -- typed getters: each names the key when the value has the wrong type ------------------
}
