package org.tfps.config;

/**
 * A configuration value that cannot be used. Its message is one line naming the key, the value and
 * what would be valid, so an operator can fix the file without reading code.
 */
public final class ConfigError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigError(String key, Object value, String expected) {
    super(key + " = " + quote(value) + ": " + expected);
    this.key = key;
  }

  public ConfigError(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  /** The full path of the offending key, for example {@code tfps.sip.udp-port}. */
  public String key() {
    return key;
  }

  private static String quote(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
