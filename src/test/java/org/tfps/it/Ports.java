package org.tfps.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for tests. */
final class Ports {

  private Ports() {}

  /** A port free for both UDP and TCP on 127.0.0.1 (SIP listens on both). */
  static int freeUdpAndTcp() throws IOException {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, lo)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(port, lo)) {
          return port;
        } catch (IOException busy) {
          // try another
        }
      }
    }
    throw new IOException("no free UDP+TCP port pair on 127.0.0.1");
  }
}
