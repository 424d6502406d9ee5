package org.tfps.sip;

/**
 * An INVITE or non-INVITE server transaction (RFC 3261 17.2.1, 17.2.2). Holds the last response so
 * retransmitted requests are answered with the same bytes and never decided twice.
 */
final class ServerTransaction extends TimerWheel.Timed {

  enum State {
    PROCEEDING,
    COMPLETED,
    TERMINATED
  }

  final String key;
  final boolean invite;
  final Peer replyTo;
  final Transactions owner;
  State state = State.PROCEEDING;

  /** The request and its headers, kept while PROCEEDING to build the final response. */
  SipMessage request;

  RequestHeaders headers;

  /** Source of the request, for the Via received/rport parameters. */
  final String sourceIp;

  final int sourcePort;
  byte[] provisional;
  byte[] finalResponse;
  long receivedNanos;

  /** Run when Timer H fires without an ACK; a verify dialog's 2xx then ends the dialog. */
  Runnable onAckTimeout;

  private long gInterval;
  private long hDeadline;

  ServerTransaction(
      String key,
      boolean invite,
      Peer replyTo,
      String sourceIp,
      int sourcePort,
      Transactions owner) {
    this.key = key;
    this.invite = invite;
    this.replyTo = replyTo;
    this.sourceIp = sourceIp;
    this.sourcePort = sourcePort;
    this.owner = owner;
  }

  /** Sends a provisional response and keeps it for retransmitted requests (17.2.1). */
  void sendProvisional(byte[] response) {
    provisional = response;
    owner.sender.send(replyTo, response);
  }

  /**
   * Sends the final response. INVITE: enter Completed, start Timer G (unreliable transports) and
   * Timer H (17.2.1). Non-INVITE: enter Completed and start Timer J (17.2.2).
   */
  void sendFinal(byte[] response, long nowMillis) {
    if (state != State.PROCEEDING) {
      return;
    }
    finalResponse = response;
    request = null;
    headers = null;
    state = State.COMPLETED;
    owner.sender.send(replyTo, response);
    long t1 = owner.t1Millis;
    if (invite) {
      hDeadline = nowMillis + 64 * t1;
      if (replyTo.reliable()) {
        owner.wheel.schedule(this, hDeadline);
      } else {
        gInterval = t1;
        owner.wheel.schedule(this, nowMillis + t1);
      }
    } else if (replyTo.reliable()) {
      terminate();
    } else {
      owner.wheel.schedule(this, nowMillis + 64 * t1);
    }
  }

  /** A retransmission of the request arrived: repeat the last response (17.2.1, 17.2.2). */
  void onRetransmission() {
    if (state == State.COMPLETED && finalResponse != null) {
      owner.sender.send(replyTo, finalResponse);
    } else if (state == State.PROCEEDING && provisional != null) {
      owner.sender.send(replyTo, provisional);
    }
  }

  /**
   * ACK for the non-2xx final response ends the transaction at once. RFC 3261 17.2.1 keeps it in
   * Confirmed for Timer I (T4) only to absorb ACK retransmissions so they do not reach the TU; TFPS
   * absorbs every ACK that matches no transaction anyway (it never answers an ACK), so ending now
   * behaves the same on the wire and keeps no state for seconds per call.
   */
  void onAck(long nowMillis) {
    if (!invite || state != State.COMPLETED) {
      return;
    }
    terminate();
  }

  @Override
  void onTimer(long nowMillis) {
    switch (state) {
      case COMPLETED -> {
        if (!invite || nowMillis >= hDeadline) {
          if (invite) {
            owner.stats.ackTimeouts.inc();
          }
          terminate();
          if (invite && onAckTimeout != null) {
            onAckTimeout.run();
          }
          return;
        }
        // Timer G: retransmit, doubling up to T2.
        owner.sender.send(replyTo, finalResponse);
        owner.stats.responseRetransmissions.inc();
        gInterval = Math.min(gInterval * 2, owner.t2Millis);
        owner.wheel.schedule(this, Math.min(nowMillis + gInterval, hDeadline));
      }
      case PROCEEDING -> terminate(); // guard timer: the TU never answered
      case TERMINATED -> {}
    }
  }

  void terminate() {
    state = State.TERMINATED;
    owner.wheel.cancel(this);
    owner.remove(this);
  }
}
