package org.tfps.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.Outbox;

/**
 * Sends the syslog outbox's alerts as RFC 5424 messages ({@link SyslogLine}, {@link Delivery}):
 * over UDP one datagram each (RFC 5426), delivered once the datagram is handed to the network; over
 * TCP on one kept connection, each message framed by octet counting ({@code "LEN SP MSG"}, RFC 6587
 * 3.4.1), delivered once written to it. A failed connection or write is retried. Syslog has no
 * acknowledgement: a message written just before the receiver goes away may be lost.
 */
final class SyslogDelivery extends Delivery {

  /** The longest a connection or a write may take. */
  static final long TIMEOUT_MILLIS = 10_000;

  private final TfpsConfig.Syslog config;
  private final long pid = ProcessHandle.current().pid();
  private DatagramSocket udp;
  private NetClient tcp;
  private NetSocket connection;

  SyslogDelivery(
      Vertx vertx,
      TfpsConfig.Syslog config,
      Outbox outbox,
      Duration retryMin,
      Duration retryMax,
      AtomicLong delivered,
      AtomicLong failures) {
    super(
        vertx,
        "syslog "
            + config.protocol().name().toLowerCase(java.util.Locale.ROOT)
            + "://"
            + config.host()
            + ":"
            + config.port(),
        outbox,
        retryMin,
        retryMax,
        delivered,
        failures);
    this.config = config;
  }

  @Override
  Future<Outcome> send(JsonObject alert) {
    byte[] line = SyslogLine.format(alert, config.facility(), config.appName(), pid);
    Future<Void> sent =
        config.protocol() == TfpsConfig.SyslogProtocol.UDP ? datagram(line) : stream(line);
    return sent.timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).map(x -> Outcome.DELIVERED);
  }

  private Future<Void> datagram(byte[] line) {
    if (udp == null) {
      udp = vertx.createDatagramSocket();
    }
    return udp.send(Buffer.buffer(line), config.port(), config.host());
  }

  private Future<Void> stream(byte[] line) {
    Buffer frame =
        Buffer.buffer((line.length + " ").getBytes(StandardCharsets.US_ASCII)).appendBytes(line);
    if (connection != null) {
      return connection.write(frame).onFailure(e -> drop());
    }
    if (tcp == null) {
      tcp =
          vertx.createNetClient(
              new NetClientOptions().setConnectTimeout((int) TIMEOUT_MILLIS).setTcpKeepAlive(true));
    }
    return tcp.connect(config.port(), config.host())
        .compose(
            s -> {
              connection = s;
              // The receiver sends nothing; a close or an error ends this connection, and the
              // next alert opens another.
              s.handler(b -> {});
              s.closeHandler(v -> connection = connection == s ? null : connection);
              s.exceptionHandler(e -> s.close());
              return s.write(frame).onFailure(e -> drop());
            });
  }

  private void drop() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  @Override
  void stop() {
    super.stop();
    drop();
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      tcp.close();
    }
  }
}
