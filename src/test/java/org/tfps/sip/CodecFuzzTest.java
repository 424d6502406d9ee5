package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tfps.config.IdentitySource;

/**
 * Seeded, bounded mutation fuzzing of the codec, starting from the valid corpus. For each mutated
 * message: parse as a datagram and as a stream (and from a larger buffer, to check {@code len} is
 * respected), validate requests, build a response with {@link ResponseWriter} (also from the
 * partial message of a refused request, as {@code SipServer} does) and parse it again. The only
 * exception allowed anywhere is {@link SipParseException}; structural invariants are checked.
 *
 * <p>Reproduce with {@code -Dtfps.fuzz.seed=<seed> -Dtfps.fuzz.iteration=<i>} (runs one iteration);
 * {@code -Dtfps.fuzz.iterations=<n>} changes the count.
 */
class CodecFuzzTest {

  static final long SEED = Long.getLong("tfps.fuzz.seed", 0x7F95_2025_0001L);
  static final int ITERATIONS = Integer.getInteger("tfps.fuzz.iterations", 120_000);
  static final int ONLY_ITERATION = Integer.getInteger("tfps.fuzz.iteration", -1);
  static final int FRAMER_STREAMS = Integer.getInteger("tfps.fuzz.streams", 3_000);

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] KEEPALIVE = {'\r', '\n', '\r', '\n'};

  private static final String[] SPECIALS = {
    "\r",
    "\n",
    "\0",
    "\u00ff",
    "\r\n",
    "\r\n ",
    " \r\n",
    "\r\n\r\n",
    "\t",
    ":",
    ";",
    ",",
    "\"",
    "<",
    ">",
    "%",
    "[",
    "]",
    "\\",
    "=",
    " ",
    "\u007f",
    "\u0080"
  };

  private static final String[] CONTENT_LENGTHS = {
    "99999999999999999999",
    "18446744073709551617",
    "4294967296",
    "2147483648",
    "2147483647",
    "-1",
    "-999",
    "999999999",
    "1000000000",
    "65508",
    "65507",
    "32769",
    "32768",
    "0",
    "00000000000000",
    "000000000",
    "1 2",
    "0x10",
    "+5",
    "",
    " ",
    "5\t",
    "1e3",
    "\u00b9"
  };

  private static final String[] HEADERS = {
    "Via",
    "v",
    "Call-ID",
    "i",
    "CSeq",
    "From",
    "f",
    "To",
    "t",
    "Max-Forwards",
    "Content-Length",
    "l",
    "Contact",
    "m",
    "Content-Type"
  };

  private static final String[] VALUES = {
    "",
    " ",
    "<",
    "\"",
    "\"unterminated <sip:a@b>",
    "sip:",
    ":",
    "<sip:a@b",
    "<sip:a@b>;tag",
    "<sip:a@b>;tag=",
    "a <sip:a@b>;tag=x;tag=y",
    "SIP/2.0/UDP",
    "SIP/2.0/UDP ",
    "SIP/2.0/UDP [::1",
    "SIP/2.0/UDP [2001:db8::1]:99999",
    "SIP/2.0/UDP host:",
    "SIP/2.0/UDP host:5060;branch",
    "SIP/2.0/UDP host;branch=\"unterminated",
    "SIP/2.0/UDP host;rport;rport=1;received=[",
    "SIP/2.0/UDP a,",
    "SIP/2.0/UDP a, ,SIP/2.0/TCP b",
    "SIP / 2.0 / UDP host ; branch = z9hG4bKx",
    "SIP/3.0/UDP host",
    "1 INVITE x",
    "1",
    "INVITE",
    "99999999999 INVITE",
    "2147483648 INVITE",
    "0 INVITE",
    "0068",
    "256",
    "-1",
    "70 70",
    "\u00e9\u00e8",
  };

  private static final String[] START_LINES = {
    "INVITE sip:a@b SIP/2.0",
    "INVITE sip:a@b SIP/2.0 ",
    "INVITE  sip:a@b SIP/2.0",
    "INVITE sip:a@b SIP/3.0",
    "INVITE sip:a@b sip/2.0",
    "INVITE sip:a@b",
    "INVITE <sip:a@b> SIP/2.0",
    "INVITE : SIP/2.0",
    "INVITE x: SIP/2.0",
    "INVITE 1:a SIP/2.0",
    "invite sip:a@b SIP/2.0",
    "ACK sip:a@b SIP/2.0",
    "CANCEL tel:+1234 SIP/2.0",
    "SIP/2.0 200 OK",
    "SIP/2.0 99 Low",
    "SIP/2.0 700 High",
    "SIP/2.0 2000 Long",
    "SIP/2.0 200",
    "SIP/2.0",
    "SIP/",
    " INVITE sip:a@b SIP/2.0",
    "INVITE\tsip:a@b SIP/2.0",
  };

  private static final String[] SOURCE_IPS = {"192.0.2.200", "2001:db8::7", "198.51.100.20"};

  private static List<byte[]> seeds;
  private static List<byte[]> framable;

  @BeforeAll
  static void loadCorpus() {
    seeds = new ArrayList<>();
    framable = new ArrayList<>();
    for (String file : CorpusTest.files("valid")) {
      byte[] b = CorpusTest.read(file);
      seeds.add(b);
      if (hasExactContentLength(b)) {
        framable.add(stripLeadingCrlf(b));
      }
    }
    assertThat(seeds).isNotEmpty();
    assertThat(framable).hasSizeGreaterThan(30);
  }

  @Test
  void mutatedMessagesFailOnlyWithSipParseException() {
    Failures failures = new Failures();
    int from = ONLY_ITERATION >= 0 ? ONLY_ITERATION : 0;
    int to = ONLY_ITERATION >= 0 ? ONLY_ITERATION + 1 : ITERATIONS;
    int parsed = 0;
    int validated = 0;
    for (int i = from; i < to; i++) {
      Random r = new Random(SEED ^ (i * 0x9E3779B97F4A7C15L));
      List<String> log = new ArrayList<>();
      byte[] msg = mutate(seeds.get(r.nextInt(seeds.size())), r, log);
      try {
        int result = exercise(msg, r);
        parsed += result > 0 ? 1 : 0;
        validated += result > 1 ? 1 : 0;
      } catch (Throwable t) {
        failures.add(t, i, log, msg);
      }
    }
    assertThat(failures.report())
        .as("fuzz seed=%d iterations=%d parsed=%d validated=%d", SEED, to - from, parsed, validated)
        .isEmpty();
    if (ONLY_ITERATION < 0) {
      // The mutations must leave enough messages intact to reach the validator and writer.
      assertThat(validated).isGreaterThan(ITERATIONS / 10);
    }
  }

  /**
   * Regression seed found by the fuzzer: a continuation line holding only white space (RFC 3261
   * 7.3.1 LWS) after To, From, Call-ID or CSeq. The response must still carry every copied header
   * in its header section.
   */
  @Test
  void whiteSpaceOnlyContinuationLineKeepsResponseIntact() throws SipParseException {
    List<String> broken = new ArrayList<>();
    for (String header : new String[] {"To", "From", "Call-ID", "CSeq"}) {
      String text =
          new String(CorpusTest.read("valid/sipvicious-options.sip"), StandardCharsets.ISO_8859_1);
      byte[] req = latin1(text.replaceFirst("(\r\n" + header + ":[^\r]*\r\n)", "$1 \t\r\n"));
      SipMessage m = SipParser.parse(req, req.length, true);
      try {
        RequestHeaders h = RequestValidator.validate(m);
        byte[] out =
            new ResponseWriter("TFPS/test")
                .write(m, h, 302, "Moved", "t1", CorpusTest.SOURCE_IP, 5060, List.of());
        CorpusTest.checkResponse(m, h, out, 302, "t1");
      } catch (SipParseException | AssertionError e) {
        broken.add(header + ": " + e.getMessage());
      }
    }
    assertThat(broken).as("\" \\t\" continuation line after the header").isEmpty();
  }

  @Test
  void framerReassemblesChunkedStreams() {
    Failures failures = new Failures();
    for (int i = 0; i < FRAMER_STREAMS; i++) {
      Random r = new Random(SEED ^ (i * 0xC2B2AE3D27D4EB4FL) ^ 0x5EED);
      List<String> log = new ArrayList<>();
      java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
      List<byte[]> expected = new ArrayList<>();
      int keepAlives = 0;
      int messages = 1 + r.nextInt(12);
      for (int k = 0; k < messages; k++) {
        switch (r.nextInt(5)) {
          case 0 -> { // RFC 5626 3.5.1 keepalives before the message
            int n = 1 + r.nextInt(2);
            for (int j = 0; j < n; j++) {
              stream.writeBytes(KEEPALIVE);
            }
            keepAlives += n;
          }
          case 1 -> stream.writeBytes(CRLF); // RFC 3261 7.5: a stray CRLF is skipped
          default -> {}
        }
        byte[] m = framable.get(r.nextInt(framable.size()));
        stream.writeBytes(m);
        expected.add(m);
      }
      if (r.nextBoolean()) {
        stream.writeBytes(KEEPALIVE);
        keepAlives++;
      }
      byte[] all = stream.toByteArray();
      int maxChunk = new int[] {1, 3, 17, 200, 1500, all.length}[r.nextInt(6)];
      List<byte[]> got = new ArrayList<>();
      int[] pings = {0};
      List<ParseError> errors = new ArrayList<>();
      StreamFramer framer =
          new StreamFramer(StreamFramer.listener(got::add, () -> pings[0]++, errors::add));
      try {
        int pos = 0;
        while (pos < all.length) {
          int n = Math.min(all.length - pos, 1 + r.nextInt(maxChunk));
          // Feed from an offset inside a larger array to check off/n are respected.
          byte[] carrier = new byte[n + 8];
          Arrays.fill(carrier, (byte) '\n');
          System.arraycopy(all, pos, carrier, 4, n);
          framer.feed(carrier, 4, n);
          log.add(Integer.toString(n));
          pos += n;
        }
        check(errors.isEmpty(), "framer: unexpected framing error " + errors);
        check(got.size() == expected.size(), "framer: message count");
        for (int k = 0; k < expected.size(); k++) {
          check(Arrays.equals(got.get(k), expected.get(k)), "framer: message bytes differ");
        }
        check(pings[0] == keepAlives, "framer: keepalive count");
      } catch (Throwable t) {
        failures.add(t, i, List.of("chunks " + log), all);
      }
    }
    assertThat(failures.report()).as("framer fuzz seed=%d", SEED).isEmpty();
  }

  /**
   * Runs one message through everything a peer's bytes reach. Returns 0 when refused by the parser,
   * 1 when parsed, 2 when validated (and answered).
   */
  private static int exercise(byte[] msg, Random r) throws SipParseException {
    String datagram = signature(msg, msg.length, true);
    byte[] padded = Arrays.copyOf(msg, msg.length + 1 + r.nextInt(64));
    for (int i = msg.length; i < padded.length; i++) {
      padded[i] = (byte) "\r\n0123456789 :;abc\0\u00ff".charAt(r.nextInt(20));
    }
    check(
        signature(padded, msg.length, true).equals(datagram),
        "parse reads past len: outcome differs with trailing bytes in the buffer");
    String stream = signature(msg, msg.length, false);
    if (r.nextInt(8) == 0) {
      feedFramer(msg, r);
    }
    framerAgreesWithParser(msg, r);
    SipMessage m;
    try {
      m = SipParser.parse(msg, msg.length, true);
    } catch (SipParseException e) {
      answerPartial(e);
      return 0;
    }
    if (m.count(HeaderName.CONTENT_LENGTH) > 0) {
      check(stream.equals(datagram), "stream and datagram parse differ despite Content-Length");
    }
    if (!m.isRequest()) {
      return 1;
    }
    RequestHeaders h;
    try {
      h = RequestValidator.validate(m);
    } catch (SipParseException e) {
      answerPartial(e);
      return 1;
    }
    check(!h.callId().isEmpty(), "validated Call-ID empty");
    check(h.cseq() >= 0 && h.cseq() <= SipLimits.MAX_CSEQ, "validated CSeq out of range");
    check(
        h.maxForwards() >= 0 && h.maxForwards() <= SipLimits.MAX_MAX_FORWARDS,
        "validated Max-Forwards out of range");
    check(h.via() != null && !h.via().host().isEmpty(), "validated Via without host");
    // What the decision path reads next: the dialled number and the calling identity.
    check(SipUri.parse(m.requestUri()) != null, "Request-URI parse");
    check(h.to().sipUri() != null && h.from().sipUri() != null, "From/To URI parse");
    for (IdentitySource source : IdentitySource.values()) {
      Identity id = new IdentityReader(source).read(m, h, "192.0.2.200");
      check(id != null && id.account() != null && id.userAgent() != null, "identity");
    }
    int status = new int[] {100, 302, 403, 603}[r.nextInt(4)];
    String toTag = status == 100 ? null : "t" + r.nextInt(1000);
    String ip = SOURCE_IPS[r.nextInt(SOURCE_IPS.length)];
    byte[] out =
        new ResponseWriter("TFPS/fuzz")
            .write(m, h, status, "Fuzz", toTag, ip, 1 + r.nextInt(65535), List.of());
    SipMessage res = reparse(out, "response");
    if (res == null) {
      return 2;
    }
    check(res.status() == status, "response: status");
    check(eq(res.first(HeaderName.CALL_ID), m.first(HeaderName.CALL_ID)), "response: Call-ID");
    check(eq(res.first(HeaderName.CSEQ), m.first(HeaderName.CSEQ)), "response: CSeq");
    check(eq(res.first(HeaderName.FROM), m.first(HeaderName.FROM)), "response: From");
    check(res.count(HeaderName.TO) == 1, "response: To");
    List<String> vias = CorpusTest.viaValues(m);
    List<String> resVias = CorpusTest.viaValues(res);
    check(resVias.size() == vias.size(), "response: Via count");
    check(eq(res.topVia().branch(), h.via().branch()), "response: top Via branch");
    return 2;
  }

  /** What {@code SipServer.onParseError} does: answer from the partial message when readable. */
  private static void answerPartial(SipParseException e) throws SipParseException {
    check(e.reason() != null, "exception without reason");
    SipMessage p = e.partial();
    if (p == null) {
      return;
    }
    checkStructure(p, p.buf.length);
    if (!p.isRequest()) {
      return;
    }
    Via via;
    try {
      via = p.topVia();
    } catch (SipParseException bad) {
      return;
    }
    String callId = p.first(HeaderName.CALL_ID);
    String to = p.first(HeaderName.TO);
    if (via == null || callId == null || to == null || p.first(HeaderName.CSEQ) == null) {
      return;
    }
    NameAddr toAddr;
    try {
      toAddr = NameAddr.parse(to);
    } catch (SipParseException bad) {
      toAddr = new NameAddr("", null);
    }
    RequestHeaders h = new RequestHeaders(via, callId, 0, new NameAddr("", null), toAddr, 0);
    byte[] out =
        new ResponseWriter("TFPS/fuzz")
            .write(p, h, e.reason().status(), "Bad Request", "x1", "192.0.2.200", 5060, List.of());
    SipMessage res = reparse(out, "400 from partial");
    check(res == null || eq(res.first(HeaderName.CALL_ID), callId), "400 from partial: Call-ID");
  }

  /**
   * Parses a response TFPS built. A response echoes the Via, From, To, Call-ID and CSeq lines of
   * the request and adds a few, so one built for a request already at a {@link SipLimits} bound can
   * pass it; those limits bound what a peer may send TFPS, not what peers accept, so such a
   * response is tolerated (returns null). Any other refusal breaks the invariant.
   */
  private static SipMessage reparse(byte[] out, String what) {
    try {
      SipMessage res = SipParser.parse(out, out.length, true);
      checkStructure(res, out.length);
      return res;
    } catch (SipParseException e) {
      switch (e.reason()) {
        case TOO_LARGE, LINE_TOO_LONG, TOO_MANY_HEADERS -> {
          return null;
        }
        default ->
            throw new Invariant(
                what
                    + " does not parse: "
                    + e.reason()
                    + " ["
                    + CorpusTest.escape(out, out.length, 400)
                    + "]");
      }
    }
  }

  /**
   * A message the stream parser accepts and consumes exactly must be cut at the same place by the
   * framer (RFC 3261 18.3), or a peer could hide bytes from one of the two: followed by a known
   * message, the framer must deliver both unchanged.
   */
  private static void framerAgreesWithParser(byte[] msg, Random r) {
    if (msg.length == 0 || msg[0] == '\r' || msg[0] == '\n') {
      return;
    }
    try {
      SipMessage m = SipParser.parse(msg, msg.length, false);
      if (m.bodyEnd != msg.length) {
        return;
      }
    } catch (SipParseException e) {
      return;
    }
    byte[] next = framable.get(r.nextInt(framable.size()));
    byte[] both = Arrays.copyOf(msg, msg.length + next.length);
    System.arraycopy(next, 0, both, msg.length, next.length);
    List<byte[]> got = new ArrayList<>();
    List<ParseError> errors = new ArrayList<>();
    StreamFramer framer = new StreamFramer(StreamFramer.listener(got::add, () -> {}, errors::add));
    int pos = 0;
    while (pos < both.length) {
      int n = Math.min(both.length - pos, 1 + r.nextInt(both.length));
      framer.feed(both, pos, n);
      pos += n;
    }
    check(errors.isEmpty(), "framer refuses a message the stream parser accepts: " + errors);
    check(
        got.size() == 2 && Arrays.equals(got.get(0), msg) && Arrays.equals(got.get(1), next),
        "framer cuts a message the stream parser accepts elsewhere");
  }

  /**
   * Feeds a (mutated) message in random chunks to a framer; whatever it cuts must parse or be
   * refused.
   */
  private static void feedFramer(byte[] msg, Random r) {
    List<byte[]> got = new ArrayList<>();
    StreamFramer framer = new StreamFramer(StreamFramer.listener(got::add, () -> {}, e -> {}));
    int pos = 0;
    while (pos < msg.length) {
      int n = Math.min(msg.length - pos, 1 + r.nextInt(600));
      framer.feed(msg, pos, n);
      pos += n;
    }
    int total = 0;
    for (byte[] m : got) {
      total += m.length;
      check(m.length <= SipLimits.MAX_MESSAGE_BYTES, "framer: message over MAX_MESSAGE_BYTES");
      try {
        checkStructure(SipParser.parse(m, m.length, false), m.length);
      } catch (SipParseException e) {
        // refused: fine
      }
    }
    check(total <= msg.length, "framer: emitted more bytes than fed");
  }

  /** The observable outcome of a parse, for comparing two parses of the same bytes. */
  private static String signature(byte[] buf, int len, boolean datagram) {
    try {
      SipMessage m = SipParser.parse(buf, len, datagram);
      checkStructure(m, len);
      StringBuilder sb = new StringBuilder("OK ");
      sb.append(m.method()).append(' ').append(m.requestUri()).append(' ').append(m.status());
      for (int i = 0; i < m.headerCount(); i++) {
        sb.append('|').append(m.headerName(i)).append(':').append(m.headerValue(i));
      }
      return sb.append("|body=").append(m.body()).toString();
    } catch (SipParseException e) {
      return "ERR " + e.reason() + "@" + e.offset();
    }
  }

  private static void checkStructure(SipMessage m, int len) {
    check(m.headerCount() >= 0 && m.headerCount() <= SipLimits.MAX_HEADERS, "headerCount bound");
    check(m.bodyLength() >= 0 && m.bodyLength() <= SipLimits.MAX_BODY_BYTES, "bodyLength bound");
    check(m.bodyStart + m.bodyLength() <= len, "body past len");
    if (m.isRequest()) {
      check(!m.method().isEmpty() && !m.requestUri().isEmpty(), "request without method/URI");
    } else {
      check(m.status() >= 100 && m.status() <= 699, "status out of range");
    }
    for (int i = 0; i < m.headerCount(); i++) {
      String v = m.headerValue(i);
      check(v.indexOf('\r') < 0 && v.indexOf('\n') < 0, "unfolded value holds CR/LF");
      check(!m.headerNameText(i).isEmpty(), "empty header name");
      check(m.headerName(i) != null, "null header name");
    }
  }

  // ---- mutations

  private static byte[] mutate(byte[] base, Random r, List<String> log) {
    byte[] m = base;
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n; k++) {
      int op = r.nextInt(16);
      log.add(Integer.toString(op));
      m =
          switch (op) {
            case 0 -> bitFlips(m, r);
            case 1 -> insert(m, r.nextInt(m.length + 1), randomBytes(r, 1 + r.nextInt(8)));
            case 2 -> deleteRange(m, r);
            case 3 -> Arrays.copyOf(m, r.nextInt(m.length + 1));
            case 4 -> duplicateLine(m, r);
            case 5 -> swapHeaderLines(m, r);
            case 6 -> replaceDigits(m, r);
            case 7 -> insert(m, r.nextInt(m.length + 1), latin1(pick(r, SPECIALS)));
            case 8 -> longRun(m, r);
            case 9 -> contentLength(m, r);
            case 10 -> duplicateHeader(m, r);
            case 11 -> fold(m, r);
            case 12 -> replaceHeaderValue(m, r);
            case 13 -> replaceStartLine(m, r);
            case 14 -> splice(m, seeds.get(r.nextInt(seeds.size())), r);
            default -> insert(m, m.length, randomBytes(r, 1 + r.nextInt(300)));
          };
    }
    return m;
  }

  private static byte[] bitFlips(byte[] m, Random r) {
    if (m.length == 0) {
      return m;
    }
    byte[] out = m.clone();
    int flips = 1 + r.nextInt(8);
    for (int i = 0; i < flips; i++) {
      out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
    }
    return out;
  }

  private static byte[] deleteRange(byte[] m, Random r) {
    if (m.length == 0) {
      return m;
    }
    int start = r.nextInt(m.length);
    int end = Math.min(m.length, start + 1 + r.nextInt(32));
    return cut(m, start, end, new byte[0]);
  }

  private static byte[] duplicateLine(byte[] m, Random r) {
    List<int[]> lines = lines(m, false);
    if (lines.isEmpty()) {
      return m;
    }
    int[] l = lines.get(r.nextInt(lines.size()));
    int copies = r.nextInt(10) == 0 ? 2 + r.nextInt(300) : 1;
    byte[] line = Arrays.copyOfRange(m, l[0], l[1]);
    byte[] rep = new byte[line.length * copies];
    for (int i = 0; i < copies; i++) {
      System.arraycopy(line, 0, rep, i * line.length, line.length);
    }
    return insert(m, l[1], rep);
  }

  private static byte[] swapHeaderLines(byte[] m, Random r) {
    List<int[]> lines = lines(m, true);
    if (lines.size() < 2) {
      return m;
    }
    int[] a = lines.get(r.nextInt(lines.size()));
    int[] b = lines.get(r.nextInt(lines.size()));
    if (a[0] == b[0]) {
      return m;
    }
    if (a[0] > b[0]) {
      int[] t = a;
      a = b;
      b = t;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(m.length);
    out.write(m, 0, a[0]);
    out.write(m, b[0], b[1] - b[0]);
    out.write(m, a[1], b[0] - a[1]);
    out.write(m, a[0], a[1] - a[0]);
    out.write(m, b[1], m.length - b[1]);
    return out.toByteArray();
  }

  private static byte[] replaceDigits(byte[] m, Random r) {
    int[] digits = new int[m.length];
    int n = 0;
    for (int i = 0; i < m.length; i++) {
      if (m[i] >= '0' && m[i] <= '9') {
        digits[n++] = i;
      }
    }
    if (n == 0) {
      return m;
    }
    int at = digits[r.nextInt(n)];
    if (r.nextBoolean()) {
      byte[] out = m.clone();
      out[at] = (byte) ('0' + r.nextInt(10));
      return out;
    }
    StringBuilder run = new StringBuilder();
    int len = 1 + r.nextInt(25);
    for (int i = 0; i < len; i++) {
      run.append((char) ('0' + r.nextInt(10)));
    }
    return cut(m, at, at + 1, latin1(run.toString()));
  }

  private static byte[] longRun(byte[] m, Random r) {
    byte b = (byte) "a \r\n\0\u00ff,;\"0:\t".charAt(r.nextInt(12));
    int len =
        switch (r.nextInt(6)) {
          case 0, 1, 2 -> 1 + r.nextInt(64);
          case 3 -> 1 + r.nextInt(2_000);
          case 4 -> SipLimits.MAX_LINE_BYTES - 40 + r.nextInt(80);
          default -> r.nextInt(SipLimits.MAX_MESSAGE_BYTES + 1_000);
        };
    byte[] run = new byte[len];
    Arrays.fill(run, b);
    return insert(m, r.nextInt(m.length + 1), run);
  }

  private static byte[] contentLength(byte[] m, Random r) {
    String value =
        r.nextInt(4) == 0
            ? Long.toString(r.nextLong() >>> r.nextInt(64))
            : pick(r, CONTENT_LENGTHS);
    int[] line = headerLine(m, r.nextBoolean() ? "Content-Length" : "l");
    if (line == null) {
      line = headerLine(m, "Content-Length");
    }
    byte[] header = latin1("Content-Length: " + value + "\r\n");
    if (line == null || r.nextInt(4) == 0) {
      List<int[]> lines = lines(m, true);
      int at = lines.isEmpty() ? 0 : lines.get(r.nextInt(lines.size()))[0];
      return insert(m, at, header);
    }
    int colon = indexOf(m, (byte) ':', line[0], line[1]);
    return cut(m, colon + 1, lineContentEnd(m, line), latin1(" " + value));
  }

  private static byte[] duplicateHeader(byte[] m, Random r) {
    int[] line = headerLine(m, pick(r, HEADERS));
    if (line == null) {
      return duplicateLine(m, r);
    }
    byte[] copy = Arrays.copyOfRange(m, line[0], line[1]);
    if (r.nextBoolean() && copy.length > 4) {
      copy[copy.length - 3] ^= 1; // same header, slightly different value
    }
    List<int[]> lines = lines(m, true);
    int at = lines.get(r.nextInt(lines.size()))[0];
    return insert(m, at, copy);
  }

  /** Line folding (RFC 3261 7.3.1): inside a header, or a whitespace-only continuation line. */
  private static byte[] fold(byte[] m, Random r) {
    List<int[]> lines = lines(m, true);
    if (lines.isEmpty()) {
      return m;
    }
    int[] l = lines.get(r.nextInt(lines.size()));
    int end = lineContentEnd(m, l);
    String ws = pick(r, new String[] {" ", "\t", "  ", " \t "});
    return switch (r.nextInt(3)) {
      case 0 -> insert(m, l[0] + r.nextInt(Math.max(1, end - l[0])), latin1("\r\n" + ws));
      case 1 -> insert(m, l[1], latin1(ws + "\r\n"));
      default -> insert(m, end, latin1(ws));
    };
  }

  private static byte[] replaceHeaderValue(byte[] m, Random r) {
    int[] line = headerLine(m, pick(r, HEADERS));
    if (line == null) {
      return m;
    }
    int colon = indexOf(m, (byte) ':', line[0], line[1]);
    return cut(m, colon + 1, lineContentEnd(m, line), latin1(" " + pick(r, VALUES)));
  }

  private static byte[] replaceStartLine(byte[] m, Random r) {
    int lf = indexOf(m, (byte) '\n', 0, m.length);
    int end = lf < 0 ? m.length : (lf > 0 && m[lf - 1] == '\r' ? lf - 1 : lf);
    return cut(m, 0, end, latin1(pick(r, START_LINES)));
  }

  private static byte[] splice(byte[] a, byte[] b, Random r) {
    int i = r.nextInt(a.length + 1);
    int j = r.nextInt(b.length + 1);
    byte[] out = Arrays.copyOf(a, i + b.length - j);
    System.arraycopy(b, j, out, i, b.length - j);
    return out;
  }

  // ---- byte helpers

  /** [start, end) of each line including its LF; only header lines when {@code headersOnly}. */
  private static List<int[]> lines(byte[] m, boolean headersOnly) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    boolean first = true;
    while (start < m.length) {
      int lf = indexOf(m, (byte) '\n', start, m.length);
      int end = lf < 0 ? m.length : lf + 1;
      boolean blank = end - start <= 2 && (m[start] == '\r' || m[start] == '\n');
      if (headersOnly && blank) {
        break;
      }
      if (!headersOnly || !first) {
        out.add(new int[] {start, end});
      }
      first = false;
      start = end;
    }
    return out;
  }

  /** The first header line whose name is {@code name} (case-insensitive), or null. */
  private static int[] headerLine(byte[] m, String name) {
    byte[] lower = latin1(name.toLowerCase(java.util.Locale.ROOT));
    for (int[] l : lines(m, true)) {
      int colon = indexOf(m, (byte) ':', l[0], l[1]);
      if (colon < 0) {
        continue;
      }
      int e = colon;
      while (e > l[0] && (m[e - 1] == ' ' || m[e - 1] == '\t')) {
        e--;
      }
      if (e - l[0] == lower.length && HeaderName.equalsLower(m, l[0], lower)) {
        return l;
      }
    }
    return null;
  }

  private static int lineContentEnd(byte[] m, int[] l) {
    int e = l[1];
    while (e > l[0] && (m[e - 1] == '\n' || m[e - 1] == '\r')) {
      e--;
    }
    return e;
  }

  private static int indexOf(byte[] m, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (m[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] insert(byte[] m, int at, byte[] what) {
    return cut(m, at, at, what);
  }

  /** {@code m} with {@code [start, end)} replaced by {@code what}. */
  private static byte[] cut(byte[] m, int start, int end, byte[] what) {
    byte[] out = new byte[m.length - (end - start) + what.length];
    System.arraycopy(m, 0, out, 0, start);
    System.arraycopy(what, 0, out, start, what.length);
    System.arraycopy(m, end, out, start + what.length, m.length - end);
    return out;
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String pick(Random r, String[] options) {
    return options[r.nextInt(options.length)];
  }

  private static boolean eq(Object a, Object b) {
    return a == null ? b == null : a.equals(b);
  }

  /** True when the file parses with a Content-Length that ends the message exactly. */
  private static boolean hasExactContentLength(byte[] b) {
    try {
      SipMessage m = SipParser.parse(b, b.length, false);
      return m.count(HeaderName.CONTENT_LENGTH) > 0 && m.bodyEnd == b.length;
    } catch (SipParseException e) {
      return false;
    }
  }

  private static byte[] stripLeadingCrlf(byte[] b) {
    int i = 0;
    while (i < b.length && (b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    return Arrays.copyOfRange(b, i, b.length);
  }

  private static void check(boolean ok, String invariant) {
    if (!ok) {
      throw new Invariant(invariant);
    }
  }

  /** A broken invariant; its message is the failure category. */
  private static final class Invariant extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invariant(String what) {
      super(what, null, false, false);
    }
  }

  /** Failures grouped by kind: the first example of each, with how often it happened. */
  private static final class Failures {
    private final Map<String, String> first = new LinkedHashMap<>();
    private final Map<String, Integer> count = new LinkedHashMap<>();

    void add(Throwable t, int iteration, List<String> log, byte[] msg) {
      String kind = kind(t);
      count.merge(kind, 1, Integer::sum);
      first.computeIfAbsent(
          kind,
          k ->
              String.format(
                  "%s%n    seed=%d iteration=%d mutations=%s%n    %s%n    message (%d bytes): %s",
                  k,
                  SEED,
                  iteration,
                  log,
                  t instanceof Invariant ? t.getMessage() : stack(t),
                  msg.length,
                  CorpusTest.escape(msg, msg.length, 400)));
    }

    String report() {
      StringBuilder sb = new StringBuilder();
      first.forEach(
          (k, v) -> sb.append(count.get(k)).append(" x ").append(v).append(System.lineSeparator()));
      return sb.toString();
    }

    private static String kind(Throwable t) {
      if (t instanceof Invariant) {
        String m = t.getMessage();
        int cut = m.indexOf(" [");
        return "invariant: " + (cut < 0 ? m : m.substring(0, cut));
      }
      StackTraceElement top = t.getStackTrace().length > 0 ? t.getStackTrace()[0] : null;
      return t.getClass().getName() + " at " + top;
    }

    private static String stack(Throwable t) {
      java.io.StringWriter w = new java.io.StringWriter();
      t.printStackTrace(new java.io.PrintWriter(w));
      String s = w.toString();
      return s.length() > 2_000 ? s.substring(0, 2_000) : s;
    }
  }
}
