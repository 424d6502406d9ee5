package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.config.ConfigLoader;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.DecisionService;
import org.tfps.engine.Engine;
import org.tfps.metrics.MetricsRegistry;
import org.tfps.numbers.DialPlan;
import org.tfps.sip.SipStats;
import org.tfps.sip.SipVerticle;
import org.tfps.testing.Decisions;

/**
 * Overload control (docs/sip.md#overload) over real sockets.
 *
 * <p>Overload: the SIP verticle with decisions made CPU-bound on purpose (each spins 2 ms on the
 * event loop, so it decides at most 500 calls a second on any host) and a softswitch sending
 * {@value #OFFERED} INVITEs at 1,000 a second. With overload control on, the queue never grows past
 * the limit for long: part of the INVITEs are answered 500 "overloaded" at once, every INVITE gets
 * one answer, and calls are decided again once the load is gone. With it off, all of them are
 * decided, however late.
 *
 * <p>A stall is not an overload: a real TFPS process stopped with SIGSTOP while a few INVITEs
 * queue, then continued, decides all of them, since they are read within the limit.
 */
class OverloadIT {

  private static final int OFFERED = 3000;

  private static final int BACKLOG = 50;

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();

  private final Vertx vertx = Vertx.vertx();

  private final MetricsRegistry metrics = new MetricsRegistry();

  @AfterEach
  void stopAll() throws Exception {
    for (Process p : processes) {
      signal(p, "CONT");
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void moreCallsThanCanBeDecidedArePartlyShedAndEveryInviteIsAnsweredOnce() throws Exception {
    try (DatagramSocket socket = socket()) {
      int port = deploySlow("200ms");

      Map<String, Answer> answers = offer(socket, port);

      assertThat(answers).hasSize(OFFERED);
      long shed = answers.values().stream().filter(a -> a.status() == 500).count();
      long decided = answers.values().stream().filter(a -> a.status() == 503).count();
      assertThat(shed).as("INVITEs shed").isPositive();
      assertThat(decided).as("INVITEs decided").isPositive();
      assertThat(shed + decided).isEqualTo(OFFERED);
      assertThat(answers.values())
          .filteredOn(a -> a.status() == 500)
          .allSatisfy(a -> assertThat(a.reason()).contains("overloaded"));
      assertThat(metrics.render())
          .contains("tfps_sip_shed_total " + shed + "\n")
          .contains("tfps_sip_responses_total{status=\"500\"} " + shed + "\n");

      // Once the load is gone, calls are decided again.
      int status = 500;
      for (int i = 0; i < 100 && status == 500; i++) {
        status = call(socket, port, "after-" + i).status();
      }
      assertThat(status).as("a call decided after the load").isEqualTo(503);
    }
  }

  @Test
  void withOverloadControlOffEveryCallIsDecidedHoweverLate() throws Exception {
    try (DatagramSocket socket = socket()) {
      int port = deploySlow("0");

      Map<String, Answer> answers = offer(socket, port);

      assertThat(answers).hasSize(OFFERED);
      assertThat(answers.values()).allSatisfy(a -> assertThat(a.status()).isEqualTo(503));
      assertThat(metrics.render())
          .contains("tfps_sip_shed_total 0\n")
          .contains("tfps_sip_queue_delay_milliseconds 0\n");
    }
  }

  @Test
  void aStalledProcessDecidesTheFewRequestsThatQueuedMeanwhile() throws Exception {
    Node n = start("tfps.sip.max-queue-delay = 200ms\n");
    try (DatagramSocket socket = socket()) {
      Map<String, Answer> answers = stallAndSend(n, socket);

      assertThat(answers).hasSize(BACKLOG);
      // Decided: allowed (503), or denied (603) once R05 sees the same number dialled again.
      assertThat(answers.values()).allSatisfy(a -> assertThat(a.status()).isIn(503, 603));
      assertThat(new JsonObject(Api.get(n.api(), "/v1/status")).getLong("sipShed")).isEqualTo(0L);
    }
  }

  /**
   * Deploys the SIP verticle on a free port, its decisions spinning 2 ms each on the event loop,
   * with {@code tfps.sip.max-queue-delay = maxQueueDelay}.
   */
  private int deploySlow(String maxQueueDelay) throws Exception {
    int port = Ports.freeUdpAndTcp();
    Path conf = dir.resolve("slow-" + port + ".conf");
    Files.writeString(
        conf,
        "tfps.sip { udp-port = "
            + port
            + ", tcp-port = 0, max-queue-delay = "
            + maxQueueDelay
            + " }\n");
    TfpsConfig config = ConfigLoader.load(Optional.of(conf), Map.of(), new Properties());
    DialPlan plan = new DialPlan("GB", List.of("00"), "0");
    DecisionService slow =
        Decisions.of(
            account -> {
              long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
              while (System.nanoTime() < until) {
                Thread.onSpinWait(); // a decision that costs 2 ms of CPU
              }
              return Future.succeededFuture(AccountProfile.withDialPlan(account, plan));
            },
            new Engine(List.of()),
            plan,
            10_000);
    vertx
        .deployVerticle(
            new SipVerticle(
                config.sip(), slow, new SipStats(metrics), Clock.systemUTC(), "TFPS/it"))
        .await(10, TimeUnit.SECONDS);
    return port;
  }

  /**
   * {@value #OFFERED} INVITEs, one a millisecond (a loop bounded in count), answers read and ACKed
   * meanwhile by another thread: the final answer to each, by Call-ID, once all came or 60 s
   * passed.
   */
  private Map<String, Answer> offer(DatagramSocket socket, int port) throws Exception {
    Map<String, Answer> answers = new java.util.concurrent.ConcurrentHashMap<>();
    socket.setSoTimeout(200);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Thread reader =
        new Thread(
            () -> {
              try {
                while (answers.size() < OFFERED && System.nanoTime() < deadline) {
                  Answer a = receive(socket);
                  if (a != null && a.status() >= 200) {
                    send(socket, port, ack(socket, a));
                    answers.putIfAbsent(a.callId(), a);
                  }
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            "overload-it-reader");
    reader.start();
    long start = System.nanoTime();
    for (int i = 0; i < OFFERED; i++) {
      long due = start + TimeUnit.MILLISECONDS.toNanos(i);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      send(socket, port, invite(socket, "load-" + i));
    }
    reader.join(TimeUnit.SECONDS.toMillis(70));
    return answers;
  }

  /**
   * One call to check TFPS answers, then SIGSTOP, {@link #BACKLOG} INVITEs, 600 ms without an
   * answer, SIGCONT: the final answer to each INVITE of the backlog, by Call-ID, each ACKed.
   */
  private Map<String, Answer> stallAndSend(Node n, DatagramSocket socket) throws Exception {
    assertThat(call(socket, n.sip(), "first").status()).isEqualTo(503);
    signal(n.process(), "STOP");
    awaitStopped(n.process());
    for (int i = 0; i < BACKLOG; i++) {
      send(socket, n.sip(), invite(socket, "backlog-" + i));
    }
    socket.setSoTimeout(600);
    assertThat(receive(socket)).as("an answer from a stopped process").isNull();
    signal(n.process(), "CONT");
    socket.setSoTimeout(200);
    Map<String, Answer> answers = new HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (answers.size() < BACKLOG && System.nanoTime() < deadline) {
      Answer a = receive(socket);
      if (a == null || a.status() < 200) {
        continue;
      }
      send(socket, n.sip(), ack(socket, a));
      Answer before = answers.putIfAbsent(a.callId(), a);
      if (before != null) {
        assertThat(a.status()).as("a retransmission of %s", a.callId()).isEqualTo(before.status());
      }
    }
    return answers;
  }

  private record Node(Process process, int sip, int api, Path log) {}

  private record Answer(int status, String callId, String to, String reason) {}

  private Node start(String extraHocon) throws Exception {
    int sip = Ports.freeUdpAndTcp();
    int api = Ports.freeUdpAndTcp();
    Path conf = dir.resolve("overload-" + sip + ".conf");
    Files.writeString(
        conf,
        TfpsHarness.CLOCK_FREE
            + TfpsHarness.NO_DATABASE
            + TfpsHarness.TEST_TOKENS
            + "tfps.sip { udp-port = "
            + sip
            + ", tcp-port = 0 }\n"
            + "tfps.api.port = "
            + api
            + "\n"
            + extraHocon);
    Path log = dir.resolve("overload-" + sip + ".log");
    Process p = Api.startJar(conf, log);
    processes.add(p);
    Api.waitForHealth(api, p, log);
    return new Node(p, sip, api, log);
  }

  private static void signal(Process p, String signal) throws InterruptedException {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
              .redirectErrorStream(true)
              .start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } catch (IOException e) {
      throw new AssertionError("kill -" + signal + " failed", e);
    }
  }

  /**
   * Waits until every thread of {@code p} is stopped: {@code kill -STOP} returns once the signal is
   * sent, and the kernel stops the process only when one of its threads next runs, which on a busy
   * host can come after the first INVITE of the backlog was read and answered.
   */
  private static void awaitStopped(Process p) throws IOException {
    Path tasks = Path.of("/proc", Long.toString(p.pid()), "task");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<String> running = new ArrayList<>();
      try (var threads = Files.list(tasks)) {
        for (Path t : threads.toList()) {
          String stat;
          try {
            stat = Files.readString(t.resolve("stat"));
          } catch (java.nio.file.NoSuchFileException ended) {
            continue; // the thread ended meanwhile
          }
          char state = stat.charAt(stat.lastIndexOf(')') + 2); // after "(comm) "
          if ("TtZX".indexOf(state) < 0) { // stopped, or an ending thread's zombie
            running.add(t.getFileName() + ":" + state);
          }
        }
      }
      if (running.isEmpty()) {
        return;
      }
      assertThat(System.nanoTime()).as("threads not stopped: %s", running).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static DatagramSocket socket() throws IOException {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
    s.setReceiveBufferSize(4 << 20);
    return s;
  }

  /** One INVITE, and its final answer (ACKed). */
  private static Answer call(DatagramSocket socket, int port, String id) throws Exception {
    send(socket, port, invite(socket, id));
    socket.setSoTimeout(5000);
    while (true) {
      Answer a = receive(socket);
      assertThat(a).as("an answer to " + id).isNotNull();
      if (a.status() >= 200 && a.callId().equals(id + "@it")) {
        send(socket, port, ack(socket, a));
        return a;
      }
    }
  }

  private static String invite(DatagramSocket socket, String id) {
    return "INVITE sip:+442079460123@127.0.0.1 SIP/2.0\r\n"
        + headers(socket, id, "INVITE", "<sip:+442079460123@127.0.0.1>");
  }

  /** RFC 3261 17.1.1.3: the ACK of a non-2xx answer, in the INVITE's transaction. */
  private static String ack(DatagramSocket socket, Answer a) {
    String id = a.callId().substring(0, a.callId().length() - "@it".length());
    return "ACK sip:+442079460123@127.0.0.1 SIP/2.0\r\n" + headers(socket, id, "ACK", a.to());
  }

  private static String headers(DatagramSocket socket, String id, String method, String to) {
    return "Via: SIP/2.0/UDP 127.0.0.1:"
        + socket.getLocalPort()
        + ";branch=z9hG4bK-"
        + id
        + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:1001@pbx.example.com>;tag=f-"
        + id
        + "\r\n"
        + "To: "
        + to
        + "\r\n"
        + "Call-ID: "
        + id
        + "@it\r\n"
        + "CSeq: 1 "
        + method
        + "\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  private static void send(DatagramSocket socket, int port, String message) throws IOException {
    byte[] b = message.getBytes(StandardCharsets.US_ASCII);
    socket.send(new DatagramPacket(b, b.length, InetAddress.getByName("127.0.0.1"), port));
  }

  /** The next response, or null when none came within the socket's timeout. */
  private static Answer receive(DatagramSocket socket) throws IOException {
    byte[] buf = new byte[65_535];
    DatagramPacket in = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(in);
    } catch (SocketTimeoutException e) {
      return null;
    }
    String text = new String(buf, 0, in.getLength(), StandardCharsets.US_ASCII);
    return new Answer(
        Integer.parseInt(text.substring(8, 11)),
        header(text, "Call-ID"),
        header(text, "To"),
        String.valueOf(header(text, "Reason")));
  }

  private static String header(String text, String name) {
    for (String line : text.split("\r\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }
}
