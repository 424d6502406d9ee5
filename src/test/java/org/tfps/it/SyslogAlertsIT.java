package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog alerts received by real sockets on 127.0.0.1 and read as RFC 5424 says: one message per
 * incident over UDP; over TCP, octet-counted frames (RFC 6587), held while the receiver is down and
 * each delivered once when it listens again.
 */
class SyslogAlertsIT {

  /** RFC 5424 6: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG. */
  static final Pattern RFC5424 =
      Pattern.compile(
          "<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) (\\S+) (\\S+)"
              + " (\\d+) (\\S+) (\\[tfps@32473(?: [a-z]+=\"(?:[^\"\\\\\\]]|\\\\.)*\")*\\]) (.*)");

  @TempDir Path dir;

  static String config(Path data, String protocol, int port) {
    return "tfps.node-name = it-node\ntfps.db.data-dir = \""
        + data
        + "\"\ntfps.alerts { throttle = 1h, retry-min = 200ms, retry-max = 1s, syslog { host ="
        + " \"127.0.0.1\", port = "
        + port
        + ", protocol = "
        + protocol
        + ", facility = local0, app-name = tfps-it } }\n";
  }

  static void decide(TfpsHarness tfps, String account, String number) throws Exception {
    Api.send(
        tfps.tfps.apiPort(),
        "POST",
        "/v1/decide",
        TfpsHarness.TEST_TOKEN,
        new JsonObject()
            .put("account", account)
            .put("dialed", number)
            .put("sourceIp", "198.51.100.7")
            .encode());
  }

  static Matcher parse(String message) {
    Matcher m = RFC5424.matcher(message);
    assertThat(m.matches()).as(message).isTrue();
    return m;
  }

  /** The next datagram, or null after {@code millis}. */
  static String receive(DatagramSocket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
  }

  @Test
  void oneRfc5424DatagramPerIncident() throws Exception {
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
        TfpsHarness tfps =
            TfpsHarness.start(dir, config(dir.resolve("udp"), "udp", receiver.getLocalPort()))) {
      for (int i = 0; i < 3; i++) {
        decide(tfps, "9301@pbx.example.com", "+5312345678");
      }
      String first = receive(receiver, 20_000);
      assertThat(first).isNotNull();
      Matcher m = parse(first);
      assertThat(m.group(1)).as("local0 (16) x 8 + warning (4)").isEqualTo("132");
      assertThat(m.group(3)).isEqualTo("it-node");
      assertThat(m.group(4)).isEqualTo("tfps-it");
      assertThat(m.group(6)).isEqualTo("verdict");
      assertThat(m.group(7))
          .contains("account=\"9301@pbx.example.com\"")
          .contains("code=\"R06\"")
          .contains("src=\"198.51.100.7\"")
          .contains("calls=\"1\"");
      assertThat(m.group(8))
          .startsWith("TFPS deny src=198.51.100.7 account=9301@pbx.example.com code=R06")
          .endsWith("| undo: tfpsctl authorize 9301@pbx.example.com CU");
      assertThat(receive(receiver, 500)).as("one message per incident, not per call").isNull();
      decide(tfps, "9301@pbx.example.com", "+8816123456");
      String second = receive(receiver, 20_000);
      assertThat(second).isNotNull();
      assertThat(parse(second).group(8))
          .startsWith("TFPS deny src=198.51.100.7")
          .contains(" dst=+8816123456");
    }
  }

  /** Reads one octet-counted frame: digits, a space, that many bytes; null at the end. */
  static String frame(InputStream in) throws IOException {
    int length = 0;
    int digits = 0;
    for (int c = in.read(); c != ' '; c = in.read()) {
      if (c < 0) {
        return null;
      }
      assertThat(c).as("a digit of the frame's length").isBetween((int) '0', (int) '9');
      assertThat(++digits)
          .as("the length has at most 4 digits (2048 bytes)")
          .isLessThanOrEqualTo(4);
      length = length * 10 + (c - '0');
    }
    byte[] message = in.readNBytes(length);
    assertThat(message).as("the frame's bytes").hasSize(length);
    return new String(message, StandardCharsets.UTF_8);
  }

  @Test
  void overTcpFramesAreHeldWhileTheReceiverIsDownThenEachIsSentOnce() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    // Nothing listens yet: the connection is refused, the alerts wait.
    try (TfpsHarness tfps = TfpsHarness.start(dir, config(dir.resolve("tcp"), "tcp", port))) {
      decide(tfps, "9302@pbx.example.com", "+5312345678");
      decide(tfps, "9303@pbx.example.com", "+5312345678");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (tfps.metric("tfps_alert_delivery_failures_total") < 2
          && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      assertThat(tfps.metric("tfps_alert_delivery_failures_total")).isGreaterThanOrEqualTo(2);
      assertThat(tfps.metric("tfps_alerts_waiting")).isEqualTo(2);
      List<String> got = new ArrayList<>();
      try (ServerSocket receiver = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        receiver.setSoTimeout(20_000);
        try (Socket s = receiver.accept()) {
          s.setSoTimeout(20_000);
          InputStream in = s.getInputStream();
          got.add(frame(in));
          got.add(frame(in));
          decide(tfps, "9304@pbx.example.com", "+5312345678");
          got.add(frame(in));
          s.setSoTimeout(500);
          assertThat(readsNothing(in)).as("each alert once").isTrue();
        }
      }
      assertThat(got).hasSize(3);
      assertThat(parse(got.get(0)).group(8)).startsWith("TFPS deny src=198.51.100.7 account=9302@");
      assertThat(parse(got.get(1)).group(8)).startsWith("TFPS deny src=198.51.100.7 account=9303@");
      assertThat(parse(got.get(2)).group(8)).startsWith("TFPS deny src=198.51.100.7 account=9304@");
      assertThat(drained(tfps)).isZero();
    }
  }

  /** True when nothing more comes within the socket's timeout. */
  private static boolean readsNothing(InputStream in) throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return true;
    }
  }

  /** Waits until nothing waits in the outboxes (20 s at most); returns what waits. */
  static long drained(TfpsHarness tfps) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long waiting = tfps.metric("tfps_alerts_waiting");
    while (waiting > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      waiting = tfps.metric("tfps_alerts_waiting");
    }
    return waiting;
  }
}
