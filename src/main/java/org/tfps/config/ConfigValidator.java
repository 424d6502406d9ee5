package org.tfps.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a merged {@link Config} into a {@link TfpsConfig}, checking every value. */
final class ConfigValidator {

  /**
   * ISO 3166-1 alpha-2 codes known to the JDK, plus XK (Kosovo, +383): user-assigned in ISO 3166
   * but used by libphonenumber and the ITU, so operators can block it.
   */
  private static final Set<String> ISO_COUNTRIES = isoCountries();

  private static Set<String> isoCountries() {
    Set<String> all = new java.util.HashSet<>(Set.of(Locale.getISOCountries()));
    all.add("XK");
    return Set.copyOf(all);
  }

  /** Dial prefixes are digits: a dial string with anything else is not a phone number. */
  private static final Pattern DIAL_PREFIX = Pattern.compile("[0-9]{1,8}");

  /** A prefix that can lead a SIP user part: letters, digits, and '+', '-', '_'. */
  private static final Pattern URI_PREFIX = Pattern.compile("[A-Za-z0-9+_-]{1,16}");

  private final Config c;

  private ConfigValidator(Config c) {
    this.c = c;
  }

  static TfpsConfig validate(Config merged) {
    return new ConfigValidator(merged).build();
  }

  private TfpsConfig build() {
    return new TfpsConfig(
        nodeName(),
        sip(),
        new TfpsConfig.Api(bindAddress("tfps.api.bind"), port("tfps.api.port", false)),
        numbers(),
        engine(),
        new TfpsConfig.Decision(duration("tfps.decision.deadline", 1, 10_000)));
  }

  private String nodeName() {
    String name = string("tfps.node-name");
    if (!name.isEmpty()) {
      return name;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
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
        duration("tfps.sip.tcp-idle-timeout", 1_000, 86_400_000));
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
    if (!ISO_COUNTRIES.contains(home)) {
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
            intIn("tfps.engine.detectors.repeat.limit", 1, 1000),
            duration("tfps.engine.detectors.repeat.window", 1_000, 3_600_000),
            duration("tfps.engine.detectors.repeat.block-for", 0, 86_400_000),
            policyAction("tfps.engine.detectors.repeat.action")));
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
      if (!ISO_COUNTRIES.contains(trimmed)) {
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

  private String string(String key) {
    try {
      return c.getString(key).trim();
    } catch (ConfigException e) {
      throw wrong(key, "a string");
    }
  }

  private boolean bool(String key) {
    try {
      return c.getBoolean(key);
    } catch (ConfigException e) {
      throw wrong(key, "true or false");
    }
  }

  private int intIn(String key, int min, int max) {
    int v;
    try {
      v = c.getInt(key);
    } catch (ConfigException e) {
      throw wrong(key, "a whole number " + min + ".." + max);
    }
    if (v < min || v > max) {
      throw new ConfigError(key, v, "a whole number " + min + ".." + max);
    }
    return v;
  }

  private int port(String key, boolean zeroDisables) {
    String expected = zeroDisables ? "a port 1..65535, or 0 to disable" : "a port 0..65535";
    int v;
    try {
      v = c.getInt(key);
    } catch (ConfigException e) {
      throw wrong(key, expected);
    }
    if (v < 0 || v > 65535) {
      throw new ConfigError(key, v, expected);
    }
    return v;
  }

  private int bytes(String key, long min, long max) {
    String expected = "a size from " + min + " bytes to " + (max >> 20) + "MiB, e.g. 4MiB";
    long v;
    try {
      v = c.getBytes(key);
    } catch (ConfigException e) {
      throw wrong(key, expected);
    }
    if (v < min || v > max) {
      throw new ConfigError(key, c.getValue(key).unwrapped(), expected);
    }
    return (int) v;
  }

  private Duration duration(String key, long minMillis, long maxMillis) {
    String expected =
        "a duration from " + minMillis + "ms to " + maxMillis + "ms, e.g. 500ms or 4s";
    Duration d;
    try {
      d = c.getDuration(key);
    } catch (ConfigException e) {
      throw wrong(key, expected);
    }
    if (d.toMillis() < minMillis || d.toMillis() > maxMillis) {
      throw new ConfigError(key, c.getValue(key).unwrapped(), expected);
    }
    return d;
  }

  private String bindAddress(String key) {
    String v = string(key);
    try {
      Cidr.literal(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigError(key, v, "a literal IP address such as 127.0.0.1 or 0.0.0.0");
    }
    return v;
  }

  private <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    String v = string(key);
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E constant : type.getEnumConstants()) {
        names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new ConfigError(key, v, "one of " + String.join(", ", names));
    }
  }

  /** A list, or a comma-separated string (as environment overrides give). */
  private List<String> stringList(String key) {
    try {
      if (c.getValue(key).valueType() == ConfigValueType.STRING) {
        String s = c.getString(key).trim();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s*,\\s*"));
      }
      return c.getStringList(key);
    } catch (ConfigException e) {
      throw wrong(key, "a list of strings, e.g. [\"a\", \"b\"]");
    }
  }

  private ConfigError wrong(String key, String expected) {
    Object shown = c.hasPath(key) ? c.getValue(key).unwrapped() : "(missing)";
    return new ConfigError(key, shown, expected);
  }
}
