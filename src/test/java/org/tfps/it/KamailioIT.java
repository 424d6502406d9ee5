package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * TFPS behind a real Kamailio (issue 9), with the config operators copy
 * (docs/integrations/kamailio/tfps.cfg): SIPp as the PBX users -> Kamailio -> TFPS -> Kamailio ->
 * SIPp as the carrier. Two pairs run side by side: a TFPS in failover mode behind a Kamailio in
 * failover mode, and a TFPS in redirect mode (with deny-redirect) behind a Kamailio started with
 * {@code -A WITH_REDIRECT}; one carrier SIPp answers both, and also plays the announcement server
 * the deny-redirect routes to. Each check is on what the carrier got (the Request-URI user it
 * logged) and what the caller got (the SIPp scenario's expected answers). The test that stops TFPS
 * runs last. A premium-rate number gets TFPS's verify verdict: the caller reaches TFPS's IVR
 * through Kamailio, types the code, and the redial reaches the carrier.
 */
@TestMethodOrder(OrderAnnotation.class)
class KamailioIT {

  private static final String CDR_TOKEN = "tfps_it-kamailio-cdr-token-not-a-secret-03";
  private static final String CALLER = "1001";
  private static final String ACCOUNT = CALLER + "@pbx.example.com";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  static Process carrier;
  static int carrierPort;
  static TfpsHarness failoverTfps;
  static TfpsHarness redirectTfps;
  static Kamailio failover;
  static Kamailio redirect;
  static long seed;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.available()).as("sipp must be installed (apt-get install sip-tester)").isTrue();
    assertThat(Kamailio.available())
        .as(
            "kamailio 5 and kamcmd must be installed (apt-get install kamailio"
                + " kamailio-utils-modules)")
        .isTrue();
    carrier = startCarrier();
    String trusted =
        "tfps.sip.trusted-peers = [\"127.0.0.1\"]\n"
            + "tfps.api.tokens = [{ name = it, scopes = [admin], sha256 = \""
            + org.tfps.api.ApiTokens.sha256(TfpsHarness.TEST_TOKEN)
            + "\" }, { name = kamailio, scopes = [calls], sha256 = \""
            + org.tfps.api.ApiTokens.sha256(CDR_TOKEN)
            + "\" }]\n";
    Path denied = Files.writeString(dir.resolve("ip-deny.txt"), "127.0.0.2,compromised PBX\n");
    // The failover TFPS also answers verify verdicts (premium-rate numbers) with its IVR, and
    // keeps their outcomes in its embedded database; its codes come from a seeded generator
    // (tests only).
    seed = VerifyIT.distinctSeed();
    failoverTfps =
        TfpsHarness.start(
            Files.createDirectories(dir.resolve("tfps-failover")),
            trusted
                + TfpsHarness.embeddedDatabase(dir.resolve("tfps-failover"))
                + "tfps.engine.ip-deny-list-file = \""
                + denied
                + "\"\n"
                + "tfps.engine.number-type-actions { premium-rate = verify }\n"
                + "tfps.verify { mode = captcha, rtp-ports = [31400, 31499], test-seed = "
                + seed
                + " }\n");
    redirectTfps =
        TfpsHarness.start(
            Files.createDirectories(dir.resolve("tfps-redirect")),
            trusted + "tfps.sip { mode = redirect, deny-redirect = true }\n");
    String carrierUri = "sip:127.0.0.1:" + carrierPort;
    // TFPS is listed inactive (flags 1 + 8: inactive, probed): only its answers to the OPTIONS
    // keepalives make it active.
    failover =
        Kamailio.start(
            dir.resolve("kamailio-failover"),
            "1 " + tfpsUri(failoverTfps) + " 9\n2 " + carrierUri + " 0\n",
            defines(failoverTfps));
    redirect =
        Kamailio.start(
            dir.resolve("kamailio-redirect"),
            "1 " + tfpsUri(redirectTfps) + " 9\n2 " + carrierUri + " 0\n3 " + carrierUri + " 0\n",
            append(defines(redirectTfps), "WITH_REDIRECT"));
    failover.awaitFlags(tfpsUri(failoverTfps), f -> f.startsWith("A"));
    redirect.awaitFlags(tfpsUri(redirectTfps), f -> f.startsWith("A"));
  }

  private static List<String> defines(TfpsHarness tfps) {
    return List.of(
        "PING_INTERVAL=1",
        "TFPS_TIMEOUT_MS=1000",
        "WITH_CDRS",
        "TFPS_CDRS=\"tfps=>http://cdr:"
            + CDR_TOKEN
            + "@127.0.0.1:"
            + tfps.tfps.apiPort()
            + "/v1/cdrs\"");
  }

  private static List<String> append(List<String> list, String more) {
    List<String> all = new java.util.ArrayList<>(list);
    all.add(more);
    return all;
  }

  private static String tfpsUri(TfpsHarness tfps) {
    return "sip:127.0.0.1:" + tfps.sipPort;
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {failover, redirect, failoverTfps, redirectTfps}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception | AssertionError e) {
          // already closed (the failover TFPS is stopped by a test)
        }
      }
    }
    if (carrier != null) {
      Kamailio.stop(carrier);
    }
  }

  /** The carrier: SIPp as a UAS on a free port, bounded by -timeout, logging each R-URI user. */
  private static Process startCarrier() throws Exception {
    carrierPort = Ports.freeUdpAndTcp();
    Path scenario = Path.of("src/test/resources/sipp/kamailio-carrier.xml").toAbsolutePath();
    Process p =
        new ProcessBuilder(
                "sipp",
                "-sf",
                scenario.toString(),
                "-i",
                "127.0.0.1",
                "-p",
                Integer.toString(carrierPort),
                "-t",
                "u1",
                "-nostdin",
                "-timeout",
                "300s",
                "-trace_logs",
                "-log_file",
                dir.resolve("carrier.log").toString(),
                "-trace_err",
                "-error_file",
                dir.resolve("carrier.errors.log").toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("carrier.out").toFile())
            .start();
    // bound when /proc/net/udp lists 127.0.0.1:<port> (read only: a probe bind would race SIPp)
    String local = String.format("0100007F:%04X ", carrierPort);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end && p.isAlive()) {
      if (Files.readString(Path.of("/proc/net/udp")).contains(local)) {
        return p;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError(
        "the carrier SIPp did not bind 127.0.0.1:"
            + carrierPort
            + ": "
            + Files.readString(dir.resolve("carrier.out"), StandardCharsets.ISO_8859_1));
  }

  private static String carrierLog() throws IOException {
    Path f = dir.resolve("carrier.log");
    return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
  }

  /** Waits (at most 10 s) for the carrier to log {@code user} as a Request-URI user it got. */
  private static String awaitCarrierGot(String user) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String log = carrierLog();
    while (!log.contains("carrier got " + user + " ") && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(100);
      log = carrierLog();
    }
    return log;
  }

  private static void call(Kamailio k, String scenario, String number) throws Exception {
    call(k, scenario, number, "127.0.0.1");
  }

  private static void call(Kamailio k, String scenario, String number, String from)
      throws Exception {
    Sipp.Result r =
        Sipp.run(scenario, number, k.port, "u1", from, 1, dir, List.of("-key", "caller", CALLER));
    assertThat(r.exitCode())
        .as(
            "SIPp %s to %s: %s%n%s%nkamailio:%n%s",
            scenario, number, r.errors(), r.output(), k.log())
        .isZero();
  }

  private static long verdicts(TfpsHarness tfps, String code) throws Exception {
    return tfps.metric("tfps_verdicts_total{code=\"" + code + "\"}");
  }

  @Test
  @Order(1)
  void optionsKeepalivesFromKamailioMarkTfpsUp() throws Exception {
    assertThat(failover.awaitFlags(tfpsUri(failoverTfps), f -> f.startsWith("A")))
        .as("dispatcher state of TFPS (AP = active, probed)")
        .isEqualTo("AP");
    assertThat(redirect.awaitFlags(tfpsUri(redirectTfps), f -> f.startsWith("A"))).isEqualTo("AP");
    assertThat(failoverTfps.metric("tfps_sip_requests_total{method=\"OPTIONS\"}")).isPositive();
    assertThat(redirectTfps.metric("tfps_sip_requests_total{method=\"OPTIONS\"}")).isPositive();
  }

  @Test
  @Order(2)
  void failoverModeAnAllowedCallReachesTheCarrierAndItsRecordEndsTheLease() throws Exception {
    long allowed = verdicts(failoverTfps, "R00");
    call(failover, "kamailio-call.xml", "+12125550101");
    assertThat(awaitCarrierGot("+12125550101")).contains("carrier got +12125550101 ");
    assertThat(verdicts(failoverTfps, "R00")).as("TFPS decided the call").isEqualTo(allowed + 1);
    // Kamailio posted the call record at the BYE: the lease of the call is gone.
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long up = callsUp();
    while (up != 0 && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(100);
      up = callsUp();
    }
    assertThat(up).as("calls up of %s after the BYE:%n%s", ACCOUNT, failover.log()).isZero();
    assertThat(failover.log()).contains("posted: HTTP 200");
  }

  private static long callsUp() throws Exception {
    return new JsonObject(failoverTfps.get("/v1/accounts/" + ACCOUNT))
        .getJsonObject("state")
        .getLong("callsUp");
  }

  @Test
  @Order(3)
  void failoverModeADeniedCallGets603AtTheCallerAndNeverReachesTheCarrier() throws Exception {
    long r06 = verdicts(failoverTfps, "R06");
    call(failover, "kamailio-call-declined.xml", "+5372345678");
    assertThat(verdicts(failoverTfps, "R06")).isEqualTo(r06 + 1);
    // a later allowed call has reached the carrier, so the carrier's log is up to date
    call(failover, "kamailio-call.xml", "+12125550109");
    assertThat(awaitCarrierGot("+12125550109")).doesNotContain("5372345678");
  }

  @Test
  @Order(4)
  void theCallersOwnAddressReachesTfpsInPtfps() throws Exception {
    // TFPS gets every INVITE from Kamailio (127.0.0.1); only P-tfps says the caller is 127.0.0.2,
    // which TFPS's IP deny list refuses (R02).
    long r02 = verdicts(failoverTfps, "R02");
    call(failover, "kamailio-call-declined.xml", "+12125550108", "127.0.0.2");
    assertThat(verdicts(failoverTfps, "R02")).isEqualTo(r02 + 1);
  }

  @Test
  @Order(5)
  void redirectModeKamailioFollowsThe302AndTheCarrierGetsTheNumberWithoutA00() throws Exception {
    long allowed = verdicts(redirectTfps, "R00");
    call(redirect, "kamailio-call.xml", "+12125550102");
    String log = awaitCarrierGot("+12125550102");
    assertThat(log).contains("carrier got +12125550102 ").doesNotContain("A00");
    assertThat(verdicts(redirectTfps, "R00")).isEqualTo(allowed + 1);
  }

  @Test
  @Order(6)
  void redirectModeADenyRedirectGoesToTheAnnouncementWithItsReasonPrefix() throws Exception {
    call(redirect, "kamailio-call.xml", "+5372345679");
    assertThat(awaitCarrierGot("R06+5372345679")).contains("carrier got R06+5372345679 ");
  }

  @Test
  @Order(7)
  void aPtfpsHeaderFromTheCallerIsReplacedByKamailios() throws Exception {
    String spoofed = "9999@evil.example.com";
    long mine = callsToday(ACCOUNT);
    long theirs = callsToday(spoofed);
    call(failover, "kamailio-call-spoofed.xml", "+12125550107");
    assertThat(awaitCarrierGot("+12125550107")).contains("carrier got +12125550107 ");
    assertThat(callsToday(ACCOUNT)).as("calls of %s", ACCOUNT).isEqualTo(mine + 1);
    assertThat(callsToday(spoofed)).as("calls of %s", spoofed).isEqualTo(theirs);
  }

  private static long callsToday(String account) throws Exception {
    return new JsonObject(failoverTfps.get("/v1/accounts/" + account))
        .getJsonObject("state")
        .getLong("callsToday");
  }

  @Test
  @Order(8)
  void aVerifyVerdictConnectsTheCallerToTfpsIvrThroughKamailio() throws Exception {
    String premium = VerifyIT.premiumNumber();
    long r21 = verdicts(failoverTfps, "R21");
    // The caller types the spoken code. Kamailio record-routes: the ACK comes through it, and
    // TFPS's BYE must too (the caller checks for Kamailio's Via on it).
    Path scenario = VerifyIT.scenario(dir, VerifyIT.firstCode(seed), CALLER);
    String xml =
        Files.readString(scenario)
            .replace(
                "<recv request=\"BYE\" timeout=\"40000\"/>",
                "<recv request=\"BYE\" timeout=\"40000\"><action><ereg regexp=\"Via: SIP/2.0/UDP"
                    + " 127.0.0.1:"
                    + failover.port
                    + ";branch\" search_in=\"msg\" check_it=\"true\""
                    + " assign_to=\"kamailio\"/></action></recv>")
            .replace("variables=\"verdict,answer\"", "variables=\"verdict,answer,kamailio\"");
    Path throughKamailio = dir.resolve("kamailio-" + scenario.getFileName());
    Files.writeString(throughKamailio, xml);
    Sipp.Result r = VerifyIT.sipp(failover.port, dir, premium, throughKamailio, 1, "60s");
    assertThat(r.exitCode())
        .as("SIPp through Kamailio: %s%n%s%nkamailio:%n%s", r.errors(), r.output(), failover.log())
        .isZero();
    assertThat(verdicts(failoverTfps, "R21")).as("TFPS's verify verdict").isEqualTo(r21 + 1);
    assertThat(failoverTfps.metric("tfps_ivr_dialogs")).isZero();
    // Solved: the country is authorized, and the redial goes through to the carrier.
    call(failover, "kamailio-call.xml", premium);
    assertThat(awaitCarrierGot(premium)).contains("carrier got " + premium + " ");
  }

  @Test
  @Order(10)
  void withTfpsStoppedKamailioStillCompletesCallsThroughTheCarrier() throws Exception {
    String uri = tfpsUri(failoverTfps);
    failoverTfps.close();
    // first call: TFPS may still be listed active; its INVITE times out and fails over
    call(failover, "kamailio-call.xml", "+12125550103");
    assertThat(awaitCarrierGot("+12125550103")).contains("carrier got +12125550103 ");
    assertThat(failover.awaitFlags(uri, f -> f.startsWith("I")))
        .as("dispatcher state of the stopped TFPS (IP = inactive, probed):%n%s", failover.log())
        .isEqualTo("IP");
    // next call: TFPS is skipped at once
    call(failover, "kamailio-call.xml", "+12125550104");
    assertThat(awaitCarrierGot("+12125550104")).contains("carrier got +12125550104 ");
    assertThat(failover.log()).contains("no TFPS active");
  }
}
