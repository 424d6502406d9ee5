package org.tfps.sip;

import java.util.HashMap;
import java.util.Map;

/**
 * The server transaction table (RFC 3261 17.2.3 matching) and its timers. Confined to one event
 * loop; not thread-safe.
 */
final class Transactions {

  /** The longest allowed decision deadline (tfps.decision.deadline). */
  static final long GUARD_EXTRA_MILLIS = 10_000;

  final Sender sender;
  final TimerWheel wheel;
  final SipStats stats;
  final long t1Millis;
  final long t2Millis;
  private final int max;
  private final Map<String, ServerTransaction> table = new HashMap<>(1 << 16);

  Transactions(
      Sender sender, SipStats stats, long t1Millis, long t2Millis, int max, long nowMillis) {
    this.sender = sender;
    this.stats = stats;
    this.t1Millis = t1Millis;
    this.t2Millis = t2Millis;
    this.max = max;
    this.wheel = new TimerWheel(nowMillis);
  }

  /**
   * RFC 3261 17.2.3: branch + sent-by + method, with ACK matching its INVITE. Requests from RFC
   * 2543 clients (no magic cookie) fall back to Call-ID, CSeq number, From tag and top Via.
   */
  static String key(RequestHeaders h, String method) {
    String m = Methods.ACK.equals(method) ? Methods.INVITE : method;
    Via via = h.via();
    if (via.hasRfc3261Branch()) {
      return via.branch() + '|' + via.sentBy() + '|' + m;
    }
    return "2543|"
        + h.callId()
        + '|'
        + h.cseq()
        + '|'
        + h.from().tag()
        + '|'
        + via.value()
        + '|'
        + m;
  }

  ServerTransaction get(String key) {
    return table.get(key);
  }

  /** Creates a transaction, or returns null when the table is full. */
  ServerTransaction create(
      String key, boolean invite, Peer replyTo, String sourceIp, int sourcePort, long nowMillis) {
    if (table.size() >= max) {
      return null;
    }
    ServerTransaction tx = new ServerTransaction(key, invite, replyTo, sourceIp, sourcePort, this);
    table.put(key, tx);
    // Guard: a transaction the TU never answers still ends, after the longest decision
    // deadline (10 s, ConfigValidator) plus Timer H's span, so a late verdict is never cut off.
    wheel.schedule(tx, nowMillis + GUARD_EXTRA_MILLIS + 64 * t1Millis);
    return tx;
  }

  void remove(ServerTransaction tx) {
    table.remove(tx.key, tx);
  }

  int size() {
    return table.size();
  }

  /** Moves time forward, firing due timers. */
  void advance(long nowMillis) {
    wheel.advance(nowMillis);
  }
}
