package org.tfps.ivr;

/**
 * The RTP fixed header (RFC 3550 5.1), written into and read from byte arrays. No allocation on the
 * write path. Stateless; {@link RtpStream} keeps a stream's sequence, timestamp and SSRC.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * </pre>
 */
public final class RtpPacket {

  /** Size of the fixed header with no CSRC (RFC 3550 5.1). */
  public static final int HEADER_BYTES = 12;

  /** RTP version 2 (RFC 3550 5.1). */
  public static final int VERSION = 2;

  /**
   * Largest RTP packet read: the size of the media socket's receive buffer (not wired yet), so a
   * larger datagram is cut and then fails its bounds checks. G.711 at 20 ms is 172 bytes; one
   * Ethernet MTU (1500 bytes less IP and UDP headers) holds any packet a peer should send to an
   * IVR.
   */
  public static final int MAX_PACKET_BYTES = 1_472;

  private RtpPacket() {}

  /**
   * Writes a 12-byte header at {@code buf[off]} (V=2, no padding, no extension, no CSRC).
   *
   * @return the offset of the payload
   */
  public static int writeHeader(
      byte[] buf,
      int off,
      boolean marker,
      int payloadType,
      int sequence,
      long timestamp,
      long ssrc) {
    buf[off] = (byte) (VERSION << 6);
    buf[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
    buf[off + 2] = (byte) (sequence >>> 8);
    buf[off + 3] = (byte) sequence;
    putInt(buf, off + 4, timestamp);
    putInt(buf, off + 8, ssrc);
    return off + HEADER_BYTES;
  }

  /**
   * Reads the header of the packet in {@code buf[off, off + len)}, with its CSRC list, extension
   * and padding bounds-checked (RFC 3550 5.1, 5.3.1).
   */
  public static Header parse(byte[] buf, int off, int len) throws MediaParseException {
    if (len < HEADER_BYTES) {
      throw new MediaParseException(MediaError.RTP_TOO_SHORT, len);
    }
    int b0 = buf[off] & 0xFF;
    if (b0 >> 6 != VERSION) {
      throw new MediaParseException(MediaError.RTP_BAD_VERSION, 0);
    }
    boolean padding = (b0 & 0x20) != 0;
    boolean extension = (b0 & 0x10) != 0;
    int csrcCount = b0 & 0x0F;
    int b1 = buf[off + 1] & 0xFF;
    int payload = HEADER_BYTES + 4 * csrcCount;
    if (payload > len) {
      throw new MediaParseException(MediaError.RTP_TOO_SHORT, len);
    }
    if (extension) {
      // RFC 3550 5.3.1: 16 bits profile-defined, 16 bits length in 32-bit words, then the words.
      if (payload + 4 > len) {
        throw new MediaParseException(MediaError.RTP_TOO_SHORT, len);
      }
      int words = ((buf[off + payload + 2] & 0xFF) << 8) | (buf[off + payload + 3] & 0xFF);
      payload += 4 + 4 * words;
      if (payload > len) {
        throw new MediaParseException(MediaError.RTP_TOO_SHORT, len);
      }
    }
    int end = len;
    if (padding) {
      // RFC 3550 5.1: the last octet counts the padding octets, itself included.
      int pad = buf[off + len - 1] & 0xFF;
      if (pad == 0 || pad > len - payload) {
        throw new MediaParseException(MediaError.RTP_BAD_PADDING, len - 1);
      }
      end = len - pad;
    }
    return new Header(
        (b1 & 0x80) != 0,
        b1 & 0x7F,
        ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF),
        getInt(buf, off + 4),
        getInt(buf, off + 8),
        csrcCount,
        off + payload,
        end - payload);
  }

  /**
   * An RTP header as read.
   *
   * @param payloadOffset where the payload starts in the array given to {@link #parse}
   * @param payloadLength the payload's length, padding excluded
   */
  public record Header(
      boolean marker,
      int payloadType,
      int sequence,
      long timestamp,
      long ssrc,
      int csrcCount,
      int payloadOffset,
      int payloadLength) {}

  private static void putInt(byte[] buf, int off, long v) {
    buf[off] = (byte) (v >>> 24);
    buf[off + 1] = (byte) (v >>> 16);
    buf[off + 2] = (byte) (v >>> 8);
    buf[off + 3] = (byte) v;
  }

  private static long getInt(byte[] buf, int off) {
    return ((long) (buf[off] & 0xFF) << 24)
        | ((buf[off + 1] & 0xFF) << 16)
        | ((buf[off + 2] & 0xFF) << 8)
        | (buf[off + 3] & 0xFF);
  }
}
