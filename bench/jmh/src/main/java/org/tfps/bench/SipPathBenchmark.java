package org.tfps.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.tfps.app.Tfps;
import org.tfps.config.Cidr;
import org.tfps.config.ConfigLoader;
import org.tfps.config.IdentitySource;
import org.tfps.config.SipMode;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionService;
import org.tfps.engine.CallAttempt;
import org.tfps.metrics.MetricsRegistry;
import org.tfps.sip.IdentityReader;
import org.tfps.sip.Peer;
import org.tfps.sip.PeerAcl;
import org.tfps.sip.RequestHeaders;
import org.tfps.sip.RequestValidator;
import org.tfps.sip.ResponseWriter;
import org.tfps.sip.SipMessage;
import org.tfps.sip.SipParseException;
import org.tfps.sip.SipParser;
import org.tfps.sip.SipServer;
import org.tfps.sip.SipStats;
import org.tfps.sip.VerdictAnswers;

/**
 * Per-message CPU of the SIP decision path, in pieces: codec (parse + validate + build a 302),
 * decision (normalize + rules), and the whole server (ACL, parse, transaction, decide, answer)
 * with a sender that discards the bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SipPathBenchmark {

  /** An INVITE as a softswitch sends it (Kamailio in front of Asterisk), with SDP. */
  static final String INVITE =
      "INVITE sip:+442079460123@192.0.2.20:5060 SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK%s;rport\r\n"
          + "Via: SIP/2.0/UDP 192.0.2.10:5060;received=192.0.2.10;branch=z9hG4bK-pbx-77a1\r\n"
          + "Record-Route: <sip:127.0.0.1:5070;lr>\r\n"
          + "Max-Forwards: 69\r\n"
          + "From: \"Reception\" <sip:1001@pbx.example.com>;tag=as5f2d1c1e\r\n"
          + "To: <sip:+442079460123@pbx.example.com>\r\n"
          + "Contact: <sip:1001@192.0.2.10:5060>\r\n"
          + "Call-ID: 3c6b2a5e1f0d4c8b9a7e6d5c4b3a2918@192.0.2.10\r\n"
          + "CSeq: 102 INVITE\r\n"
          + "User-Agent: Asterisk PBX 18.20.0\r\n"
          + "P-Asserted-Identity: <sip:+12125550123@pbx.example.com>\r\n"
          + "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY\r\n"
          + "Supported: replaces, timer\r\n"
          + "Content-Type: application/sdp\r\n"
          + "Content-Length: 212\r\n\r\n"
          + "v=0\r\no=root 1 1 IN IP4 192.0.2.10\r\ns=call\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
          + "m=audio 10000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
          + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n";

  private byte[] invite;
  private ResponseWriter writer;
  private DecisionService decisions;
  private SipServer server;
  private CallAttempt allowed;
  private CallAttempt cuba;
  private long branch;
  private int branchAt;
  private byte[] ack;
  private int ackBranchAt;
  private final Peer peer = new Peer("127.0.0.1", 5070, null);

  @Setup
  public void setup() {
    invite = String.format(INVITE, "XXXXXXXXXX").getBytes(StandardCharsets.ISO_8859_1);
    fixBody();
    branchAt = indexOf(invite, "XXXXXXXXXX");
    ack =
        ("ACK sip:+442079460123@192.0.2.20:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKXXXXXXXXXX;rport\r\n"
                + "Max-Forwards: 69\r\n"
                + "From: \"Reception\" <sip:1001@pbx.example.com>;tag=as5f2d1c1e\r\n"
                + "To: <sip:+442079460123@pbx.example.com>;tag=1a2b3c4d\r\n"
                + "Call-ID: 3c6b2a5e1f0d4c8b9a7e6d5c4b3a2918@192.0.2.10\r\n"
                + "CSeq: 102 ACK\r\n"
                + "Content-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    ackBranchAt = indexOf(ack, "XXXXXXXXXX");
    writer = new ResponseWriter("TFPS/bench");
    // The decision use case exactly as production wires it, with the default configuration
    // (all rules, built-in data files).
    decisions =
        Tfps.decisions(ConfigLoader.load(Optional.empty(), Map.of(), new Properties()));
    server =
        new SipServer(
            new PeerAcl(List.of(Cidr.parse("127.0.0.0/8"))),
            decisions,
            new VerdictAnswers(SipMode.REDIRECT, "A00", false, "", "127.0.0.1"),
            new IdentityReader(IdentitySource.FROM),
            "TFPS/bench",
            "A00",
            (to, bytes) -> {},
            new SipStats(new MetricsRegistry()),
            Clock.systemUTC(),
            Runnable::run,
            500,
            4000,
            10_000_000);
    allowed = new CallAttempt("1001@pbx", "+442079460123", "192.0.2.10", "", "c", java.time.Instant.EPOCH, -1);
    cuba = new CallAttempt("1001@pbx", "005312345678", "192.0.2.10", "", "c", java.time.Instant.EPOCH, -1);
  }

  private void fixBody() {
    String s = new String(invite, StandardCharsets.ISO_8859_1);
    int body = s.indexOf("\r\n\r\n") + 4;
    int len = invite.length - body;
    invite = s.replace("Content-Length: 212", "Content-Length: " + len).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Codec only: parse, validate mandatory headers, build a 302 with Contact and verdict headers. */
  @Benchmark
  public byte[] codecParseAndBuild302() throws SipParseException {
    SipMessage m = SipParser.parse(invite, invite.length, true);
    RequestHeaders h = RequestValidator.validate(m);
    return writer.write(
        m,
        h,
        302,
        "Moved Temporarily",
        "1a2b3c4d",
        "127.0.0.1",
        5070,
        List.of(
            "Contact: <sip:A00+442079460123@192.0.2.20>",
            "Reason: SIP;cause=302;text=\"allowed\"",
            "X-TFPS-Verdict: allow; code=R00; rule=none"));
  }

  /** Decision only: dial plan normalization with libphonenumber and the rules, allowed number. */
  @Benchmark
  public Decision decideAllowed() {
    return decisions.decide(allowed).result();
  }

  /** Decision only, a Cuban number dialled with 00. */
  @Benchmark
  public Decision decideCuba() {
    return decisions.decide(cuba).result();
  }

  /**
   * The whole SIP server per call: the INVITE (ACL, parse, new transaction, decide, build and
   * "send" the 302) and its ACK (parse, match, end the transaction). Each call uses a new
   * branch, as under load.
   */
  @Benchmark
  public void serverCall(Blackhole bh) {
    byte[] msg = invite.clone();
    // Overwrite the 10-character branch suffix with a counter, keeping the length.
    String b = Long.toString(10_000_000_000L + branch++).substring(1);
    int at = branchAt;
    for (int i = 0; i < 10; i++) {
      msg[at + i] = (byte) b.charAt(i);
    }
    server.receive(msg, msg.length, peer);
    byte[] ackMsg = ack.clone();
    System.arraycopy(msg, branchAt, ackMsg, ackBranchAt, 10);
    server.receive(ackMsg, ackMsg.length, peer);
    if ((branch & 0x3ff) == 0) {
      server.tick();
    }
    bh.consume(msg);
  }

  private static int indexOf(byte[] b, String s) {
    return new String(b, StandardCharsets.ISO_8859_1).indexOf(s);
  }
}
