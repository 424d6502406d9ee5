package org.tfps.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import java.util.regex.Pattern;

/** The effective configuration with its secrets hidden, for the API and support requests. */
final class Redaction {

  /** Keys whose values are secrets wherever they appear (passwords, tokens, keys, hashes). */
  private static final Pattern SECRET =
      Pattern.compile(
          "(?i)(.*-)?(password|passwd|secret|token|key|apikey|sha256|pin|credentials?)(-.*)?");

  /** The password of a URL's user-info ({@code mysql://user:password@host/db}). */
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@]*:)[^@]*@");

  static final String HIDDEN = "(redacted)";

  private Redaction() {}

  /** The {@code tfps} subtree of {@code merged} as JSON, secrets redacted. */
  static String effective(Config merged) {
    Config c = merged.getConfig("tfps");
    // Lists of objects (tfps.api.tokens) are not walked by entrySet: their hashes go too.
    if (c.hasPath("api.tokens")) {
      java.util.List<Object> tokens = new java.util.ArrayList<>();
      for (Config t : c.getConfigList("api.tokens")) {
        tokens.add(
            Map.of(
                "name", t.hasPath("name") ? t.getString("name") : "",
                "scopes", t.hasPath("scopes") ? t.getStringList("scopes") : java.util.List.of(),
                "sha256", HIDDEN));
      }
      c = c.withValue("api.tokens", ConfigValueFactory.fromIterable(tokens));
    }
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      String key = e.getKey();
      ConfigValue v = e.getValue();
      String last = key.substring(key.lastIndexOf('.') + 1);
      // Paths, not secrets: where the token and the TLS private key are kept.
      if (key.equals("api.tokens") || last.equals("token-file") || key.endsWith("tls.key")) {
        continue;
      }
      if (SECRET.matcher(last).matches()) {
        c = c.withValue(key, ConfigValueFactory.fromAnyRef(HIDDEN));
      } else if (v.unwrapped() instanceof String s && URL_PASSWORD.matcher(s).find()) {
        String shown = URL_PASSWORD.matcher(s).replaceAll("$1" + HIDDEN + "@");
        c = c.withValue(key, ConfigValueFactory.fromAnyRef(shown));
      }
    }
    return c.root().render(ConfigRenderOptions.concise());
  }
}
