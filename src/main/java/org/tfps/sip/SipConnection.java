package org.tfps.sip;

/** A stream connection that responses can be written to (TCP now, TLS later). */
public interface SipConnection {

  /** Writes a whole message. */
  void write(byte[] message);
}
