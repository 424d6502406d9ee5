package org.tfps.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads typed values from the merged configuration; every wrong value is a {@link ConfigError}. */
abstract class ConfigReader {

  /** The merged configuration. */
  final Config c;

  ConfigReader(Config c) {
    this.c = c;
  }

  String string(String key) {
    try {
      return c.getString(key).trim();
    } catch (ConfigException e) {
      throw wrong(key, "a string");
    }
  }

  boolean bool(String key) {
    try {
      return c.getBoolean(key);
    } catch (ConfigException e) {
      throw wrong(key, "true or false");
    }
  }

  int intIn(String key, int min, int max) {
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

  double decimal(String key, double min, double max) {
    String expected = "a number from " + plain(min) + " to " + plain(max);
    double v;
    try {
      v = c.getDouble(key);
    } catch (ConfigException e) {
      throw wrong(key, expected);
    }
    if (!(v >= min && v <= max)) {
      throw new ConfigError(key, c.getValue(key).unwrapped(), expected);
    }
    return v;
  }

  int port(String key, boolean zeroDisables) {
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

  int bytes(String key, long min, long max) {
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

  Duration duration(String key, long minMillis, long maxMillis) {
    String expected =
        "a duration from "
            + human(minMillis)
            + " to "
            + human(maxMillis)
            + " (a number and a unit: ms, s, m, h or d)";
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

  /** 1.0E9 as "1000000000", 0.1 as "0.1". */
  static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** 86400000 as "1d", 90000 as "90s": the largest unit that divides it. */
  static String human(long millis) {
    long[] units = {86_400_000, 3_600_000, 60_000, 1_000};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis != 0 && millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }

  String bindAddress(String key) {
    String v = string(key);
    try {
      Cidr.literal(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigError(key, v, "a literal IP address such as 127.0.0.1 or 0.0.0.0");
    }
    return v;
  }

  <E extends Enum<E>> E enumValue(String key, Class<E> type) {
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
  List<String> stringList(String key) {
    return stringList(key, true);
  }

  /** A list, or a string: split at commas when {@code commas}, else a list of one. */
  List<String> stringList(String key, boolean commas) {
    try {
      if (c.getValue(key).valueType() == ConfigValueType.STRING) {
        String s = c.getString(key).trim();
        if (s.isEmpty()) {
          return List.of();
        }
        return commas ? List.of(s.split("\\s*,\\s*")) : List.of(s);
      }
      return c.getStringList(key);
    } catch (ConfigException e) {
      throw wrong(key, "a list of strings, e.g. [\"a\", \"b\"]");
    }
  }

  ConfigError wrong(String key, String expected) {
    Object shown = c.hasPath(key) ? c.getValue(key).unwrapped() : "(missing)";
    return new ConfigError(key, shown, expected);
  }
}
