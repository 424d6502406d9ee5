package org.tfps.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.ConfigError;
import org.tfps.config.TfpsConfig;

/**
 * The bearer tokens the API accepts, kept as SHA-256 hashes: the configured ones, or, when none is
 * configured, the admin token in {@code tfps.api.token-file}, generated at the first start.
 */
public final class ApiTokens {

  private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

  /** Who a token is: its name (logged in its place) and its scopes. */
  public record Holder(String name, Set<String> scopes) {

    /** True when this token may use a route that needs {@code scope}. */
    public boolean may(String scope) {
      return scopes.contains("admin")
          || scopes.contains(scope)
          || ("read".equals(scope) && scopes.contains("provision"));
    }
  }

  /** Random bytes in a generated token: 256 bits. */
  static final int TOKEN_BYTES = 32;

  /** Generated tokens start with this, so a leaked one is easy to recognize in a scan. */
  static final String PREFIX = "tfps_";

  private final Map<String, Holder> byHash;

  private ApiTokens(Map<String, Holder> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  /** Tokens from their hashes (tests, tools). */
  public static ApiTokens of(List<TfpsConfig.ApiToken> tokens) {
    Map<String, Holder> m = new HashMap<>();
    for (TfpsConfig.ApiToken t : tokens) {
      m.put(t.sha256(), new Holder(t.name(), t.scopes()));
    }
    return new ApiTokens(m);
  }

  /**
   * The configured tokens; with none, the admin token of the token file, which is written first
   * (owner read/write only) when it does not exist. Blocking file I/O: call it at startup.
   *
   * @throws ConfigError when the token file cannot be read or written, or holds no token
   */
  public static ApiTokens load(TfpsConfig.Api config) {
    if (!config.tokens().isEmpty()) {
      return of(config.tokens());
    }
    Path file = config.tokenFile();
    String token = readOrCreate(file);
    return new ApiTokens(Map.of(sha256(token), new Holder("admin", Set.of("admin"))));
  }

  /** The holder of {@code token}, or null when it is none of ours. */
  public Holder holder(String token) {
    return byHash.get(sha256(token));
  }

  /** Tokens accepted. */
  public int size() {
    return byHash.size();
  }

  private static String readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        String token =
            Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        if (token.length() < 16) {
          throw new ConfigError(
              "tfps.api.token-file",
              file.toString(),
              "a file whose first line is the API token (16 characters or more); delete it to"
                  + " have TFPS generate a new one");
        }
        return token;
      }
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      String token = generate();
      write(file, token);
      log.warn(
          "no API token configured: generated an admin token and wrote it to {} (readable by its"
              + " owner only); tfpsctl reads it with --token-file {}",
          file.toAbsolutePath(),
          file.toAbsolutePath());
      return token;
    } catch (IOException e) {
      throw new ConfigError(
          "tfps.api.token-file", file.toString(), "a file TFPS can read and write (" + e + ")");
    }
  }

  private static void write(Path file, String token) throws IOException {
    byte[] line = (token + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException raced) {
      throw new IOException("created meanwhile by another process", raced);
    }
    Files.write(file, line, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
  }

  /** A new random token: "tfps_" and 43 URL-safe base64 characters. */
  static String generate() {
    byte[] b = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 of the token's UTF-8 bytes, lower-case hex (what tfps.api.tokens holds). */
  public static String sha256(String token) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
