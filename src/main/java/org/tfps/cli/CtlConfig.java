package org.tfps.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tfps.cli.TfpsCtl.Failure;

/**
 * Where tfpsctl finds the API and the token it sends. Each setting comes from the first source that
 * has it: the command line ({@code --url}, {@code --token-file}), the environment ({@code
 * TFPS_URL}, {@code TFPS_TOKEN}, {@code TFPS_TOKEN_FILE}), then the settings file ({@code --config
 * FILE}, else {@code $TFPS_CTL_CONF}, else {@value #SYSTEM_FILE} when it is there).
 *
 * <p>The settings file holds {@code key = value} lines with the keys {@code url}, {@code token} and
 * {@code token-file} (relative to the file's directory); lines starting with {@code #} and blank
 * lines are skipped. A token file holds the token on its first line.
 *
 * <p>The token is never part of a message or of {@link #toString()}: errors name where it came from
 * instead.
 */
final class CtlConfig {

  /** The API of a TFPS started with its defaults. */
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  /** The settings file read when neither --config nor TFPS_CTL_CONF names one. */
  static final String SYSTEM_FILE = "/etc/tfps/tfpsctl.conf";

  /** Names the settings file; set but empty, no settings file is read (tests use that). */
  static final String CONF_ENV = "TFPS_CTL_CONF";

  private static final Set<String> KEYS = Set.of("url", "token", "token-file");

  private final String url;
  private final String token;
  private final String tokenSource;

  private CtlConfig(String url, String token, String tokenSource) {
    this.url = url;
    this.token = token;
    this.tokenSource = tokenSource;
  }

  /**
   * Resolves the settings.
   *
   * @param urlOption {@code --url}, or null
   * @param tokenFileOption {@code --token-file}, or null
   * @param configOption {@code --config}, or null
   * @param env the environment
   * @throws Failure exit code 1 for a settings file or token file that cannot be read, or a bad URL
   */
  static CtlConfig resolve(
      String urlOption, String tokenFileOption, String configOption, Map<String, String> env)
      throws Failure {
    Path file = settingsFile(configOption, env);
    Map<String, String> conf = file == null ? Map.of() : read(file);
    String url;
    String urlSource;
    if (urlOption != null) {
      url = urlOption;
      urlSource = "--url";
    } else if (present(env.get("TFPS_URL"))) {
      url = env.get("TFPS_URL").strip();
      urlSource = "TFPS_URL";
    } else if (conf.containsKey("url")) {
      url = conf.get("url");
      urlSource = "url in " + file;
    } else {
      url = DEFAULT_URL;
      urlSource = "the default";
    }
    String[] token = token(tokenFileOption, env, conf, file);
    return new CtlConfig(checkUrl(url, urlSource), token[0], token[1]);
  }

  /** The API's base URL, without a trailing slash. */
  String url() {
    return url;
  }

  /** The bearer token, or null when none is set. */
  String token() {
    return token;
  }

  /** Where the token came from (for messages), or null when none is set. */
  String tokenSource() {
    return tokenSource;
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "CtlConfig[url="
        + url
        + ", token="
        + (token == null ? "none" : "from " + tokenSource)
        + "]";
  }

  private static Path settingsFile(String configOption, Map<String, String> env) throws Failure {
    if (configOption != null) {
      return readable(Path.of(configOption), "--config");
    }
    String named = env.get(CONF_ENV);
    if (named != null) {
      return named.isBlank() ? null : readable(Path.of(named.strip()), CONF_ENV);
    }
    Path system = Path.of(SYSTEM_FILE);
    return Files.isReadable(system) ? system : null;
  }

  private static Path readable(Path file, String source) throws Failure {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new Failure(
          TfpsCtl.USAGE, "cannot read the settings file " + file + " (from " + source + ")");
    }
    return file;
  }

  /** The settings file's keys. Messages name the line, never its text (it may hold the token). */
  private static Map<String, String> read(Path file) throws Failure {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Failure(
          TfpsCtl.USAGE,
          "cannot read the settings file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    Map<String, String> conf = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new Failure(TfpsCtl.USAGE, file + " line " + (i + 1) + ": expected key = value");
      }
      String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (!KEYS.contains(key)) {
        throw new Failure(
            TfpsCtl.USAGE,
            file
                + " line "
                + (i + 1)
                + ": unknown key '"
                + HumanOutput.clean(key)
                + "' (known: url, token, token-file)");
      }
      conf.put(key, line.substring(eq + 1).strip());
    }
    return conf;
  }

  /** The token and where it came from, or two nulls. */
  private static String[] token(
      String tokenFileOption, Map<String, String> env, Map<String, String> conf, Path file)
      throws Failure {
    String source;
    String token;
    if (tokenFileOption != null) {
      source = "--token-file " + tokenFileOption;
      token = readToken(Path.of(tokenFileOption), source);
    } else if (present(env.get("TFPS_TOKEN"))) {
      source = "TFPS_TOKEN";
      token = env.get("TFPS_TOKEN").strip();
    } else if (present(env.get("TFPS_TOKEN_FILE"))) {
      String named = env.get("TFPS_TOKEN_FILE").strip();
      source = "TFPS_TOKEN_FILE " + named;
      token = readToken(Path.of(named), source);
    } else if (present(conf.get("token"))) {
      source = "token in " + file;
      token = conf.get("token");
    } else if (present(conf.get("token-file"))) {
      Path named = Path.of(conf.get("token-file"));
      Path dir = file.toAbsolutePath().getParent();
      Path resolved = named.isAbsolute() || dir == null ? named : dir.resolve(named);
      source = "token-file " + resolved + " in " + file;
      token = readToken(resolved, source);
    } else {
      return new String[] {null, null};
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new Failure(
            TfpsCtl.USAGE,
            "the token from " + source + " holds a character a bearer token cannot hold");
      }
    }
    return new String[] {token, source};
  }

  private static String readToken(Path file, String source) throws Failure {
    String first;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      first = in.readLine();
    } catch (IOException e) {
      throw new Failure(
          TfpsCtl.USAGE,
          "cannot read the token file (" + source + "): " + e.getClass().getSimpleName());
    }
    if (first == null || first.isBlank()) {
      throw new Failure(TfpsCtl.USAGE, "the token file (" + source + ") is empty");
    }
    return first.strip();
  }

  /**
   * The URL without a trailing slash, once it is known to be http(s)://host[:port][/path]. A URL
   * with user info is refused without being echoed: credentials belong in a token file.
   */
  private static String checkUrl(String url, String source) throws Failure {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Failure(TfpsCtl.USAGE, "the API URL from " + source + " is not a URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new Failure(
          TfpsCtl.USAGE,
          "the API URL from " + source + " holds user info: put the token in a token file");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new Failure(
          TfpsCtl.USAGE,
          "the API URL from "
              + source
              + " must look like http://host:port (or https://, with an optional path), not "
              + HumanOutput.clean(url));
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
