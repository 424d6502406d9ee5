package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the codec over every file of {@code src/test/resources/sip/corpus} (see its README.md):
 * valid messages parse and validate, invalid ones are refused with {@link SipParseException}, and
 * every response built for a valid request parses again with the same dialog headers.
 *
 * <p>The static helpers are shared with {@link PktsDifferentialTest} and {@link CodecFuzzTest}.
 */
class CorpusTest {

  /**
   * Valid files whose request the validator legitimately refuses, with the expected reason. The
   * README's higher-layer answers (416 novelsc/unkscm, 420 bext01, 481 bye-stray, 483
   * max-forwards-0, 501 esc02/intmeth, 415 invut, 405/403 register) are all decided above the
   * codec, so none of them belongs here: today the map is empty, and a valid file refused by the
   * codec is a codec bug, not an entry for this map.
   */
  static final Map<String, ParseError> VALID_REFUSED_BY_VALIDATOR = Map.of();

  /**
   * Invalid files the codec accepts. Each is one the README lists as acceptable to a liberal
   * receiver; the test checks the codec still accepts them so the list stays true.
   */
  static final Map<String, String> LENIENT =
      Map.of(
          // RFC 4475 3.1.2.14: "< sip:... >" with spaces inside the brackets; NameAddr trims
          // the URI. The RFC asks elements not to crash; rejecting is reasonable, not required.
          "invalid/rfc4475-badaspec.sip",
              "RFC 4475 3.1.2.14: spaces around the addr-spec; a liberal element may accept",
          // RFC 4475 3.1.2.12: only the Date header is bad; TFPS never reads Date, and the RFC says
          // an element that does not use Date may accept the request.
          "invalid/rfc4475-baddate.sip",
              "RFC 4475 3.1.2.12: non-GMT Date; an element ignoring Date may accept",
          // RFC 4475 3.1.2.11: escaped headers in the Request-URI; the RFC allows ignoring them as
          // long as they are never turned into real headers (the codec keeps the R-URI as text).
          "invalid/rfc4475-escruri.sip",
              "RFC 4475 3.1.2.11: escaped headers in R-URI may be ignored instead of rejected",
          // RFC 4475 3.1.2.13: the Contact is malformed; TFPS never reads Contact of a request
          // (it answers, it does not route), and the RFC only calls 400 "reasonable".
          "invalid/rfc4475-regbadct.sip",
              "RFC 4475 3.1.2.13: malformed Contact in a REGISTER; TFPS never reads it");

  /** Where responses built in these tests pretend the request came from. */
  static final String SOURCE_IP = "192.0.2.200";

  static final int SOURCE_PORT = 5071;

  static final String TO_TAG = "tfps-corpus-1";

  static Stream<String> validFiles() {
    return files("valid").stream();
  }

  static Stream<String> invalidFiles() {
    return files("invalid").stream();
  }

  static Stream<String> allFiles() {
    return Stream.concat(validFiles(), invalidFiles());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFiles")
  void validFileParsesAndValidates(String file) {
    byte[] bytes = read(file);
    SipMessage m;
    try {
      m = SipParser.parse(bytes, bytes.length, true);
    } catch (SipParseException e) {
      throw new AssertionError(refusal(file, "SipParser", e), e);
    }
    checkStructure(m, bytes.length);
    if (!m.isRequest()) {
      return;
    }
    ParseError expected = VALID_REFUSED_BY_VALIDATOR.get(file);
    if (expected != null) {
      assertThatThrownBy(() -> RequestValidator.validate(m))
          .isInstanceOfSatisfying(
              SipParseException.class, e -> assertThat(e.reason()).isEqualTo(expected));
      return;
    }
    RequestHeaders h;
    try {
      h = RequestValidator.validate(m);
    } catch (SipParseException e) {
      throw new AssertionError(refusal(file, "RequestValidator", e), e);
    }
    assertThat(h.callId()).isNotEmpty();
    assertThat(h.maxForwards()).isBetween(0, SipLimits.MAX_MAX_FORWARDS);
    assertThat(h.cseq()).isBetween(0L, SipLimits.MAX_CSEQ);
  }

  private static String refusal(String file, String who, SipParseException e) {
    return String.format(
        "%s is valid (corpus README) but %s refuses it: %s at byte %d",
        file, who, e.reason(), e.offset());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFiles")
  void validFileWithContentLengthParsesAlikeAsStream(String file) throws SipParseException {
    byte[] bytes = read(file);
    SipMessage datagram;
    try {
      datagram = SipParser.parse(bytes, bytes.length, true);
    } catch (SipParseException e) {
      return; // reported by validFileParsesAndValidates
    }
    if (datagram.count(HeaderName.CONTENT_LENGTH) == 0) {
      return; // RFC 3261 18.3: only a datagram may omit Content-Length (inv2543)
    }
    SipMessage stream = SipParser.parse(bytes, bytes.length, false);
    assertThat(stream.headerCount()).isEqualTo(datagram.headerCount());
    assertThat(stream.body()).isEqualTo(datagram.body());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void invalidFileIsRefusedUnlessListedAsLenient(String file) {
    byte[] bytes = read(file);
    String lenientReason = LENIENT.get(file);
    SipParseException refusal = null;
    try {
      SipMessage m = SipParser.parse(bytes, bytes.length, true);
      if (m.isRequest()) {
        RequestValidator.validate(m);
      }
    } catch (SipParseException e) {
      refusal = e;
    }
    if (lenientReason == null) {
      assertThat(refusal)
          .as("%s must be refused with SipParseException (README: invalid)", file)
          .isNotNull();
      assertThat(refusal.reason().status()).isBetween(400, 599);
    } else {
      assertThat(refusal)
          .as(
              "%s is listed as accepted leniently (%s); remove it from LENIENT",
              file, lenientReason)
          .isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allFiles")
  void responseToEveryAcceptedRequestRoundTrips(String file) throws SipParseException {
    byte[] bytes = read(file);
    SipMessage req;
    RequestHeaders h;
    try {
      req = SipParser.parse(bytes, bytes.length, true);
      if (!req.isRequest()) {
        return;
      }
      h = RequestValidator.validate(req);
    } catch (SipParseException e) {
      return; // refusals are checked by the tests above
    }
    for (int status : new int[] {100, 302, 603}) {
      String toTag = status == 100 ? null : TO_TAG;
      byte[] out =
          new ResponseWriter("TFPS/test")
              .write(
                  req,
                  h,
                  status,
                  "Phrase",
                  toTag,
                  SOURCE_IP,
                  SOURCE_PORT,
                  List.of("Contact: <sip:+5312345678@203.0.113.5>"));
      checkResponse(req, h, out, status, toTag);
    }
  }

  @Test
  void corpusIsComplete() {
    // README: 85 files, 48 valid and 37 invalid; a missing resource directory would make the
    // parameterized tests above silently empty.
    assertThat(files("valid")).hasSize(48);
    assertThat(files("invalid")).hasSize(37);
    Set<String> all = Set.copyOf(allFiles().toList());
    assertThat(all).containsAll(LENIENT.keySet()).containsAll(VALID_REFUSED_BY_VALIDATOR.keySet());
  }

  /** Structural invariants of any parsed message. */
  static void checkStructure(SipMessage m, int len) {
    assertThat(m.headerCount()).isBetween(0, SipLimits.MAX_HEADERS);
    assertThat(m.bodyLength()).isBetween(0, SipLimits.MAX_BODY_BYTES);
    assertThat(m.bodyStart + m.bodyLength()).isLessThanOrEqualTo(len);
    if (m.isRequest()) {
      assertThat(m.method()).isNotEmpty();
      assertThat(m.requestUri()).isNotEmpty();
    } else {
      assertThat(m.status()).isBetween(100, 699);
    }
  }

  /**
   * Parses a response built for {@code req} and checks RFC 3261 8.2.6.2: Via list (top one extended
   * with received/rport), From, Call-ID and CSeq copied, To with the tag added.
   */
  static void checkResponse(SipMessage req, RequestHeaders h, byte[] out, int status, String toTag)
      throws SipParseException {
    SipMessage res;
    try {
      res = SipParser.parse(out, out.length, true);
    } catch (SipParseException e) {
      throw new AssertionError(
          "response does not parse: " + e.reason() + " [" + escape(out, out.length, 600) + "]", e);
    }
    assertThat(res.isRequest()).isFalse();
    assertThat(res.status()).isEqualTo(status);
    String shown = escape(out, out.length, 600);
    assertThat(res.first(HeaderName.CALL_ID))
        .as("Call-ID in %s", shown)
        .isEqualTo(req.first(HeaderName.CALL_ID));
    assertThat(res.first(HeaderName.CSEQ))
        .as("CSeq in %s", shown)
        .isEqualTo(req.first(HeaderName.CSEQ));
    assertThat(res.first(HeaderName.FROM))
        .as("From in %s", shown)
        .isEqualTo(req.first(HeaderName.FROM));
    assertThat(res.bodyLength()).as("body of %s", shown).isZero();
    assertThat(res.first(HeaderName.TO)).as("To in %s", shown).isNotNull();
    NameAddr to = NameAddr.parse(res.first(HeaderName.TO));
    assertThat(to.uri()).isEqualTo(h.to().uri());
    String expectedTag = h.to().tag() != null ? h.to().tag() : toTag;
    assertThat(to.tag()).isEqualTo(expectedTag);

    List<String> reqVias = viaValues(req);
    List<String> resVias = viaValues(res);
    assertThat(resVias).hasSameSizeAs(reqVias);
    assertThat(resVias.subList(1, resVias.size())).isEqualTo(reqVias.subList(1, reqVias.size()));
    Via top = res.topVia();
    Via sent = h.via();
    assertThat(top.transport()).isEqualTo(sent.transport());
    assertThat(top.host()).isEqualTo(sent.host());
    assertThat(top.port()).isEqualTo(sent.port());
    assertThat(top.branch()).isEqualTo(sent.branch());
    if (sent.received() != null) {
      assertThat(top.received()).isEqualTo(sent.received());
    } else if (sent.rport() || !sent.host().equals(SOURCE_IP)) {
      assertThat(top.received()).isEqualTo(SOURCE_IP); // RFC 3261 18.2.1, RFC 3581 4
    }
  }

  /**
   * Every Via value of a message, split at top-level commas (RFC 3261 7.3.1), trimmed; empty list
   * elements ("a,,b", which the writer does not echo) are skipped.
   */
  static List<String> viaValues(SipMessage m) {
    List<String> out = new ArrayList<>();
    for (String line : m.all(HeaderName.VIA)) {
      boolean quoted = false;
      int start = 0;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        } else if (c == '\\' && quoted) {
          i++;
        } else if (c == ',' && !quoted) {
          addNonEmpty(out, line.substring(start, i));
          start = i + 1;
        }
      }
      addNonEmpty(out, line.substring(start));
    }
    return out;
  }

  private static void addNonEmpty(List<String> out, String value) {
    String v = value.trim();
    if (!v.isEmpty()) {
      out.add(v);
    }
  }

  /** Corpus file names ("valid/x.sip") of one directory, sorted. */
  static List<String> files(String dir) {
    try (Stream<Path> s = Files.list(corpusRoot().resolve(dir))) {
      return s.map(p -> dir + "/" + p.getFileName())
          .filter(n -> n.endsWith(".sip"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The exact bytes of a corpus file. */
  static byte[] read(String file) {
    try {
      return Files.readAllBytes(corpusRoot().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path corpusRoot() {
    URL url = CorpusTest.class.getResource("/sip/corpus/README.md");
    if (url == null) {
      fail("sip/corpus not on the test class path");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bytes as printable ASCII with \r \n \t \\ and \xNN escapes, cut after {@code max} bytes. */
  static String escape(byte[] b, int len, int max) {
    StringBuilder sb = new StringBuilder(Math.min(len, max) + 16);
    for (int i = 0; i < Math.min(len, max); i++) {
      int c = b[i] & 0xff;
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            sb.append((char) c);
          } else {
            sb.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    if (len > max) {
      sb.append("...(").append(len - max).append(" more bytes)");
    }
    return sb.toString();
  }
}
