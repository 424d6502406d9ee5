package org.tfps.sip;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.DecisionService;

/**
 * The SIP front door: a UDP socket, a TCP server and, when configured, a TLS server on one event
 * loop, feeding one {@link SipServer}; TLS is the TCP stream listener with SSL options.
 */
public final class SipVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SipVerticle.class);

  private final TfpsConfig.Sip config;
  private final DecisionService decisions;
  private final SipStats stats;
  private final Clock clock;
  private final String serverHeader;
  private final List<String> listeners = new CopyOnWriteArrayList<>();
  private volatile int tcpPort;
  private volatile int tlsPort;
  private volatile SipServer server;
  private UdpTransport udp;
  private NetServer tcp;
  private NetServer tls;
  private int tcpConnections;
  private VerifyHandler verify;

  public SipVerticle(
      TfpsConfig.Sip config,
      DecisionService decisions,
      SipStats stats,
      Clock clock,
      String serverHeader) {
    this.config = config;
    this.decisions = decisions;
    this.stats = stats;
    this.clock = clock;
    this.serverHeader = serverHeader;
  }

  @Override
  public Future<?> start() {
    server =
        new SipServer(
            new PeerAcl(config.trustedPeers()),
            decisions,
            new VerdictAnswers(
                config.mode(),
                config.allowPrefix(),
                config.denyRedirect(),
                config.contactHost(),
                config.bind()),
            new IdentityReader(config.identity()),
            serverHeader,
            config.allowPrefix(),
            this::send,
            stats,
            clock,
            task -> context.runOnContext(v -> task.run()),
            config.t1().toMillis(),
            config.t2().toMillis(),
            config.maxTransactions());
    server.verifyWith(verify, this::sentBy);
    QueueDelay queue = new QueueDelay(config.maxQueueDelay().toMillis());
    server.shedWith(queue);
    stats.queue(queue);
    vertx.setPeriodic(
        TimerWheel.TICK_MS,
        id -> {
          server.tick();
          if (udp != null) {
            queue.tick(System.nanoTime());
            udp.probe();
          }
        });
    List<Future<?>> all = new ArrayList<>();
    all.add(
        UdpTransport.bind(
                (ContextInternal) context,
                config.bind(),
                config.udpPort(),
                config.udpReceiveBuffer(),
                queue,
                (bytes, length, from) -> server.receive(bytes, length, from))
            .onSuccess(
                u -> {
                  udp = u;
                  listeners.add("udp:" + config.bind() + ":" + u.port());
                }));
    if (config.tcpPort() > 0) {
      tcp =
          vertx.createNetServer(
              new NetServerOptions()
                  .setTcpNoDelay(true)
                  .setIdleTimeout((int) config.tcpIdleTimeout().toSeconds())
                  .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS));
      tcp.connectHandler(this::onConnection);
      all.add(
          tcp.listen(config.tcpPort(), config.bind())
              .onSuccess(
                  s -> {
                    tcpPort = s.actualPort();
                    listeners.add("tcp:" + config.bind() + ":" + s.actualPort());
                  }));
    }
    if (config.tlsPort() > 0) {
      // SIP over TLS (RFC 3261 26.2): the same stream transport as TCP, behind TLS.
      tls =
          vertx.createNetServer(
              new NetServerOptions()
                  .setTcpNoDelay(true)
                  .setIdleTimeout((int) config.tcpIdleTimeout().toSeconds())
                  .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
                  .setSsl(true)
                  .setKeyCertOptions(
                      new io.vertx.core.net.PemKeyCertOptions()
                          .setCertPath(config.tls().cert().toString())
                          .setKeyPath(config.tls().key().toString())));
      tls.connectHandler(this::onConnection);
      all.add(
          tls.listen(config.tlsPort(), config.bind())
              .onSuccess(
                  s -> {
                    tlsPort = s.actualPort();
                    listeners.add("tls:" + config.bind() + ":" + s.actualPort());
                  }));
    }
    return Future.all(all)
        .onSuccess(
            v ->
                log.info(
                    "SIP listening on {} ({} mode)",
                    listeners,
                    config.mode().name().toLowerCase()));
  }

  private void onConnection(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    int port = socket.remoteAddress().port();
    if (tcpConnections >= SipLimits.MAX_TCP_CONNECTIONS) {
      stats.tcpRefused.inc();
      socket.close();
      return;
    }
    tcpConnections++;
    socket.closeHandler(v -> tcpConnections--);
    SipConnection connection = bytes -> socket.write(Buffer.buffer(bytes));
    Peer peer = new Peer(ip, port, connection);
    StreamFramer framer =
        new StreamFramer(
            new StreamFramer.Listener() {
              @Override
              public void onMessage(byte[] message) {
                server.receive(message, message.length, peer);
              }

              @Override
              public void onKeepAlive() {
                socket.write(Buffer.buffer("\r\n"));
              }

              @Override
              public void onFramingError(ParseError reason) {
                stats.parseErrors.inc(reason.name());
                log.debug("closing TCP connection from {}:{}: {}", ip, port, reason.text());
                socket.close();
              }
            });
    socket.handler(
        buffer -> {
          byte[] bytes = buffer.getBytes();
          framer.feed(bytes, 0, bytes.length);
        });
    socket.exceptionHandler(e -> log.debug("TCP connection {}:{}: {}", ip, port, e.toString()));
  }

  private void send(Peer to, byte[] message) {
    if (to.connection() != null) {
      to.connection().write(message);
    } else {
      udp.send(to, message);
    }
  }

  /**
   * TFPS's host:port on a transport, for the verify dialog: the configured contact-host, else the
   * bound address, else (bound to every interface) {@code fallbackHost}.
   */
  private String sentBy(String transport, String fallbackHost) {
    String host = config.contactHost();
    if (host.isEmpty()) {
      host = wildcard(config.bind()) ? fallbackHost : config.bind();
    }
    if (host == null || host.isEmpty()) {
      host = config.bind();
    }
    int port =
        switch (transport.toUpperCase(java.util.Locale.ROOT)) {
          case "TCP" -> tcpPort;
          case "TLS" -> tlsPort;
          default -> udp == null ? config.udpPort() : udp.port();
        };
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  private static boolean wildcard(String bind) {
    return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
  }

  /** Verify verdicts go to {@code handler} (set before deployment); null keeps the deny answer. */
  public void verifyWith(VerifyHandler handler) {
    this.verify = handler;
  }

  /** The context the front door runs on (its event loop reads the UDP socket), once deployed. */
  public io.vertx.core.Context context() {
    return context;
  }

  /** Live verify dialogs (read from another thread: an estimate). */
  public int dialogCount() {
    SipServer s = server;
    return s == null ? 0 : s.dialogCount();
  }

  @Override
  public Future<?> stop() {
    if (server != null) {
      server.endDialogs();
    }
    return udp == null ? Future.succeededFuture() : udp.close((ContextInternal) context);
  }

  /** The bound listeners, e.g. "udp:127.0.0.1:5060". */
  public List<String> listeners() {
    return List.copyOf(listeners);
  }

  /** Live server transactions (read from another thread: an estimate). */
  public int transactionCount() {
    SipServer s = server;
    return s == null ? 0 : s.transactionCount();
  }
}
