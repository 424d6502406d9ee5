package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.testing.TestCertificate;

/**
 * SIP over TLS and the API over HTTPS, with PEM files from the configuration: a real TLS client
 * (the JDK's) that trusts only TFPS's certificate gets verdicts and status; a plain client does
 * not.
 */
class TlsIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;
  static SSLContext trusting;
  static int tlsPort;

  /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written as PEM files. */
  static void makeCertificate() throws Exception {
    TestCertificate cert = TestCertificate.make(dir, "tfps");
    cert.certificatePem(dir.resolve("cert.pem"));
    cert.privateKeyPem(dir.resolve("key.pem"));
    KeyStore ks = cert.store();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("tfps", ks.getCertificate("tfps"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);
  }

  @BeforeAll
  static void start() throws Exception {
    makeCertificate();
    tlsPort = Ports.freeUdpAndTcp();
    String pems =
        "{ cert = \"" + dir.resolve("cert.pem") + "\", key = \"" + dir.resolve("key.pem") + "\" }";
    tfps =
        TfpsHarness.start(
            dir,
            "tfps.sip.tls-port = "
                + tlsPort
                + "\ntfps.sip.tls = "
                + pems
                + "\ntfps.api.tls = "
                + pems
                + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  @Test
  void aTlsClientGetsAVerdict() throws Exception {
    try (SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      String invite =
          "INVITE sip:+5312345678@127.0.0.1 SIP/2.0\r\n"
              + "Via: SIP/2.0/TLS 127.0.0.1:5099;branch=z9hG4bK-tls-1\r\n"
              + "Max-Forwards: 70\r\n"
              + "From: <sip:9001@pbx.example.com>;tag=a1\r\n"
              + "To: <sip:+5312345678@127.0.0.1>\r\n"
              + "Call-ID: tls-call-1@127.0.0.1\r\n"
              + "CSeq: 1 INVITE\r\n"
              + "Contact: <sip:9001@127.0.0.1:5099;transport=tls>\r\n"
              + "Content-Length: 0\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(invite.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      String status = in.readLine();
      while (status != null && status.startsWith("SIP/2.0 1")) {
        // skip a provisional response and its headers
        for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {}
        status = in.readLine();
      }
      assertThat(status).isEqualTo("SIP/2.0 603 Decline");
      StringBuilder headers = new StringBuilder();
      for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
        headers.append(l).append('\n');
      }
      assertThat(headers).contains("SIP/2.0/TLS 127.0.0.1:5099", "R06");
    }
  }

  @Test
  void theApiAnswersOverHttpsOnly() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
    HttpResponse<String> status =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + tfps.tfps.apiPort() + "/v1/status"))
                .header("Authorization", "Bearer " + TfpsHarness.TEST_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"node\"", "tls:127.0.0.1:" + tlsPort, "https:127.0.0.1:");
    // Plain HTTP on the same port gets no answer it could read.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tfps.get("/health"))
        .isInstanceOf(java.io.IOException.class);
  }
}
