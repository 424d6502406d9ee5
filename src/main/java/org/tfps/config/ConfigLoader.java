package org.tfps.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads {@code reference.conf}, the operator's file on top, environment overrides, then system
 * properties, and validates the result into a {@link TfpsConfig}. Every failure is a {@link
 * ConfigError} naming the key.
 */
public final class ConfigLoader {

  /** The appliance's file, written by cloud-init; read when present and no --config is given. */
  public static final Path APPLIANCE_FILE = Path.of("/etc/tfps/tfps.conf");

  /** Environment variables with this prefix override keys (Typesafe Config's convention). */
  static final String ENV_PREFIX = "CONFIG_FORCE_";

  private ConfigLoader() {}

  /** Loads with the process environment and system properties. */
  public static TfpsConfig load(Optional<Path> file) {
    return load(file, System.getenv(), System.getProperties());
  }

  /**
   * Loads from an explicit file (or the appliance file when present), environment and properties.
   */
  public static TfpsConfig load(
      Optional<Path> file, Map<String, String> env, Properties systemProperties) {
    Config reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf");
    Config operator = ConfigFactory.empty();
    Optional<Path> chosen = file.or(() -> Optional.of(APPLIANCE_FILE).filter(Files::exists));
    if (chosen.isPresent()) {
      Path path = chosen.get();
      if (!Files.isReadable(path)) {
        throw new ConfigError("--config", path.toString(), "file not found or not readable");
      }
      try {
        operator =
            ConfigFactory.parseFile(
                path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new ConfigError(path.toString(), oneLine(e.getMessage()));
      }
    }
    Config merged;
    try {
      merged =
          ConfigFactory.parseProperties(tfpsOnly(systemProperties))
              .withFallback(envOverrides(env))
              .withFallback(operator)
              .withFallback(reference)
              .resolve();
    } catch (ConfigException e) {
      throw new ConfigError("config", oneLine(e.getMessage()));
    }
    rejectUnknownKeys(merged, reference);
    return ConfigValidator.validate(merged);
  }

  /**
   * {@code CONFIG_FORCE_tfps_sip_udp__port=5070} sets {@code tfps.sip.udp-port}: a single
   * underscore is a dot, a double one a dash, a triple one an underscore.
   */
  static Config envOverrides(Map<String, String> env) {
    Config out = ConfigFactory.empty();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      String path =
          e.getKey()
              .substring(ENV_PREFIX.length())
              .replace("___", "\u0000")
              .replace("__", "-")
              .replace('_', '.')
              .replace('\u0000', '_');
      out =
          out.withValue(
              path, ConfigValueFactory.fromAnyRef(e.getValue(), "environment " + e.getKey()));
    }
    return out;
  }

  private static Properties tfpsOnly(Properties all) {
    Properties p = new Properties();
    for (String name : all.stringPropertyNames()) {
      if (name.startsWith("tfps.")) {
        p.setProperty(name, all.getProperty(name));
      }
    }
    return p;
  }

  /** Maps whose keys the operator chooses; their keys are checked where they are used. */
  private static final String OPERATOR_MAPS = "tfps.engine.number-type-actions.";

  private static void rejectUnknownKeys(Config merged, Config reference) {
    Set<String> known = new TreeSet<>();
    reference.getConfig("tfps").entrySet().forEach(e -> known.add("tfps." + e.getKey()));
    if (!merged.hasPath("tfps")) {
      return;
    }
    for (var e : merged.getConfig("tfps").entrySet()) {
      String key = "tfps." + e.getKey();
      if (!known.contains(key) && !key.startsWith(OPERATOR_MAPS)) {
        throw new ConfigError(
            key, "unknown key (" + e.getValue().origin().description() + "); see reference.conf");
      }
    }
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ");
  }
}
