package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account rules over SIP, as a softswitch drives them with TFPS's P-tfps header (account and
 * calls up): the off-hours concurrency limit (R10), a new country out of hours (R25), and the
 * account block after prefix probing (R23, then R13). Business hours are a single hour in 2000, so
 * every call of the test is out of hours whatever the clock says.
 */
class AccountRulesIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    tfps =
        TfpsHarness.start(
            dir,
            "tfps.accounts { business-hours = [\"DTSTART:20000103T090000 DTEND:20000103T100000\"],"
                + " limits.concurrent-calls.off-hours = 2 }\n"
                + "tfps.engine.block-account.on = [R23]\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  private static void call(String cid, String number, int ncalls) throws Exception {
    Sipp.ptfps(tfps.sipPort, dir, number, cid, Integer.toString(ncalls));
  }

  private static long verdicts(String code) throws Exception {
    return tfps.metric("tfps_verdicts_total{code=\"" + code + "\"}");
  }

  @Test
  void concurrencyReportedByTheSoftswitchIsLimitedOutOfHours() throws Exception {
    long allowed = verdicts("R00");
    long r10 = verdicts("R10");
    call("3001", "+12125550101", 1);
    assertThat(verdicts("R00")).isEqualTo(allowed + 1);
    call("3001", "+12125550102", 2);
    assertThat(verdicts("R10")).isEqualTo(r10 + 1);
  }

  @Test
  void aNewCountryAtNightIsVerified() throws Exception {
    long r25 = verdicts("R25");
    call("3002", "+2348031234567", 0);
    assertThat(verdicts("R25")).isEqualTo(r25 + 1);
  }

  @Test
  void aProbingDeviceIsBlockedWhateverItDialsNext() throws Exception {
    long r23 = verdicts("R23");
    long r13 = verdicts("R13");
    call("3003", "+12125550180", 0);
    call("3003", "0012125550180", 0);
    call("3003", "01112125550180", 0);
    assertThat(verdicts("R23")).isEqualTo(r23 + 1);
    call("3003", "+12125550199", 0);
    assertThat(verdicts("R13")).isEqualTo(r13 + 1);
  }
}
