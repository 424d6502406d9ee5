package org.tfps.ivr;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Digits from a caller: RFC 4733 telephone-events in RTP, one digit per event however many packets
 * report it, and SIP INFO bodies ({@code application/dtmf-relay}, {@code application/dtmf}) as the
 * fallback. One instance per call (it remembers the events already reported); not thread-safe.
 */
public final class DtmfEvents {

  /** Returned when a packet reports no new digit. */
  public static final char NONE = 0;

  /**
   * RFC 4733 3.2 (table 7.1.1 of the registry): event codes 0 to 15 are the DTMF digits 0-9, *, #,
   * A-D. Other events (flash, tones) are not digits.
   */
  private static final String DIGITS = "0123456789*#ABCD";

  /**
   * Events remembered by RTP timestamp. A sender repeats an event's packets every 50 ms or so and
   * its end packet three times (RFC 4733 2.5.1.4); late or reordered copies arrive within a few
   * events, so eight is plenty and bounded.
   */
  static final int REMEMBERED_EVENTS = 8;

  /**
   * Largest SIP INFO DTMF body read. {@code Signal=5\r\nDuration=160\r\n} is 27 bytes; 256 leaves
   * room for odd spacing and extra lines.
   */
  public static final int MAX_INFO_BODY_BYTES = 256;

  private final long[] timestamps = new long[REMEMBERED_EVENTS];
  private int remembered;
  private int oldest;
  private long ssrc = -1;

  /**
   * An RFC 4733 2.3 event report: event code, end bit, volume (0 to -63 dBm0, as a positive number)
   * and duration in timestamp units.
   */
  public record TelephoneEvent(int event, boolean end, int volume, int duration) {

    /** The DTMF digit of this event, or {@link #NONE} for a non-DTMF event. */
    public char digit() {
      return event < DIGITS.length() ? DIGITS.charAt(event) : NONE;
    }
  }

  /** A digit signalled in a SIP INFO body, with its duration in ms or -1 when none was given. */
  public record InfoSignal(char digit, int durationMs) {}

  /**
   * Reads the first event report of a telephone-event payload (RFC 4733 2.3):
   *
   * <pre>
   *  0                   1                   2                   3
   * |     event     |E|R| volume    |          duration             |
   * </pre>
   *
   * Further reports in the same packet (RFC 4733 2.5.1.5, earlier events of a packed packet) are
   * not read: the first is the newest.
   */
  public static TelephoneEvent parse(byte[] buf, int off, int len) throws MediaParseException {
    if (len < 4) {
      throw new MediaParseException(MediaError.DTMF_TOO_SHORT, len);
    }
    int b1 = buf[off + 1] & 0xFF;
    return new TelephoneEvent(
        buf[off] & 0xFF,
        (b1 & 0x80) != 0,
        b1 & 0x3F,
        ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF));
  }

  /**
   * The digit a telephone-event packet reports, once per event: the first packet of an event that
   * arrives (start, continuation or end) yields the digit, every later packet with the same RTP
   * timestamp (the event's start, RFC 4733 2.5.1.1), retransmitted end packets included (RFC 4733
   * 2.5.1.4), yields {@link #NONE}. A new SSRC forgets the events of the old one.
   *
   * @param header the packet's RTP header; the caller checked its payload type is the negotiated
   *     telephone-event one
   * @param buf the packet, as given to {@link RtpPacket#parse}
   */
  public char onPacket(RtpPacket.Header header, byte[] buf) throws MediaParseException {
    TelephoneEvent e = parse(buf, header.payloadOffset(), header.payloadLength());
    if (header.ssrc() != ssrc) {
      ssrc = header.ssrc();
      remembered = 0;
      oldest = 0;
    }
    long ts = header.timestamp();
    for (int i = 0; i < remembered; i++) {
      if (timestamps[i] == ts) {
        return NONE;
      }
    }
    if (remembered < REMEMBERED_EVENTS) {
      timestamps[remembered++] = ts;
    } else {
      timestamps[oldest] = ts;
      oldest = (oldest + 1) % REMEMBERED_EVENTS;
    }
    return e.digit();
  }

  /**
   * Reads a SIP INFO DTMF body: {@code application/dtmf-relay} ({@code Signal=5} and {@code
   * Duration=160} lines, as Cisco and most PBXs send them; keys in any case) or {@code
   * application/dtmf} (the digit alone). A signal is a digit 0-9, *, #, A-D, or its RFC 4733 event
   * code 10-15 (some phones send 10 for * and 11 for #).
   *
   * @param contentType the request's Content-Type value, parameters allowed
   */
  public static InfoSignal parseInfo(String contentType, byte[] body, int off, int len)
      throws MediaParseException {
    if (len > MAX_INFO_BODY_BYTES) {
      throw new MediaParseException(MediaError.DTMF_BODY_TOO_LARGE, MAX_INFO_BODY_BYTES);
    }
    int semi = contentType.indexOf(';');
    String type =
        (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    String text = new String(body, off, len, StandardCharsets.ISO_8859_1);
    if (type.equals("application/dtmf")) {
      return new InfoSignal(signal(text.trim(), 0), -1);
    }
    if (!type.equals("application/dtmf-relay")) {
      throw new MediaParseException(MediaError.DTMF_BAD_CONTENT_TYPE, 0);
    }
    char digit = NONE;
    int duration = -1;
    int pos = 0;
    for (String line : text.split("\n", -1)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        String key = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(eq + 1).trim();
        if (key.equals("signal") && digit == NONE) {
          digit = signal(value, pos + eq + 1);
        } else if (key.equals("duration") && duration < 0) {
          if (!Sdp.digits(value) || value.length() > 6) {
            throw new MediaParseException(MediaError.DTMF_BAD_DURATION, pos + eq + 1);
          }
          duration = Integer.parseInt(value);
        }
      }
      pos += line.length() + 1;
    }
    if (digit == NONE) {
      throw new MediaParseException(MediaError.DTMF_BAD_SIGNAL, 0);
    }
    return new InfoSignal(digit, duration);
  }

  private static char signal(String value, int at) throws MediaParseException {
    if (value.length() == 1) {
      char c = Character.toUpperCase(value.charAt(0));
      if (DIGITS.indexOf(c) >= 0) {
        return c;
      }
    } else if (value.length() == 2 && Sdp.digits(value)) {
      int code = Integer.parseInt(value);
      if (code < DIGITS.length()) {
        return DIGITS.charAt(code);
      }
    }
    throw new MediaParseException(MediaError.DTMF_BAD_SIGNAL, at);
  }
}
