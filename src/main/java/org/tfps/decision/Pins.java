package org.tfps.decision;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PINs kept as salted PBKDF2-HMAC-SHA256 hashes, {@code pbkdf2-sha256$iterations$salt$hash}
 * (base64). A PIN has few digits, so the hash slows a guess from a stolen database, it cannot make
 * one impossible: the caller's attempts are limited where the PIN is asked (the verify dialog).
 */
public final class Pins {

  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256: about 0.2 s a check on the 2-core appliance. */
  static final int ITERATIONS = 600_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final String SCHEME = "pbkdf2-sha256";

  private Pins() {}

  /** True for 4 to 12 digits, what a caller can type on a keypad. */
  public static boolean valid(String pin) {
    return pin != null && pin.matches("[0-9]{4,12}");
  }

  /** The hash to keep for {@code pin}. */
  public static String hash(String pin) {
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + ITERATIONS
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(derive(pin, salt, ITERATIONS));
  }

  /** True when {@code pin} is the one {@code hash} was made from (constant-time compare). */
  public static boolean matches(String pin, String hash) {
    String[] p = hash == null ? new String[0] : hash.split("\\$");
    if (p.length != 4 || !SCHEME.equals(p[0]) || pin == null) {
      return false;
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] expected = b64.decode(p[3]);
    return MessageDigest.isEqual(expected, derive(pin, b64.decode(p[2]), Integer.parseInt(p[1])));
  }

  private static byte[] derive(String pin, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, HASH_BITS);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has PBKDF2WithHmacSHA256", e);
    }
  }
}
