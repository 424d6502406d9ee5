package org.tfps.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * How one UDP socket reads: up to a given number of datagrams each time it is found readable, each
 * into one of a few direct buffers of the largest datagram's size that the socket keeps; a buffer
 * is read into again once the datagram's handler has released it (it copies the bytes out first).
 *
 * <p>A pooled allocator does not cache a buffer this large per thread: each read took a run of a
 * chunk of its arena under the arena's lock and gave it back after the datagram, about 2 % of the
 * process's samples at 18,000 calls a second (perf, bench/RESULTS.md). Netty reads up to {@link
 * #maxMessagesPerRead()} datagrams before it hands them on, so that many buffers can be held at
 * once; when every kept buffer is still held (a handler kept one), the read takes a buffer from the
 * channel's allocator as before.
 *
 * <p>Used by the socket's event loop only, like the channel's own read handle.
 */
final class ReadBuffers extends FixedRecvByteBufAllocator {

  private final int size;
  private final ByteBuf[] kept;

  /**
   * @param size bytes of each buffer: the largest datagram the socket reads whole
   * @param perWakeup datagrams read, at most, each time the socket is found readable, before they
   *     are handed on; one buffer more is kept, for the read that finds no datagram left
   */
  ReadBuffers(int size, int perWakeup) {
    super(size);
    this.size = size;
    this.kept = new ByteBuf[perWakeup + 1];
    maxMessagesPerRead(perWakeup);
    // A datagram shorter than the buffer does not mean the socket is empty (Netty's default reads
    // on only after a read that filled the buffer: one datagram per wake-up).
    respectMaybeMoreData(false);
  }

  @Override
  public Handle newHandle() {
    return new DelegatingHandle(super.newHandle()) {
      @Override
      public ByteBuf allocate(ByteBufAllocator alloc) {
        return take(alloc);
      }
    };
  }

  /**
   * The first kept buffer no datagram holds, emptied (the same few stay in the cache); or a new one
   * from {@code alloc} when all are held.
   */
  ByteBuf take(ByteBufAllocator alloc) {
    for (int i = 0; i < kept.length; i++) {
      ByteBuf b = kept[i];
      if (b == null) {
        // The JDK's direct buffer: the collector frees it with the socket, nothing to release.
        b = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(size));
        kept[i] = b;
      }
      if (b.refCnt() == 1) {
        // Ours is the only reference: the last datagram read into it was released.
        return b.retain().clear();
      }
    }
    return alloc.ioBuffer(size);
  }
}
