package org.tfps.ivr;

/** Named bounds on an SDP offer, so one INVITE body cannot cost unbounded work. */
public final class SdpLimits {

  /**
   * Largest SDP body read. Audio offers from desk phones and softswitches are 200 bytes to 2 KB;
   * WebRTC offers with ICE candidates and several streams reach 6 to 8 KB. The SIP codec already
   * bounds a body to 32 KiB (SipLimits.MAX_BODY_BYTES); 16 KiB is twice the largest real offer.
   */
  public static final int MAX_SDP_BYTES = 16_384;

  /** Longest SDP line. The longest real lines (a=fingerprint, a=candidate, a=crypto) stay < 300. */
  public static final int MAX_LINE_CHARS = 1_024;

  /** Most lines in one SDP. A rich WebRTC offer has about 150. */
  public static final int MAX_LINES = 512;

  /** Most m= lines. Audio, video, application and a few more; RFC 3264 answers each of them. */
  public static final int MAX_MEDIA = 16;

  /**
   * Most formats on one m= line. RTP/AVP payload types are 0 to 127 (RFC 3551 6), and real offers
   * list fewer than 20.
   */
  public static final int MAX_FORMATS = 64;

  /** Largest a=ptime accepted, in ms (RFC 4566 6: packet time; G.711 never exceeds 150 ms). */
  public static final int MAX_PTIME_MS = 1_000;

  private SdpLimits() {}
}
