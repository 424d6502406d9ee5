package org.tfps.sip;

import java.util.List;

/**
 * A final response to send: status, reason phrase and the extra header lines.
 *
 * @param headers header lines without CRLF
 */
public record Answer(int status, String phrase, List<String> headers) {

  /** A protocol-level refusal (not a fraud verdict) with its RFC 3326 Reason. */
  static Answer refusal(int status, String phrase, String why) {
    return new Answer(status, phrase, List.of(reason(status, why)));
  }

  /** A protocol-level refusal of an INVITE: it denies the call, so it names a code too. */
  static Answer inviteRefusal(int status, String phrase, String rule, String why) {
    return new Answer(
        status,
        phrase,
        List.of(reason(status, why), "X-TFPS-Verdict: deny; code=S" + status + "; rule=" + rule));
  }

  /** RFC 3326 Reason header for a SIP status; quotes and backslashes in the text are dropped. */
  static String reason(int status, String text) {
    String clean = text.replace("\"", "").replace("\\", "").replace("\r", " ").replace("\n", " ");
    return "Reason: SIP;cause=" + status + ";text=\"" + clean + "\"";
  }
}
