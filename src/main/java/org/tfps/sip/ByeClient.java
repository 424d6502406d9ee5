package org.tfps.sip;

/**
 * TFPS's BYE as a non-INVITE client transaction (RFC 3261 17.1.2): over UDP resent at T1, doubling
 * up to T2 (Timer E), until any response or 64*T1 (Timer F); over TCP and TLS sent once.
 */
final class ByeClient extends TimerWheel.Timed {

  final String callId;
  private final byte[] request;
  private final Peer to;
  private final Transactions owner;
  private final java.util.Map<String, ByeClient> table;
  private long interval;
  private final long deadline;

  ByeClient(
      String callId,
      byte[] request,
      Peer to,
      Transactions owner,
      java.util.Map<String, ByeClient> table,
      long nowMillis) {
    this.callId = callId;
    this.request = request;
    this.to = to;
    this.owner = owner;
    this.table = table;
    this.interval = owner.t1Millis;
    this.deadline = nowMillis + 64 * owner.t1Millis;
  }

  void start(long nowMillis) {
    owner.sender.send(to, request);
    if (!to.reliable()) {
      table.put(callId, this);
      owner.wheel.schedule(this, nowMillis + interval);
    }
  }

  /** A response to the BYE: the transaction is over (17.1.2.2). */
  void answered() {
    owner.wheel.cancel(this);
    table.remove(callId, this);
  }

  @Override
  void onTimer(long nowMillis) {
    if (nowMillis >= deadline) {
      table.remove(callId, this);
      return;
    }
    owner.sender.send(to, request);
    interval = Math.min(interval * 2, owner.t2Millis);
    owner.wheel.schedule(this, Math.min(nowMillis + interval, deadline));
  }
}
