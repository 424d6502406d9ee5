package org.tfps.ivr;

import java.util.random.RandomGenerator;

/**
 * One outgoing RTP stream of 20 ms G.711 frames: its SSRC, sequence and timestamp start at random
 * values (RFC 3550 5.1: "SHOULD be random (unpredictable) to make known-plaintext attacks on
 * encryption more difficult"; 8: the SSRC is chosen randomly), and each packet is written into one
 * reused buffer. The timestamp is computed from the frame index the {@link Pacer} hands out (8,000
 * Hz: 160 per frame), so it tracks the sampling clock even when frames are skipped; the sequence
 * counts packets actually sent. Not thread-safe: one stream belongs to one call's context.
 */
public final class RtpStream {

  /** Samples in one 20 ms frame at 8 kHz (RFC 3551 4.5.14: G.711 samples at 8,000 Hz). */
  public static final int SAMPLES_PER_FRAME = 160;

  /** One G.711 frame: one byte per sample. */
  public static final int FRAME_BYTES = SAMPLES_PER_FRAME;

  private final int payloadType;
  private final long ssrc;
  private final long timestampBase;
  private final byte[] packet = new byte[RtpPacket.HEADER_BYTES + FRAME_BYTES];
  private int sequence;
  private long lastFrame = -2;
  private long sent;

  /**
   * @param payloadType the payload type the answer chose ({@link SdpAnswer.Choice#payloadType()})
   * @param random SecureRandom in production; a seeded generator in tests
   */
  public RtpStream(int payloadType, RandomGenerator random) {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type " + payloadType + " is not 0..127");
    }
    this.payloadType = payloadType;
    this.ssrc = random.nextLong() & 0xFFFF_FFFFL;
    this.sequence = random.nextInt(1 << 16);
    this.timestampBase = random.nextLong() & 0xFFFF_FFFFL;
  }

  /**
   * Writes the packet of frame {@code frame} (from {@link Pacer#poll()}) with the 160 bytes of
   * {@code payload[off]} into the stream's buffer. The marker is set on the first packet and on the
   * first after skipped frames: the start of a talkspurt (RFC 3551 4.1).
   *
   * @return the packet's length; the packet is {@link #packet()}{@code [0, length)}, valid until
   *     the next call
   */
  public int frame(long frame, byte[] payload, int off) {
    boolean marker = frame != lastFrame + 1;
    long timestamp = (timestampBase + frame * SAMPLES_PER_FRAME) & 0xFFFF_FFFFL;
    int at = RtpPacket.writeHeader(packet, 0, marker, payloadType, sequence, timestamp, ssrc);
    System.arraycopy(payload, off, packet, at, FRAME_BYTES);
    sequence = (sequence + 1) & 0xFFFF;
    lastFrame = frame;
    sent++;
    return packet.length;
  }

  /** The reused packet buffer. */
  public byte[] packet() {
    return packet;
  }

  public long ssrc() {
    return ssrc;
  }

  /** Packets written so far (RTCP sender reports count them, RFC 3550 6.4.1). */
  public long packetsSent() {
    return sent;
  }

  /** The RTP timestamp of frame 0. */
  public long timestampBase() {
    return timestampBase;
  }
}
