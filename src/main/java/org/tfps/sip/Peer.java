package org.tfps.sip;

import java.net.InetSocketAddress;

/**
 * Where a message came from, or where a response goes.
 *
 * @param ip the address, as text
 * @param port the port
 * @param connection the stream connection for TCP (responses go back on it), null for UDP
 * @param socketAddress the resolved address when known (the sender of a datagram), so a reply to it
 *     costs no parsing; null otherwise
 */
public record Peer(String ip, int port, SipConnection connection, InetSocketAddress socketAddress) {

  /** A peer known by address text only. */
  public Peer(String ip, int port, SipConnection connection) {
    this(ip, port, connection, null);
  }

  /** True for stream transports, where SIP retransmits nothing (RFC 3261 17.2.1). */
  public boolean reliable() {
    return connection != null;
  }
}
