package org.tfps.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

  /** The {@code tfps} subtree of {@code merged} as JSON, secrets redacted at any depth. */
  static String effective(Config merged) {
    JsonObject tree =
        new JsonObject(merged.getConfig("tfps").root().render(ConfigRenderOptions.concise()));
    return redact(tree, "").encode();
  }

  private static JsonObject redact(JsonObject o, String path) {
    for (String key : o.fieldNames().toArray(new String[0])) {
      Object v = o.getValue(key);
      String at = path.isEmpty() ? key : path + "." + key;
      if (v instanceof JsonObject child) {
        redact(child, at);
      } else if (v instanceof JsonArray list) {
        for (Object item : list) {
          if (item instanceof JsonObject child) {
            redact(child, at);
          }
        }
        if (secret(key, at)) {
          o.put(key, HIDDEN);
        }
      } else if (secret(key, at)) {
        o.put(key, HIDDEN);
      } else if ((at.equals("alerts.webhooks.url") || at.equals("intel.lists.url"))
          && v instanceof String url) {
        o.put(key, TfpsConfig.shownUrl(url)); // a Slack webhook's path is its secret
      } else if (v instanceof String s && URL_PASSWORD.matcher(s).find()) {
        o.put(key, URL_PASSWORD.matcher(s).replaceAll("$1" + HIDDEN + "@"));
      }
    }
    return o;
  }

  /**
   * A secret's key; paths (where the token and the TLS key are kept) and lists of tokens are not.
   */
  private static boolean secret(String key, String path) {
    if (key.equals("token-file") || path.endsWith("tls.key") || path.equals("api.tokens")) {
      return false;
    }
    return SECRET.matcher(key).matches();
  }
}
