package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.testing.TestCertificate;

/**
 * Email alerts against a real SMTP server (GreenMail, in-process, on 127.0.0.1) that authenticates
 * TFPS: one message per incident to the operator and one to the account's own contacts; an SMTP
 * outage, across a restart of TFPS, holds the messages, then each is delivered once; a wrong
 * password holds them too; TLS to a server whose certificate is trusted, and no mail when the
 * certificate is not or when STARTTLS is required and not offered.
 */
class EmailAlertsIT {

  /** TFPS's SMTP password, also in test-secrets.txt: no log of the run may show it. */
  static final String PASSWORD = "smtp-pw-not-a-secret-7Q";

  static final String NOC = "noc@example.net";

  @TempDir Path dir;

  /** A real SMTP server on {@code port} that knows TFPS's user. */
  static GreenMail smtp(int port) {
    GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
    g.setUser("tfps@example.net", "tfps", PASSWORD);
    g.start();
    return g;
  }

  static String config(Path data, int smtpPort, String password) {
    return config(data, smtpPort, password, "starttls = disabled");
  }

  /** {@code security}: the email keys of TLS, e.g. {@code ssl = true, starttls = disabled}. */
  static String config(Path data, int smtpPort, String password, String security) {
    return "tfps.db.data-dir = \""
        + data
        + "\"\ntfps.alerts { throttle = 1h, retry-min = 200ms, retry-max = 1s, email { host ="
        + " \"127.0.0.1\", port = "
        + smtpPort
        // GreenMail offers no STARTTLS: without ssl, AUTH goes in the clear, on loopback only.
        + ", "
        + security
        + ", username = tfps, password = \""
        + password
        + "\", from = \"tfps@example.net\", to = [\""
        + NOC
        + "\"] } }\n";
  }

  static void decide(TfpsHarness tfps, String account, String number) throws Exception {
    HttpResponse<String> r =
        Api.send(
            tfps.tfps.apiPort(),
            "POST",
            "/v1/decide",
            TfpsHarness.TEST_TOKEN,
            new JsonObject().put("account", account).put("dialed", number).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** The messages in {@code address}'s mailbox, once there are {@code atLeast} (20 s at most). */
  static List<MimeMessage> mailbox(GreenMail g, String address, int atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<MimeMessage> got = List.of();
    while (System.nanoTime() < deadline) {
      got = g.findReceivedMessages(u -> address.equals(u.getEmail()), m -> true).toList();
      if (got.size() >= atLeast) {
        return got;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return got;
  }

  static List<String> to(MimeMessage m) throws Exception {
    return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
  }

  static String alertId(MimeMessage m) throws Exception {
    return m.getHeader("X-TFPS-Alert", null);
  }

  /** Waits until {@code metric} is at least {@code value} (20 s at most); returns it. */
  static long await(TfpsHarness tfps, String metric, long value) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long v = tfps.metric(metric);
    while (v < value && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      v = tfps.metric(metric);
    }
    return v;
  }

  @Test
  void oneMessagePerIncidentToTheOperatorAndOneToTheAccountsContacts() throws Exception {
    int port = Ports.freeUdpAndTcp();
    GreenMail smtp = smtp(port);
    // The contacts need the provisioning API, so a database.
    try (TfpsHarness tfps =
        TfpsHarness.start(
            dir, TfpsHarness.embeddedDatabase(dir) + config(dir.resolve("data"), port, PASSWORD))) {
      HttpResponse<String> created =
          Api.send(
              tfps.tfps.apiPort(),
              "POST",
              "/v1/accounts",
              TfpsHarness.TEST_TOKEN,
              new JsonObject()
                  .put("account", "9201@pbx.example.com")
                  .put(
                      "contacts",
                      new JsonObject()
                          .put("emails", new JsonArray().add("owner@pbx.example.com").add(NOC)))
                  .encode());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      for (int i = 0; i < 3; i++) {
        decide(tfps, "9201@pbx.example.com", "+5312345678");
      }
      List<MimeMessage> noc = mailbox(smtp, NOC, 1);
      List<MimeMessage> owner = mailbox(smtp, "owner@pbx.example.com", 1);
      assertThat(noc).hasSize(1);
      assertThat(owner).hasSize(1);
      MimeMessage m = noc.get(0);
      assertThat(m.getSubject()).isEqualTo("[TFPS] denied calls of 9201@pbx.example.com (R06)");
      assertThat(m.getFrom()[0].toString()).isEqualTo("tfps@example.net");
      assertThat(to(m)).containsExactly(NOC);
      // SMTP carries lines ending in CR LF (RFC 5321 2.3.8).
      String body = ((String) m.getContent()).replace("\r\n", "\n");
      assertThat(body)
          .contains("Account:       9201@pbx.example.com")
          .contains("Destinations:  +5312345678")
          .contains("What TFPS did: denied the calls")
          .contains("R06 blocked-country (deny, score")
          .contains("blocked country CU")
          .contains("To undo it, run:\n\n  tfpsctl authorize 9201@pbx.example.com CU");
      MimeMessage own = owner.get(0);
      assertThat(to(own))
          .as("the operator's address is not shown to the customer")
          .containsExactly("owner@pbx.example.com");
      assertThat(alertId(own)).isEqualTo(alertId(m));
      assertThat(own.getMessageID()).isNotEqualTo(m.getMessageID());
      // Another rule of the same account is another incident; no message per call.
      decide(tfps, "9201@pbx.example.com", "+8816123456");
      assertThat(mailbox(smtp, NOC, 2)).hasSize(2);
      TimeUnit.MILLISECONDS.sleep(500);
      assertThat(mailbox(smtp, NOC, 3)).as("one message per incident").hasSize(2);
      assertThat(mailbox(smtp, "owner@pbx.example.com", 3)).hasSize(2);
      assertThat(tfps.metric("tfps_alerts_waiting")).isZero();
    } finally {
      smtp.stop();
    }
  }

  @Test
  void anSmtpOutageHoldsTheMessagesAcrossARestartThenEachIsDeliveredOnce() throws Exception {
    int port = Ports.freeUdpAndTcp();
    Path data = dir.resolve("outage");
    String config = config(data, port, PASSWORD);
    // The server is down: nothing listens on its port.
    TfpsHarness first = TfpsHarness.start(dir, config);
    GreenMail smtp = null;
    List<String> delivered;
    try {
      decide(first, "9202@pbx.example.com", "+5312345678");
      decide(first, "9202@pbx.example.com", "+8816123456");
      decide(first, "9203@pbx.example.com", "+5312345678");
      assertThat(await(first, "tfps_alert_delivery_failures_total", 2)).isGreaterThanOrEqualTo(2);
      assertThat(first.metric("tfps_alerts_waiting")).isEqualTo(3);
      // The server comes back: what waited is delivered, in order, once.
      smtp = smtp(port);
      List<MimeMessage> got = mailbox(smtp, NOC, 3);
      assertThat(got).hasSize(3);
      delivered = new java.util.ArrayList<>();
      for (MimeMessage m : got) {
        delivered.add(alertId(m));
      }
      assertThat(got.get(0).getSubject()).contains("9202@pbx.example.com (R06)");
      assertThat(got.get(2).getSubject()).contains("9203@pbx.example.com (R06)");
      // Down again; an alert raised now waits through a restart of TFPS.
      smtp.stop();
      smtp = null;
      decide(first, "9204@pbx.example.com", "+5312345678");
      long failures = first.metric("tfps_alert_delivery_failures_total");
      assertThat(await(first, "tfps_alert_delivery_failures_total", failures + 1))
          .isGreaterThan(failures);
      assertThat(first.metric("tfps_alerts_waiting")).isEqualTo(1);
    } finally {
      first.close();
      if (smtp != null) {
        smtp.stop();
      }
    }
    smtp = smtp(port);
    try (TfpsHarness second = TfpsHarness.start(dir, config)) {
      List<MimeMessage> got = mailbox(smtp, NOC, 1);
      assertThat(got).hasSize(1);
      assertThat(got.get(0).getSubject()).contains("9204@pbx.example.com");
      assertThat(delivered).doesNotContain(alertId(got.get(0)));
      TimeUnit.MILLISECONDS.sleep(500);
      assertThat(mailbox(smtp, NOC, 2)).as("nothing delivered before is sent again").hasSize(1);
      assertThat(await(second, "tfps_alerts_delivered_total", 1)).isEqualTo(1);
      assertThat(second.metric("tfps_alerts_waiting")).isZero();
    } finally {
      smtp.stop();
    }
    assertThat(delivered).doesNotHaveDuplicates().hasSize(3);
  }

  @Test
  void aRefusedPasswordHoldsTheMessagesInsteadOfLosingThem() throws Exception {
    int port = Ports.freeUdpAndTcp();
    GreenMail smtp = smtp(port);
    try (TfpsHarness tfps =
        TfpsHarness.start(dir, config(dir.resolve("wrong"), port, "not-" + PASSWORD))) {
      decide(tfps, "9205@pbx.example.com", "+5312345678");
      assertThat(await(tfps, "tfps_alert_delivery_failures_total", 2)).isGreaterThanOrEqualTo(2);
      assertThat(tfps.metric("tfps_alerts_waiting")).isEqualTo(1);
      assertThat(smtp.getReceivedMessages()).isEmpty();
    } finally {
      smtp.stop();
    }
  }

  /**
   * A PKCS#12 key store with a self-signed certificate for 127.0.0.1 (the JDK's keytool), and that
   * certificate as a PEM file: GreenMail's SMTPS serves the first, TFPS trusts the second.
   */
  static Path[] certificate(Path dir) throws Exception {
    TestCertificate cert = TestCertificate.make(dir, "smtp");
    return new Path[] {cert.keyStore(), cert.certificatePem(dir.resolve("smtps-ca.pem"))};
  }

  @Test
  void tlsToTheServerOrNoMail() throws Exception {
    Path[] cert = certificate(dir);
    // GreenMail's SMTPS takes its key store from these (read when its first TLS server starts).
    System.setProperty("greenmail.tls.keystore.file", cert[0].toString());
    System.setProperty("greenmail.tls.keystore.password", "changeit");
    System.setProperty("greenmail.tls.key.password", "changeit");
    int tlsPort = Ports.freeUdpAndTcp();
    GreenMail smtps = new GreenMail(new ServerSetup(tlsPort, "127.0.0.1", "smtps"));
    smtps.setUser("tfps@example.net", "tfps", PASSWORD);
    smtps.start();
    int plainPort = Ports.freeUdpAndTcp();
    GreenMail plain = smtp(plainPort);
    try {
      // TLS from the first byte, the server's certificate checked against the trusted PEM.
      try (TfpsHarness tfps =
          TfpsHarness.start(
              dir,
              config(
                  dir.resolve("tls"),
                  tlsPort,
                  PASSWORD,
                  "ssl = true, starttls = disabled, trust = \"" + cert[1] + "\""))) {
        decide(tfps, "9206@pbx.example.com", "+5312345678");
        List<MimeMessage> got = mailbox(smtps, NOC, 1);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).getSubject()).contains("9206@pbx.example.com");
      }
      // The same server, its certificate not trusted (the JVM's authorities): no mail.
      try (TfpsHarness tfps =
          TfpsHarness.start(
              dir,
              config(
                  dir.resolve("untrusted"),
                  tlsPort,
                  PASSWORD,
                  "ssl = true, starttls = disabled"))) {
        decide(tfps, "9207@pbx.example.com", "+5312345678");
        assertThat(await(tfps, "tfps_alert_delivery_failures_total", 2)).isGreaterThanOrEqualTo(2);
        assertThat(tfps.metric("tfps_alerts_waiting")).isEqualTo(1);
      }
      // STARTTLS required, a server that does not offer it: nothing is sent in the clear.
      try (TfpsHarness tfps =
          TfpsHarness.start(
              dir, config(dir.resolve("required"), plainPort, PASSWORD, "starttls = required"))) {
        decide(tfps, "9208@pbx.example.com", "+5312345678");
        assertThat(await(tfps, "tfps_alert_delivery_failures_total", 2)).isGreaterThanOrEqualTo(2);
        assertThat(tfps.metric("tfps_alerts_waiting")).isEqualTo(1);
      }
      assertThat(mailbox(smtps, NOC, 2)).hasSize(1);
      assertThat(plain.getReceivedMessages()).isEmpty();
    } finally {
      smtps.stop();
      plain.stop();
    }
  }
}
