package org.tfps.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reads and checks {@code tfps.verify} (docs/configuration.md, docs/ivr.md). */
final class VerifyReader extends ConfigReader {

  private static final String K = "tfps.verify.";

  private VerifyReader(Config c) {
    super(c);
  }

  static VerifyConfig read(Config merged) {
    return new VerifyReader(merged).verify();
  }

  private VerifyConfig verify() {
    VerifyConfig.Mode mode = enumValue(K + "mode", VerifyConfig.Mode.class);
    String media = bindAddress(K + "media-address");
    int[] range = ports();
    String pin = string(K + "pin");
    if (!pin.isEmpty() && !org.tfps.decision.Pins.valid(pin)) {
      throw new ConfigError(
          K + "pin", "(not shown)", "4 to 12 digits (as accounts' PINs), or empty");
    }
    String dir = string(K + "prompts-dir");
    Path prompts = null;
    if (!dir.isEmpty()) {
      prompts = Path.of(dir);
      if (!Files.isDirectory(prompts)) {
        throw new ConfigError(K + "prompts-dir", dir, "a readable directory, or empty");
      }
    }
    String language = string(K + "language");
    if (!language.matches("[a-z]{2,8}")) {
      throw new ConfigError(K + "language", language, "a language code such as en");
    }
    long seed;
    try {
      seed = c.getLong(K + "test-seed");
    } catch (ConfigException e) {
      throw wrong(K + "test-seed", "a whole number (0: off)");
    }
    Duration interDigit = duration(K + "inter-digit-timeout", 1_000, 60_000);
    Duration timeout = duration(K + "timeout", 5_000, 600_000);
    if (timeout.compareTo(interDigit) < 0) {
      throw new ConfigError(
          K + "timeout", timeout, "at least inter-digit-timeout (" + interDigit + ")");
    }
    return new VerifyConfig(
        mode,
        media,
        range[0],
        range[1],
        intIn(K + "max-attempts", 1, 10),
        intIn(K + "code-digits", 3, 10),
        interDigit,
        timeout,
        duration(K + "silence-timeout", 5_000, 600_000),
        bool(K + "symmetric-rtp"),
        duration(K + "block-for", 1_000, 30L * 86_400_000),
        enumValue(K + "authorize", VerifyConfig.Authorize.class),
        language,
        prompts,
        pin,
        seed);
  }

  private int[] ports() {
    List<Integer> list;
    try {
      list = c.getIntList(K + "rtp-ports");
    } catch (ConfigException e) {
      throw wrong(K + "rtp-ports", "[first, last], e.g. [20000, 20999]");
    }
    if (list.size() != 2
        || list.get(0) < 1024
        || list.get(1) > 65_534
        || list.get(0) > list.get(1)) {
      throw new ConfigError(
          K + "rtp-ports", list, "[first, last] within 1024..65534, first <= last");
    }
    return new int[] {list.get(0), list.get(1)};
  }
}
