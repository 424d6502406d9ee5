package org.tfps.sip;

/**
 * Where a message came from, or where a response goes.
 *
 * @param ip the address, as text
 * @param port the port
 * @param connection the stream connection for TCP (responses go back on it), null for UDP
 */
public record Peer(String ip, int port, SipConnection connection) {

  /** True for stream transports, where SIP retransmits nothing (RFC 3261 17.2.1). */
  public boolean reliable() {
    return connection != null;
  }
}
