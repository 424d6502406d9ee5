package org.tfps.it;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.tfps.app.Tfps;
import org.tfps.config.ConfigLoader;
import org.tfps.config.TfpsConfig;

/** TFPS started in-process, wired exactly as Main wires it, on free loopback ports. */
final class TfpsHarness implements AutoCloseable {

  final Vertx vertx;
  final TfpsConfig config;
  final Tfps tfps;
  final int sipPort;

  private TfpsHarness(Vertx vertx, TfpsConfig config, Tfps tfps, int sipPort) {
    this.vertx = vertx;
    this.config = config;
    this.tfps = tfps;
    this.sipPort = sipPort;
  }

  /**
   * What every harness sets so that tests of the SIP front door do not depend on the time of day or
   * on what earlier tests dialled: always business hours, no limits, no account blocks. Tests of
   * those rules set them back in their own {@code extraHocon}.
   */
  static final String CLOCK_FREE =
      "tfps.accounts { business-hours = [], limits { concurrent-calls { business = 0, off-hours ="
          + " 0 }, calls-per-minute { business = 0, off-hours = 0 }, calls-per-day { total = 0,"
          + " off-hours = 0 } } }\ntfps.engine.block-account.on = []\n";

  /**
   * Tests of the SIP front door keep nothing: no database (the store has its own ITs). Tests that
   * need one set {@code tfps.db.url} back in their {@code extraHocon}.
   */
  static final String NO_DATABASE = "tfps.db.url = none\n";

  /** The embedded MariaDB with its data (and the journal) in {@code dir}/data. */
  static String embeddedDatabase(Path dir) {
    return "tfps.db { url = \"\", data-dir = \""
        + dir.resolve("data")
        + "\", retry-interval = 500ms }\n";
  }

  /** The admin token of the tests' TFPS processes (never a real one). */
  static final String TEST_TOKEN = "tfps_it-admin-token-not-a-secret-0001";

  /** Configures {@link #TEST_TOKEN} (by its hash, as an operator would). */
  static final String TEST_TOKENS =
      "tfps.api.tokens = [{ name = it, scopes = [admin], sha256 = \""
          + org.tfps.api.ApiTokens.sha256(TEST_TOKEN)
          + "\" }]\n";

  /**
   * Starts TFPS with {@code extraHocon} on top of the defaults, {@link #CLOCK_FREE}, {@link
   * #NO_DATABASE} and free ports.
   */
  static TfpsHarness start(Path dir, String extraHocon) throws Exception {
    int sip = Ports.freeUdpAndTcp();
    Path conf = dir.resolve("tfps-" + sip + ".conf");
    Files.writeString(
        conf,
        "tfps.sip.udp-port = "
            + sip
            + "\ntfps.sip.tcp-port = "
            + sip
            + "\ntfps.api.port = 0\n"
            + CLOCK_FREE
            + NO_DATABASE
            + TEST_TOKENS
            + extraHocon);
    TfpsConfig config = ConfigLoader.load(Optional.of(conf), Map.of(), new Properties());
    Vertx vertx = Vertx.vertx();
    Tfps tfps = Tfps.start(vertx, config, Clock.systemUTC()).await(120, TimeUnit.SECONDS);
    return new TfpsHarness(vertx, config, tfps, sip);
  }

  /** GET on the API, returning the body. */
  String get(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tfps.apiPort() + path))
                .header("Authorization", "Bearer " + TEST_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The value of one Prometheus sample line, e.g. {@code tfps_verdicts_total{code="R06"}}. */
  long metric(String sample) throws IOException, InterruptedException {
    for (String line : get("/metrics").split("\n")) {
      if (line.startsWith(sample + " ")) {
        return (long) Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws Exception {
    tfps.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
