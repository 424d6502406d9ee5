package org.tfps.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed EC certificate for 127.0.0.1, made by the JDK's keytool into a PKCS#12 key store
 * (password "changeit"), for the TLS tests: written out as PEM files where a server reads those.
 *
 * @param keyStore the PKCS#12 file
 * @param store the loaded key store
 * @param alias the entry's alias
 */
public record TestCertificate(Path keyStore, KeyStore store, String alias) {

  public static final String PASSWORD = "changeit";

  /** Makes {@code dir}/{@code alias}.p12, valid two days. */
  public static TestCertificate make(Path dir, String alias) throws Exception {
    Path file = dir.resolve(alias + ".p12");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    alias,
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    file.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return new TestCertificate(file, ks, alias);
  }

  /** Writes the certificate as PEM to {@code file}. */
  public Path certificatePem(Path file) throws Exception {
    Files.writeString(file, pem("CERTIFICATE", store.getCertificate(alias).getEncoded()));
    return file;
  }

  /** Writes the private key as PKCS#8 PEM to {@code file}. */
  public Path privateKeyPem(Path file) throws Exception {
    Files.writeString(
        file, pem("PRIVATE KEY", store.getKey(alias, PASSWORD.toCharArray()).getEncoded()));
    return file;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
