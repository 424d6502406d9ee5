package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TFPS in redirect mode, trusting only 127.0.0.1, driven by SIPp. */
class RedirectModeIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  @BeforeAll
  static void start() throws Exception {
    tfps =
        TfpsHarness.start(
            dir, "tfps.sip.mode = redirect\ntfps.sip.trusted-peers = [\"127.0.0.1/32\"]\n");
  }

  @AfterAll
  static void stop() throws Exception {
    tfps.close();
  }

  @Test
  void allowedNumberGets302ToAllowPrefixOverUdpAndTcp() throws Exception {
    for (String transport : new String[] {"u1", "t1"}) {
      Sipp.Result r =
          Sipp.run(
              "invite-allow-redirect.xml",
              "+442079460123",
              tfps.sipPort,
              transport,
              "127.0.0.1",
              2,
              dir);
      assertThat(r.exitCode()).as("%s: %s%n%s", transport, r.errors(), r.output()).isZero();
    }
  }

  @Test
  void cubaStillGets603() throws Exception {
    Sipp.Result r =
        Sipp.run("invite-deny.xml", "+5312345678", tfps.sipPort, "u1", "127.0.0.1", 1, dir);
    assertThat(r.exitCode()).as(r.errors()).isZero();
  }

  @Test
  void untrustedSourceGets403AndIsNeverDecided() throws Exception {
    long decided = tfps.metric("tfps_decision_seconds_count");
    long untrusted = tfps.metric("tfps_sip_untrusted_total");
    Sipp.Result r =
        Sipp.run("untrusted.xml", "+442079460123", tfps.sipPort, "u1", "127.0.0.9", 2, dir);
    assertThat(r.exitCode()).as("%s%n%s", r.errors(), r.output()).isZero();
    assertThat(tfps.metric("tfps_decision_seconds_count")).isEqualTo(decided);
    // Two INVITEs and their two ACKs, all refused.
    assertThat(tfps.metric("tfps_sip_untrusted_total")).isEqualTo(untrusted + 4);
  }
}
