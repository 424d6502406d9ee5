package org.tfps.sip;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP listener, as a Netty channel registered on the owning verticle's event loop, so the
 * {@link SipServer} stays confined to one thread. It exists instead of Vert.x's DatagramSocket for
 * two measured reasons: that socket resolves the destination host string on every send, and sizing
 * its kernel receive buffer also sizes every read buffer (DESIGN.md section 7). Here the kernel
 * buffer is set alone, reads go into a few 64 KiB buffers the socket keeps ({@link ReadBuffers}),
 * up to {@link #READS_PER_WAKEUP} datagrams each time the socket is readable, replies reuse the
 * sender's address object, and writes are flushed once per batch of reads.
 *
 * <p>The buffers are kept, not allocated per read: Netty 4.2's default (adaptive) allocator does
 * not pool a buffer of 64 KiB, so every datagram read allocated a new direct buffer and zeroed all
 * 64 KiB of it (measured with perf under SIPp load: 5.6 % of the process's samples in the zeroing
 * alone), and its pooled allocator takes it from its arena under a lock and gives it back for every
 * datagram (about 2 %; bench/RESULTS.md). The pooled allocator stays the channel's allocator: it
 * copies the replies into direct buffers, and gives a read a buffer if ever every kept one is held.
 */
final class UdpTransport {

  private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);

  /** A datagram can never be larger than this; reads are sized to hold any of them. */
  private static final int MAX_DATAGRAM = 65_536;

  /**
   * Datagrams read, at most, each time the socket is found readable, before they are handed on
   * (Netty's figure for a datagram socket); the replies to them are flushed together.
   */
  static final int READS_PER_WAKEUP = 16;

  private final Channel channel;
  private final QueueDelay queue;
  private final DatagramChannel prober;
  private boolean inReadBatch;
  private boolean probeFailureLogged;

  private UdpTransport(Channel channel, QueueDelay queue, DatagramChannel prober) {
    this.channel = channel;
    this.queue = queue;
    this.prober = prober;
  }

  /**
   * Binds to {@code host:port} and hands each datagram to {@code server}, except the probes of
   * {@code queue}, which it reads and drops.
   */
  static Future<UdpTransport> bind(
      ContextInternal context,
      String host,
      int port,
      int receiveBuffer,
      QueueDelay queue,
      Receiver server) {
    Promise<UdpTransport> promise = context.promise();
    InternetProtocolFamily family =
        host.contains(":") ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4;
    UdpTransport[] self = new UdpTransport[1];
    Bootstrap b =
        new Bootstrap()
            .group(context.nettyEventLoop())
            .channelFactory(() -> context.owner().transport().datagramChannel(family))
            .option(ChannelOption.SO_RCVBUF, receiveBuffer)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new ReadBuffers(MAX_DATAGRAM, READS_PER_WAKEUP))
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .handler(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                    self[0].inReadBatch = true;
                    ByteBuf content = packet.content();
                    byte[] bytes = new byte[content.readableBytes()];
                    content.getBytes(content.readerIndex(), bytes);
                    if (queue.received(bytes, bytes.length, System.nanoTime())) {
                      return;
                    }
                    InetSocketAddress sender = packet.sender();
                    server.receive(
                        bytes,
                        bytes.length,
                        new Peer(
                            sender.getAddress().getHostAddress(), sender.getPort(), null, sender));
                  }

                  @Override
                  public void channelReadComplete(ChannelHandlerContext ctx) {
                    self[0].inReadBatch = false;
                    ctx.flush();
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    log.warn("UDP socket error: {}", cause.toString());
                  }
                });
    b.bind(host, port)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                DatagramChannel prober;
                try {
                  prober = queue.enabled() ? prober((InetSocketAddress) ch.localAddress()) : null;
                } catch (IOException e) {
                  ch.close();
                  promise.fail(e);
                  return;
                }
                self[0] = new UdpTransport(ch, queue, prober);
                int effective = ch.config().getOption(ChannelOption.SO_RCVBUF);
                if (effective < receiveBuffer) {
                  log.warn(
                      "UDP receive buffer is {} bytes, less than the {} configured: raise"
                          + " net.core.rmem_max (the appliance sets it)",
                      effective,
                      receiveBuffer);
                }
                promise.complete(self[0]);
              } else {
                promise.fail(f.cause());
              }
            });
    return promise.future();
  }

  /** Sends one datagram; flushed at the end of the current read batch, or at once otherwise. */
  void send(Peer to, byte[] message) {
    InetSocketAddress address =
        to.socketAddress() != null ? to.socketAddress() : new InetSocketAddress(to.ip(), to.port());
    DatagramPacket packet = new DatagramPacket(Unpooled.wrappedBuffer(message), address);
    if (inReadBatch) {
      channel.write(packet, channel.voidPromise());
    } else {
      channel.writeAndFlush(packet, channel.voidPromise());
    }
  }

  /**
   * The socket that sends the queue's probes to {@code bound} (to loopback when bound to every
   * interface), from the SIP loop, without blocking.
   */
  private static DatagramChannel prober(InetSocketAddress bound) throws IOException {
    InetAddress to = bound.getAddress();
    if (to.isAnyLocalAddress()) {
      to =
          to instanceof java.net.Inet6Address
              ? InetAddress.getByName("::1")
              : InetAddress.getByName("127.0.0.1");
    }
    DatagramChannel c = DatagramChannel.open();
    c.configureBlocking(false);
    c.connect(new InetSocketAddress(to, bound.getPort()));
    return c;
  }

  /** Sends the queue's next probe, if it has one; called on each tick of the SIP loop. */
  void probe() {
    if (prober == null) {
      return;
    }
    byte[] p = queue.probe(System.nanoTime());
    if (p == null) {
      return;
    }
    try {
      if (prober.write(ByteBuffer.wrap(p)) == 0) {
        queue.unsent();
      }
    } catch (IOException e) {
      queue.unsent();
      if (!probeFailureLogged) {
        probeFailureLogged = true;
        log.warn("UDP queue probe not sent ({}): the queue's wait is not measured", e.toString());
      }
    }
  }

  /** The bound port. */
  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  Future<Void> close(ContextInternal context) {
    Promise<Void> p = context.promise();
    if (prober != null) {
      try {
        prober.close();
      } catch (IOException e) {
        log.debug("UDP queue probe socket: {}", e.toString());
      }
    }
    channel.close().addListener(f -> p.complete());
    return p.future();
  }

  /** The allocator of the read buffers. */
  ByteBufAllocator readAllocator() {
    return channel.config().getAllocator();
  }

  /** Where each datagram goes (the SIP server, which needs the transport's sender to be built). */
  @FunctionalInterface
  interface Receiver {
    void receive(byte[] bytes, int length, Peer from);
  }
}
