package org.tfps.sip;

import io.vertx.core.Future;
import org.tfps.decision.Decision;

/**
 * The verify dialog's media side (issue 7), implemented in {@code org.tfps.ivr} and wired by {@code
 * app}: SIP hands it an INVITE whose enforced verdict is verify, and keeps the dialog (To tag, 2xx
 * retransmissions, ACK, BYE, INFO) while the handler plays prompts and reads digits. Every method
 * is called on the SIP event loop.
 */
public interface VerifyHandler {

  /**
   * Offers a verify call. The future completes with what to answer; when it is {@link
   * Offer.Accepted}, the session is live until {@link Session#ended} or its own {@link
   * Control#hangUp}.
   */
  Future<Offer> offer(Invite invite, Control control);

  /**
   * The INVITE as the handler needs it.
   *
   * @param sdp the INVITE's body (empty without an offer)
   * @param contentType its Content-Type, or null
   */
  record Invite(Decision decision, String callId, String contentType, byte[] sdp) {}

  /** What to answer. */
  sealed interface Offer {
    /** 200 OK with this SDP answer; the session receives the dialog's events. */
    record Accepted(String sdp, Session session) implements Offer {}

    /** A refusal of the media (400 bad SDP, 488 no common codec). */
    record Refused(int status, String phrase, String why) implements Offer {}

    /** The handler cannot take the call now (no free RTP port): answer the verdict as a deny. */
    record Declined(String why) implements Offer {}
  }

  /** The dialog's events, handed to the media side. */
  interface Session {
    /** The ACK for the 200 OK came (RFC 3261 13.3.1.4): media may start. */
    void acked();

    /** A SIP INFO inside the dialog (DTMF fallback); it is answered 200 whatever its body. */
    void info(String contentType, byte[] body);

    /**
     * The dialog ended from the SIP side (the caller's BYE, no ACK, shutdown): release everything,
     * send nothing. Not called after {@link Control#hangUp}.
     */
    void ended(String why);
  }

  /** What the media side may do to the dialog. */
  interface Control {
    /** TFPS hangs up: a BYE is sent and the dialog is forgotten. Idempotent. */
    void hangUp();
  }
}
