package org.tfps.ivr;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * One verify call's RTP socket as the media thread drives it: a non-blocking {@link
 * DatagramChannel} bound to the call's port. Each {@link #run} sends the call's frames that are due
 * ({@link VerifyCall#tick}), then reads what the caller sent (at most {@link #MAX_READS} datagrams;
 * RFC 4733 digits, and any packet resets the silence timeout). Packets go out of and come into
 * direct buffers made once per call, so a frame costs no allocation. A datagram the kernel does not
 * take (its buffer full) or an error is counted and the frame dropped, as UDP would. Confined to
 * the media thread after {@link #attach}.
 */
final class CallMedia implements VerifyCall.Media, MediaSchedule.Stream, MediaLoop.Failable {

  /** Datagrams read in one run: 20 ms of a caller's RTP is one or two; more is junk or a flood. */
  static final int MAX_READS = 16;

  /** The longest datagram read whole: an RTP packet of TFPS's codecs is 172 bytes. */
  static final int MAX_DATAGRAM = 2_048;

  /**
   * The latest a call runs again (its timeouts are checked then): one frame, so while it plays,
   * which is from the ACK to the end, it runs exactly when its frames are due.
   */
  static final long MAX_WAIT_NANOS = Pacer.FRAME_NANOS;

  private final DatagramChannel channel;
  private final boolean symmetric;
  private InetSocketAddress remote;
  private boolean latched;
  private final LongAdder skipped;
  private final LongAdder sendErrors;
  private final ByteBuffer out = ByteBuffer.allocateDirect(RtpPacket.HEADER_BYTES + 1_024);
  private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private final byte[] received = new byte[MAX_DATAGRAM];
  private VerifyCall call;
  private VerifyCall.Owner owner;
  private long skippedSoFar;

  /**
   * @param channel bound, non-blocking
   * @param remote where the frames go (the offer's {@code c=} and {@code m=})
   * @param symmetric true: once the caller's first RTP packet comes, the frames go where it came
   *     from (symmetric RTP, RFC 4961: a caller behind NAT announces an address nobody can reach)
   * @param skipped where frames the pacer skipped are counted
   * @param sendErrors where frames the socket did not take are counted
   */
  CallMedia(
      DatagramChannel channel,
      InetSocketAddress remote,
      boolean symmetric,
      LongAdder skipped,
      LongAdder sendErrors) {
    this.channel = channel;
    this.remote = remote;
    this.symmetric = symmetric;
    this.skipped = skipped;
    this.sendErrors = sendErrors;
  }

  /** The call this socket carries (it is made with this media, so it comes after). */
  void attach(VerifyCall call, VerifyCall.Owner owner) {
    this.call = call;
    this.owner = owner;
  }

  @Override
  public long run(long now) {
    call.tick();
    read();
    long s = call.framesSkipped();
    if (s != skippedSoFar) {
      skipped.add(s - skippedSoFar);
      skippedSoFar = s;
    }
    return call.over() ? MediaSchedule.DONE : call.nextFrameDue(now + MAX_WAIT_NANOS);
  }

  private void read() {
    for (int i = 0; i < MAX_READS && !call.over(); i++) {
      in.clear();
      java.net.SocketAddress from;
      try {
        from = channel.receive(in);
        if (from == null) {
          return;
        }
      } catch (IOException e) {
        return; // an ICMP error reported on the socket, or it was closed: nothing to read
      }
      in.flip();
      int length = in.remaining();
      in.get(received, 0, length);
      latch(from, length);
      call.onRtp(received, length);
    }
  }

  /**
   * Symmetric RTP: the first RTP packet (version 2, a whole header) fixes where the frames go, for
   * the rest of the call; later packets from elsewhere change nothing.
   */
  private void latch(java.net.SocketAddress from, int length) {
    if (!symmetric
        || latched
        || length < RtpPacket.HEADER_BYTES
        || (received[0] & 0xc0) != 0x80
        || !(from instanceof InetSocketAddress source)) {
      return;
    }
    latched = true;
    remote = source;
  }

  /** Where the frames go now. */
  InetSocketAddress remote() {
    return remote;
  }

  @Override
  public void send(byte[] packet, int length) {
    out.clear();
    out.put(packet, 0, length).flip();
    try {
      if (channel.send(out, remote) == 0) {
        sendErrors.increment(); // the socket's buffer is full: the frame is lost, as on the wire
      }
    } catch (IOException e) {
      sendErrors.increment();
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a datagram socket does not fail in a way that matters: the port is free either way.
    }
  }

  /** A run threw: the call ends as hung up, its port is freed, and TFPS hangs up (BYE). */
  @Override
  public void failed(RuntimeException e) {
    if (!call.over()) {
      call.ended("media error: " + e);
      owner.hangUp();
    }
  }

  @Override
  public String toString() {
    return "CallMedia[" + remote + "]";
  }
}
