package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.pkts.buffer.Buffer;
import io.pkts.buffer.Buffers;
import io.pkts.packet.sip.header.CSeqHeader;
import io.pkts.packet.sip.header.CallIdHeader;
import io.pkts.packet.sip.header.FromHeader;
import io.pkts.packet.sip.header.ToHeader;
import io.pkts.packet.sip.header.ViaHeader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test of the codec against {@code io.pkts:pkts-sip} (DESIGN.md section 7) on every
 * corpus file. "Accepted" means, for TFPS, {@link SipParser#parse} plus {@link
 * RequestValidator#validate}; for pkts, {@code SipMessage.frame} plus reading every compared field
 * without an exception or a missing mandatory header. Where both accept, the fields must agree.
 * Every disagreement must be listed in {@link #KNOWN} with the side that is right; a listed
 * disagreement that disappears fails too, so the list stays true.
 */
class PktsDifferentialTest {

  /** Which way the two parsers disagree on one file. */
  enum Divergence {
    /** pkts refuses (or throws) where TFPS accepts. */
    PKTS_REJECTS,
    /** TFPS refuses where pkts accepts. */
    TFPS_REJECTS,
    /** Both accept but one or more compared fields differ. */
    FIELDS_DIFFER
  }

  /** A listed disagreement and why the side we follow is right. */
  record Known(Divergence divergence, String why) {}

  /** Every known disagreement between TFPS and pkts-sip 3.0.10 on the corpus. */
  static final Map<String, Known> KNOWN = known();

  private static Map<String, Known> known() {
    Map<String, Known> m = new TreeMap<>();
    // --- valid messages pkts refuses: TFPS is right (RFC 4475 section 3.1.1 / 3.3 say accept).
    m.put(
        "valid/case-variant-headers-invite.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 3261 7.3.1: parameter names are case-insensitive; pkts looks up 'branch' "
                + "case-sensitively and misses 'BRANCH'"));
    m.put(
        "valid/ipv6-via-invite.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 3261 20.42 sent-by allows an IPv6reference host; pkts refuses '[2001:db8::1]:5060'"));
    m.put(
        "valid/rfc4475-esc02.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 4475 3.1.1.5: RE%47IST%45R is a valid (unknown) method token; answered 501 "
                + "above the codec. pkts only knows fixed method names"));
    m.put(
        "valid/rfc4475-inv2543.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 4475 3.3.16 / RFC 3261 8.2.1: a Via without branch (RFC 2543 client) must "
                + "be accepted; pkts requires a branch"));
    m.put(
        "valid/rfc4475-longreq.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 4475 3.1.1.7: valid; pkts refuses lower Via values that carry no parameter"));
    m.put(
        "valid/rfc4475-novelsc.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 4475 3.3.3: R-URI with a novel scheme parses and is answered 416 above the "
                + "codec; pkts cannot frame a non-sip/tel Request-URI"));
    m.put(
        "valid/rfc4475-unkscm.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 4475 3.3.2: unknown R-URI scheme parses and is answered 416 above the codec; "
                + "pkts cannot frame a non-sip/tel Request-URI"));
    m.put(
        "valid/rfc4475-transports.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 4475 3.1.1.10 / RFC 3261 20.42: other-transport is a token; pkts throws "
                + "IllegalArgumentException on 'UNKNOWN'"));
    // --- both accept, a field differs: TFPS is right.
    m.put(
        "valid/compact-headers-invite.sip",
        new Known(
            Divergence.FIELDS_DIFFER,
            "RFC 3261 7.3.3 compact 'v' and 7.3.1 comma lists: 4 Via values; pkts "
                + "getViaHeaders() returns 0 for compact-form Via lines"));
    // --- invalid messages TFPS refuses and pkts accepts: TFPS is right.
    m.put(
        "invalid/invalid-300-headers.sip",
        new Known(
            Divergence.TFPS_REJECTS,
            "SipLimits.MAX_HEADERS (README: reject via a header-count limit, 513); pkts has none"));
    m.put(
        "invalid/invalid-header-line-20000-bytes.sip",
        new Known(
            Divergence.TFPS_REJECTS,
            "SipLimits.MAX_LINE_BYTES (README: 400/513 or drop); pkts has no line limit"));
    m.put(
        "invalid/invalid-nul-in-headers.sip",
        new Known(
            Divergence.TFPS_REJECTS,
            "RFC 3261 25.1: raw NUL is not allowed in a header value (outside quoted-pair); "
                + "pkts reads To/Call-ID with the NUL inside"));
    m.put(
        "invalid/rfc4475-clerr.sip",
        new Known(
            Divergence.TFPS_REJECTS,
            "RFC 4475 3.1.2.2 / RFC 3261 18.3: Content-Length larger than the datagram body "
                + "must be refused (400); pkts ignores the mismatch"));
    m.put(
        "invalid/rfc4475-mcl01.sip",
        new Known(
            Divergence.TFPS_REJECTS,
            "RFC 4475 3.3.9: two different Content-Length values; pkts uses the first"));
    m.put(
        "invalid/rfc4475-mismatch01.sip",
        new Known(
            Divergence.TFPS_REJECTS,
            "RFC 4475 3.1.2.17 / RFC 3261 8.2 (CSeq method must match): 400; pkts does not check"));
    m.put(
        "invalid/rfc4475-multi01.sip",
        new Known(
            Divergence.TFPS_REJECTS,
            "RFC 4475 3.3.8: repeated single-valued headers (CSeq, Call-ID, From, To, "
                + "Max-Forwards) must be refused; pkts uses the first of each"));
    m.put(
        "invalid/rfc4475-ncl.sip",
        new Known(
            Divergence.TFPS_REJECTS,
            "RFC 4475 3.1.2.3: negative Content-Length is invalid; pkts frames the message"));
    m.put(
        "invalid/rfc4475-trws.sip",
        new Known(
            Divergence.TFPS_REJECTS,
            "RFC 4475 3.1.2.10: trailing SP after SIP/2.0 may be refused or accepted; TFPS "
                + "refuses (grammar: request line ends with SIP-Version CRLF)"));
    // --- invalid messages TFPS accepts and pkts refuses.
    m.put(
        "invalid/rfc4475-badaspec.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 4475 3.1.2.14: either is allowed; TFPS accepts leniently (CorpusTest.LENIENT), "
                + "pkts throws RuntimeException"));
    m.put(
        "valid/rfc4475-intmeth.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 4475 3.1.1.2: an extension method and quoted-pair control characters are valid;"
                + " pkts only knows fixed method names"));
    m.put(
        "valid/rfc4475-wsinv.sip",
        new Known(
            Divergence.PKTS_REJECTS,
            "RFC 4475 3.1.1.1: LWS around '/' in Via and folded lines are valid; pkts refuses"
                + " the white space in the sent-protocol"));
    return m;
  }

  /** The fields both parsers are compared on. */
  record Fields(
      String method,
      String requestUri,
      String callId,
      long cseq,
      String cseqMethod,
      String viaTransport,
      String viaHost,
      int viaPort,
      String viaBranch,
      String fromTag,
      String toTag,
      int viaCount) {

    /** Names of the fields that differ from {@code o}. */
    String diff(Fields o) {
      StringBuilder sb = new StringBuilder();
      add(sb, "method", method, o.method);
      add(sb, "requestUri", requestUri, o.requestUri);
      add(sb, "callId", callId, o.callId);
      add(sb, "cseq", cseq, o.cseq);
      add(sb, "cseqMethod", cseqMethod, o.cseqMethod);
      add(sb, "viaTransport", viaTransport, o.viaTransport);
      add(sb, "viaHost", viaHost, o.viaHost);
      add(sb, "viaPort", viaPort, o.viaPort);
      add(sb, "viaBranch", viaBranch, o.viaBranch);
      add(sb, "fromTag", fromTag, o.fromTag);
      add(sb, "toTag", toTag, o.toTag);
      add(sb, "viaCount", viaCount, o.viaCount);
      return sb.toString();
    }

    private static void add(StringBuilder sb, String name, Object a, Object b) {
      if (!Objects.equals(a, b)) {
        sb.append(name).append(": tfps=").append(a).append(" pkts=").append(b).append("; ");
      }
    }
  }

  /** One parser's verdict on a file: the fields, or why it refused. */
  record Outcome(Fields fields, String refusal) {
    boolean accepted() {
      return fields != null;
    }
  }

  static Stream<String> allFiles() {
    return CorpusTest.allFiles();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allFiles")
  void agreesWithPktsOrDivergenceIsListed(String file) {
    byte[] bytes = CorpusTest.read(file);
    Outcome ours = tfps(bytes);
    Outcome theirs = pkts(bytes);
    Divergence actual = null;
    String detail = "";
    if (ours.accepted() && !theirs.accepted()) {
      actual = Divergence.PKTS_REJECTS;
      detail = "pkts: " + theirs.refusal();
    } else if (!ours.accepted() && theirs.accepted()) {
      actual = Divergence.TFPS_REJECTS;
      detail = "tfps: " + ours.refusal();
    } else if (ours.accepted()) {
      detail = ours.fields().diff(theirs.fields());
      if (!detail.isEmpty()) {
        actual = Divergence.FIELDS_DIFFER;
      }
    }
    Known known = KNOWN.get(file);
    assertThat(actual)
        .as(
            "%s: tfps=%s pkts=%s %s; listed as %s",
            file,
            ours.accepted() ? "accepts" : "refuses (" + ours.refusal() + ")",
            theirs.accepted() ? "accepts" : "refuses",
            detail,
            known == null ? "agreement" : known.divergence())
        .isEqualTo(known == null ? null : known.divergence());
  }

  @Test
  void everyListedFileExists() {
    Set<String> all = Set.copyOf(allFiles().toList());
    assertThat(all).containsAll(KNOWN.keySet());
    assertThat(KNOWN.values()).allSatisfy(k -> assertThat(k.why()).isNotBlank());
  }

  /** TFPS: parse as a datagram, validate requests. */
  static Outcome tfps(byte[] bytes) {
    try {
      SipMessage m = SipParser.parse(bytes, bytes.length, true);
      if (!m.isRequest()) {
        return new Outcome(null, "response");
      }
      RequestHeaders h = RequestValidator.validate(m);
      String cseq = m.first(HeaderName.CSEQ).trim();
      int sp = 0;
      while (sp < cseq.length() && Character.isDigit(cseq.charAt(sp))) {
        sp++;
      }
      return new Outcome(
          new Fields(
              m.method(),
              m.requestUri(),
              h.callId(),
              h.cseq(),
              cseq.substring(sp).trim(),
              h.via().transport(),
              h.via().host(),
              h.via().port(),
              h.via().branch(),
              h.from().tag(),
              h.to().tag(),
              CorpusTest.viaValues(m).size()),
          null);
    } catch (SipParseException e) {
      return new Outcome(null, e.reason().name());
    }
  }

  /** pkts-sip: frame and read every compared field; any Throwable means it refused. */
  static Outcome pkts(byte[] bytes) {
    PrintStream err = System.err;
    // pkts prints stack traces for some inputs; keep them out of the build log.
    System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    try {
      io.pkts.packet.sip.SipMessage m = io.pkts.packet.sip.SipMessage.frame(Buffers.wrap(bytes));
      if (!m.isRequest()) {
        return new Outcome(null, "response");
      }
      CallIdHeader callId = m.getCallIDHeader();
      CSeqHeader cseq = m.getCSeqHeader();
      ViaHeader via = m.getViaHeader();
      FromHeader from = m.getFromHeader();
      ToHeader to = m.getToHeader();
      if (callId == null || cseq == null || via == null || from == null || to == null) {
        return new Outcome(null, "missing mandatory header");
      }
      return new Outcome(
          new Fields(
              text(m.getMethod()),
              m.toRequest().getRequestUri().toString(),
              text(callId.getCallId()),
              cseq.getSeqNumber(),
              text(cseq.getMethod()),
              text(via.getTransport()).toUpperCase(Locale.ROOT),
              text(via.getHost()),
              via.getPort(),
              text(via.getBranch()),
              text(from.getTag()),
              text(to.getTag()),
              m.getViaHeaders().size()),
          null);
    } catch (Throwable t) {
      return new Outcome(null, t.getClass().getSimpleName() + ": " + t.getMessage());
    } finally {
      System.setErr(err);
    }
  }

  private static String text(Buffer b) {
    return b == null ? null : b.toString();
  }
}
