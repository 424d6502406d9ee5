package org.tfps.sip;

import java.util.List;
import java.util.Locale;

/**
 * Builds a response to a request per RFC 3261 8.2.6: Via headers copied in order (the top one with
 * {@code received} and {@code rport} per 18.2.1 and RFC 3581), From, Call-ID and CSeq copied byte
 * for byte, To copied with a tag added when it has none.
 */
public final class ResponseWriter {

  private final String server;

  /**
   * @param server value of the Server header, e.g. "TFPS/0.1.0"
   */
  public ResponseWriter(String server) {
    this.server = server;
  }

  /**
   * @param toTag tag to add to To when the request's To has none; null for 100 Trying
   * @param sourceIp address the request came from
   * @param sourcePort port the request came from
   * @param extra further header lines without CRLF, e.g. "Contact: <sip:...>"
   */
  public byte[] write(
      SipMessage req,
      RequestHeaders h,
      int status,
      String phrase,
      String toTag,
      String sourceIp,
      int sourcePort,
      List<String> extra) {
    return write(req, h, status, phrase, toTag, sourceIp, sourcePort, extra, null);
  }

  /**
   * As above, with a body: {@code extra} must then hold its Content-Type.
   *
   * @param body the body (an SDP answer), or null for none
   */
  public byte[] write(
      SipMessage req,
      RequestHeaders h,
      int status,
      String phrase,
      String toTag,
      String sourceIp,
      int sourcePort,
      List<String> extra,
      byte[] body) {
    ByteWriter w = new ByteWriter(512);
    w.text("SIP/2.0 ").number(status).text(" ").text(phrase).crlf();
    boolean topDone = false;
    for (int i = 0; i < req.headerCount; i++) {
      HeaderName name = req.names[i];
      if (name == HeaderName.VIA) {
        if (!topDone) {
          topDone = true;
          w.text("Via: ").text(topVia(h.via(), sourceIp, sourcePort)).crlf();
          if (!h.via().rest().isEmpty()) {
            w.text("Via: ").text(h.via().rest()).crlf();
          }
        } else {
          copy(w, req, i, true);
        }
      }
    }
    for (int i = 0; i < req.headerCount; i++) {
      HeaderName name = req.names[i];
      switch (name) {
        case FROM -> copy(w, req, i, true);
        case CALL_ID -> copy(w, req, i, true);
        case CSEQ -> copy(w, req, i, true);
        case TO -> {
          copy(w, req, i, false);
          if (h.to().tag() == null && toTag != null) {
            w.text(";tag=").text(toTag);
          }
          w.crlf();
        }
        default -> {}
      }
    }
    for (String line : extra) {
      w.text(line).crlf();
    }
    w.text("Server: ").text(server).crlf();
    if (body == null) {
      w.text("Content-Length: 0").crlf().crlf();
    } else {
      w.text("Content-Length: ").number(body.length).crlf().crlf();
      w.bytes(body, 0, body.length);
    }
    return w.toByteArray();
  }

  /** Copies header {@code i} under its canonical name, byte for byte. */
  private static void copy(ByteWriter w, SipMessage req, int i, boolean endLine) {
    w.text(req.names[i].canonical()).text(": ").bytes(req.buf, req.valueStart[i], req.valueEnd[i]);
    if (endLine) {
      w.crlf();
    }
  }

  /**
   * RFC 3261 18.2.1: add {@code received} when the sent-by host differs from the source address;
   * RFC 3581 section 4: when {@code rport} is present, fill in the source port and always add
   * {@code received}.
   */
  static String topVia(Via via, String sourceIp, int sourcePort) {
    StringBuilder sb = new StringBuilder(via.value().length() + 40);
    String[] parts = via.value().split(";", -1);
    sb.append(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      sb.append(';');
      String p = parts[i].trim();
      if (via.rport() && p.toLowerCase(Locale.ROOT).equals("rport")) {
        sb.append("rport=").append(sourcePort);
      } else {
        sb.append(parts[i]);
      }
    }
    boolean differs = !via.host().equals(sourceIp);
    if (via.received() == null && (differs || via.rport())) {
      sb.append(";received=").append(sourceIp);
    }
    return sb.toString();
  }
}
