package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The UDP socket's kept read buffers and how many datagrams it reads per wake-up. */
class ReadBuffersTest {

  private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

  @Test
  void aReleasedBufferIsReadIntoAgainEmptied() {
    ReadBuffers buffers = new ReadBuffers(2048, 4);
    ByteBuf first = buffers.take(alloc);
    assertThat(first.capacity()).isEqualTo(2048);
    assertThat(first.writableBytes()).isEqualTo(2048);
    first.writeBytes(new byte[300]).readBytes(100);
    first.release(); // the datagram's handler is done with it

    ByteBuf again = buffers.take(alloc);
    assertThat(again).isSameAs(first);
    assertThat(again.readerIndex()).isZero();
    assertThat(again.writableBytes()).isEqualTo(2048);
    assertThat(again.refCnt()).isEqualTo(2); // the socket's reference and the read's
  }

  @Test
  void aHeldBufferIsNotHandedOutAgainAndAllHeldFallsBackToTheAllocator() {
    ReadBuffers buffers = new ReadBuffers(1024, 2);
    List<ByteBuf> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // two per wake-up, plus one for the read that finds none
      held.add(buffers.take(alloc));
    }
    // ByteBuf.equals compares contents (all empty here): the buffers must be distinct objects.
    assertThat(held.get(0)).isNotSameAs(held.get(1)).isNotSameAs(held.get(2));
    assertThat(held.get(1)).isNotSameAs(held.get(2));

    ByteBuf extra = buffers.take(alloc);
    assertThat(held).noneMatch(b -> b == extra);
    assertThat(extra.capacity()).isEqualTo(1024);
    assertThat(extra.refCnt()).isEqualTo(1); // the allocator's own: released like any read
    extra.release();

    held.get(1).release();
    assertThat(buffers.take(alloc)).isSameAs(held.get(1));
  }

  @Test
  void readsOnAfterADatagramShorterThanTheBufferUpToTheLimit() {
    RecvByteBufAllocator.Handle ours = new ReadBuffers(65_536, 16).newHandle();
    assertThat(datagramsPerWakeup(ours, 65_536)).isEqualTo(16);

    // Netty's own, as a socket option sets it: one datagram per wake-up.
    RecvByteBufAllocator.Handle netty = new FixedRecvByteBufAllocator(65_536).newHandle();
    assertThat(datagramsPerWakeup(netty, 65_536)).isEqualTo(1);
  }

  /** How many 300-byte datagrams a read loop takes with {@code handle} before it stops. */
  private static int datagramsPerWakeup(RecvByteBufAllocator.Handle handle, int size) {
    EmbeddedChannel channel = new EmbeddedChannel();
    try {
      handle.reset(channel.config());
      int read = 0;
      do {
        handle.attemptedBytesRead(size);
        handle.lastBytesRead(300);
        handle.incMessagesRead(1);
        read++;
      } while (handle.continueReading() && read < 100);
      return read;
    } finally {
      channel.close();
    }
  }
}
