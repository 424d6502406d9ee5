package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded flood of junk over UDP and TCP (random bytes, broken SIP, oversized headers), after
 * which TFPS must still answer OPTIONS and decide calls.
 */
class JunkFloodIT {

  private static final long SEED = 0x7f95L;
  private static final int DATAGRAMS = 20_000;
  private static final int CONNECTIONS = 40;

  @TempDir Path dir;

  @Test
  void survivesJunkAndStillAnswers() throws Exception {
    try (TfpsHarness tfps = TfpsHarness.start(dir, "")) {
      SplittableRandom random = new SplittableRandom(SEED);
      InetAddress lo = InetAddress.getByName("127.0.0.1");
      String valid =
          "OPTIONS sip:tfps@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-j\r\n"
              + "From: <sip:a@b>;tag=1\r\nTo: <sip:tfps@127.0.0.1>\r\nCall-ID: j\r\nCSeq: 1 OPTIONS\r\n"
              + "Content-Length: 0\r\n\r\n";
      try (DatagramSocket udp = new DatagramSocket(0, lo)) {
        for (int i = 0; i < DATAGRAMS; i++) {
          byte[] junk = junk(random, valid, i);
          udp.send(new DatagramPacket(junk, junk.length, lo, tfps.sipPort));
        }
      }
      for (int c = 0; c < CONNECTIONS; c++) {
        try (Socket s = new Socket(lo, tfps.sipPort)) {
          s.setSoTimeout(2000);
          OutputStream out = s.getOutputStream();
          for (int i = 0; i < 20; i++) {
            out.write(junk(random, valid, i));
          }
          out.flush();
        } catch (java.io.IOException closedByServer) {
          // TFPS closes streams it cannot frame; that is the expected defence.
        }
      }
      assertThat(tfps.metric("tfps_sip_parse_errors_total{reason=\"BAD_START_LINE\"}"))
          .isPositive();
      for (String transport : new String[] {"u1", "t1"}) {
        Sipp.Result r =
            Sipp.run("options.xml", "tfps", tfps.sipPort, transport, "127.0.0.1", 2, dir);
        assertThat(r.exitCode()).as("%s after the flood: %s", transport, r.errors()).isZero();
      }
      Sipp.Result r =
          Sipp.run("invite-deny.xml", "+5312345678", tfps.sipPort, "u1", "127.0.0.1", 1, dir);
      assertThat(r.exitCode()).as(r.errors()).isZero();
    }
  }

  /** Random bytes, mangled SIP, a huge header, or a lying Content-Length, by turn. */
  private static byte[] junk(SplittableRandom random, String valid, int i) {
    switch (i % 4) {
      case 0 -> {
        byte[] b = new byte[1 + random.nextInt(1400)];
        for (int k = 0; k < b.length; k++) {
          b[k] = (byte) random.nextInt(256);
        }
        return b;
      }
      case 1 -> {
        byte[] b = valid.getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < 5; k++) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
      }
      case 2 -> {
        return ("INVITE sip:x@y SIP/2.0\r\nVia: " + "A".repeat(9000) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
      }
      default -> {
        return valid
            .replace("Content-Length: 0", "Content-Length: 99999999")
            .getBytes(StandardCharsets.US_ASCII);
      }
    }
  }
}
