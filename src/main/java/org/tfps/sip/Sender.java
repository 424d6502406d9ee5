package org.tfps.sip;

/** Sends a message: over the peer's connection when it has one, otherwise as a datagram. */
@FunctionalInterface
public interface Sender {

  void send(Peer to, byte[] message);
}
