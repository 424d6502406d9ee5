package org.tfps.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tfps.config.ConfigError;
import org.tfps.config.TfpsConfig;
import org.tfps.engine.Action;
import org.tfps.engine.Actions;
import org.tfps.engine.RuleData;
import org.tfps.engine.ScannerAgents;
import org.tfps.intel.IpDenyList;
import org.tfps.numbers.Countries;
import org.tfps.numbers.DataFileException;
import org.tfps.numbers.NumberType;
import org.tfps.numbers.RangeTable;
import org.tfps.numbers.RateDeck;

/**
 * Reads the rule data files (or the built-in ones) and the number-type policy, turning every
 * problem into a {@link ConfigError} that names the key, the file and the line. Blocking I/O:
 * called at startup and on reload, never on an event loop.
 */
final class RuleDataLoader {

  static final String BUILT_IN_RANGES = "/data/ranges.csv";
  static final String BUILT_IN_SCANNERS = "/data/scanner-user-agents.txt";

  private RuleDataLoader() {}

  static RuleData load(TfpsConfig.Engine config) {
    try {
      RangeTable ranges =
          RangeTable.parse(
              source(config.rangesFile(), BUILT_IN_RANGES),
              lines("tfps.engine.ranges-file", config.rangesFile(), BUILT_IN_RANGES));
      ScannerAgents scanners =
          ScannerAgents.parse(
              source(config.scannerUserAgentsFile(), BUILT_IN_SCANNERS),
              lines(
                  "tfps.engine.scanner-user-agents-file",
                  config.scannerUserAgentsFile(),
                  BUILT_IN_SCANNERS));
      RateDeck rates =
          config.ratesFile().isEmpty()
              ? RateDeck.empty()
              : RateDeck.parse(
                  config.ratesFile(), lines("tfps.engine.rates-file", config.ratesFile(), ""));
      Set<String> blocked =
          config.blockedCountriesFile().isEmpty()
              ? config.blockedCountries()
              : Countries.parse(
                  config.blockedCountriesFile(),
                  lines("tfps.engine.blocked-countries-file", config.blockedCountriesFile(), ""));
      return new RuleData(blocked, ranges, scanners, rates);
    } catch (DataFileException e) {
      throw new ConfigError("tfps.engine", e.getMessage());
    }
  }

  /** The source-address deny list (rule R02), empty when none is configured. */
  static IpDenyList ipDenyList(TfpsConfig.Engine config) {
    if (config.ipDenyListFile().isEmpty()) {
      return IpDenyList.empty();
    }
    try {
      return IpDenyList.parse(
          config.ipDenyListFile(),
          lines("tfps.engine.ip-deny-list-file", config.ipDenyListFile(), ""));
    } catch (DataFileException e) {
      throw new ConfigError("tfps.engine", e.getMessage());
    }
  }

  /** The operator's data files (the built-in ones never change at runtime). */
  static List<Path> files(TfpsConfig.Engine config) {
    return java.util.stream.Stream.of(
            config.rangesFile(),
            config.scannerUserAgentsFile(),
            config.ratesFile(),
            config.blockedCountriesFile(),
            config.ipDenyListFile())
        .filter(f -> !f.isEmpty())
        .map(Path::of)
        .toList();
  }

  /** The number-type policy, with each type name checked against {@link NumberType}. */
  static Map<NumberType, Action> numberTypeActions(TfpsConfig.Engine config) {
    Map<NumberType, Action> out = new EnumMap<>(NumberType.class);
    for (var e : config.numberTypeActions().entrySet()) {
      NumberType type = null;
      for (NumberType t : NumberType.values()) {
        if (t.configName().equals(e.getKey().toLowerCase(Locale.ROOT))) {
          type = t;
        }
      }
      if (type == null || type == NumberType.UNKNOWN) {
        throw new ConfigError(
            "tfps.engine.number-type-actions." + e.getKey(),
            "not a number type; valid: premium-rate, shared-cost, uan, toll-free, voip,"
                + " personal-number, pager, voicemail, mobile, fixed-line, fixed-line-or-mobile");
      }
      out.put(type, Actions.parse(e.getValue()));
    }
    return out;
  }

  private static String source(String file, String builtIn) {
    return file.isEmpty() ? "built-in " + builtIn : file;
  }

  private static List<String> lines(String key, String file, String builtIn) {
    try {
      if (file.isEmpty()) {
        try (InputStream in = RuleDataLoader.class.getResourceAsStream(builtIn)) {
          if (in == null) {
            throw new IllegalStateException("missing resource " + builtIn);
          }
          return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
      }
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigError(
          key,
          file,
          "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
  }
}
