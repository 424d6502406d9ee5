package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UDP listener on its own: what it reads, and the buffers it reads into. */
class UdpTransportTest {

  private Vertx vertx;
  private UdpTransport udp;
  private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<Peer> senders = new LinkedBlockingQueue<>();

  @BeforeEach
  void bind() throws Exception {
    vertx = Vertx.vertx();
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    udp =
        UdpTransport.bind(
                context,
                "127.0.0.1",
                0,
                1 << 20,
                new QueueDelay(0),
                (bytes, length, from) -> {
                  received.add(Arrays.copyOf(bytes, length));
                  senders.add(from);
                })
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void readsEveryDatagramWholeIntoKeptBuffers() throws Exception {
    // Reads go into the buffers the socket keeps; the channel's allocator (for the replies' copies,
    // and a read's buffer if every kept one is held) is the pooled one: Netty 4.2's default does
    // not pool a 64 KiB buffer and would allocate and zero one.
    assertThat(udp.readAllocator()).isInstanceOf(PooledByteBufAllocator.class);

    byte[] small =
        "OPTIONS sip:tfps SIP/2.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] mtu = filled(1_400, (byte) 'a');
    byte[] largest = filled(65_507, (byte) 'b'); // the largest UDP payload over IPv4
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      for (int round = 0; round < 50; round++) {
        for (byte[] d : new byte[][] {small, mtu, largest}) {
          client.send(
              new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), udp.port()));
          byte[] got = received.poll(10, TimeUnit.SECONDS);
          assertThat(got).as("round %d, %d bytes", round, d.length).isEqualTo(d);
          Peer from = senders.poll(1, TimeUnit.SECONDS);
          assertThat(from.ip()).isEqualTo("127.0.0.1");
          assertThat(from.port()).isEqualTo(client.getLocalPort());
        }
      }
    }
    assertThat(received).isEmpty();
  }

  @Test
  void aBurstIsReadWholeAndInOrderThroughTheKeptBuffers() throws Exception {
    // More datagrams than one wake-up reads, sent without waiting: they are read in batches, each
    // into a kept buffer that the one before it in the batch may still hold.
    int count = 20 * UdpTransport.READS_PER_WAKEUP;
    List<byte[]> sent = new ArrayList<>();
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < count; i++) {
        byte[] d = filled(200 + (i * 97) % 4_000, (byte) ('A' + i % 26));
        System.arraycopy(Integer.toString(i).getBytes(StandardCharsets.US_ASCII), 0, d, 0, 1);
        d[d.length - 1] = (byte) i;
        sent.add(d);
        client.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), udp.port()));
      }
    }
    for (int i = 0; i < count; i++) {
      byte[] got = received.poll(10, TimeUnit.SECONDS);
      assertThat(got).as("datagram %d", i).isEqualTo(sent.get(i));
    }
    assertThat(received).isEmpty();
  }

  private static byte[] filled(int n, byte b) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }
}
