package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PIN mode end to end (issue 7): an account with a PIN of its own is verified by that PIN, an
 * account without one by {@code tfps.verify.pin}; SIPp types the PIN and {@code #} as RFC 4733 RTP.
 * (The captures of one key share an RTP timestamp, so the PINs have four different digits.)
 */
class VerifyPinIT {

  private static final String GLOBAL_PIN = "5813";
  private static final String OWN_PIN = "4702";

  @TempDir static Path dir;
  static TfpsHarness tfps;
  static String premium;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    premium =
        PhoneNumberUtil.getInstance()
            .format(
                PhoneNumberUtil.getInstance()
                    .getExampleNumberForType("GB", PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE),
                PhoneNumberUtil.PhoneNumberFormat.E164);
    tfps =
        TfpsHarness.start(
            dir,
            TfpsHarness.embeddedDatabase(dir)
                + "tfps.engine.number-type-actions { premium-rate = verify }\n"
                + "tfps.verify { mode = pin, authorize = number, rtp-ports = [31200, 31299],"
                + " pin = \""
                + GLOBAL_PIN
                + "\" }\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  private static boolean authorized(String account, String entry) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < end) {
      String body = tfps.get("/v1/accounts/" + account);
      if (body.startsWith("{")) {
        var a = new JsonObject(body).getJsonArray("authorizedDestinations");
        if (a != null && a.contains(entry)) {
          return true;
        }
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return false;
  }

  @Test
  void theAccountsOwnPinAuthorizesTheNumber() throws Exception {
    String account = "2001@pbx.example.com";
    assertThat(
            Api.send(
                    tfps.tfps.apiPort(),
                    "PUT",
                    "/v1/accounts/" + account,
                    TfpsHarness.TEST_TOKEN,
                    new JsonObject().put("pin", OWN_PIN).encode())
                .statusCode())
        .isBetween(200, 201);
    Sipp.Result r =
        VerifyIT.sipp(tfps, dir, premium, VerifyIT.scenario(dir, OWN_PIN + "#", "2001"), 1, "60s");
    assertThat(r.exitCode()).as("SIPp: %s%n%s", r.errors(), r.output()).isZero();
    assertThat(authorized(account, premium)).isTrue();
  }

  @Test
  void anAccountWithoutAPinUsesTheGlobalOne() throws Exception {
    String account = "3001@pbx.example.com";
    Sipp.Result r =
        VerifyIT.sipp(
            tfps, dir, premium, VerifyIT.scenario(dir, GLOBAL_PIN + "#", "3001"), 1, "60s");
    assertThat(r.exitCode()).as("SIPp: %s%n%s", r.errors(), r.output()).isZero();
    assertThat(authorized(account, premium)).isTrue();
    assertThat(tfps.get("/v1/config")).doesNotContain(GLOBAL_PIN);
  }
}
