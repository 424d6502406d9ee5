package org.tfps.ivr;

/**
 * Why media signalling or a media packet from a peer was refused: an SDP offer (answered {@code
 * 488} or {@code 400} by the SIP side), an RTP packet or a DTMF report (dropped and counted).
 */
public enum MediaError {
  SDP_TOO_LARGE("SDP body too large"),
  SDP_LINE_TOO_LONG("SDP line too long"),
  SDP_TOO_MANY_LINES("Too many SDP lines"),
  SDP_BAD_LINE("Malformed SDP line"),
  SDP_BAD_VERSION("SDP does not start with v=0"),
  SDP_BAD_ORIGIN("Malformed o= line"),
  SDP_BAD_TIMING("Malformed t= line"),
  SDP_BAD_CONNECTION("Malformed c= line"),
  SDP_NO_CONNECTION("Media without a connection address"),
  SDP_BAD_MEDIA("Malformed m= line"),
  SDP_TOO_MANY_MEDIA("Too many m= lines"),
  SDP_TOO_MANY_FORMATS("Too many formats on an m= line"),
  SDP_NO_MEDIA("No m= line"),
  SDP_BAD_RTPMAP("Malformed a=rtpmap"),
  SDP_BAD_PTIME("Malformed a=ptime"),
  SDP_CONTROL_CHARACTER("Control character in SDP"),
  RTP_TOO_SHORT("RTP packet shorter than its header"),
  RTP_BAD_VERSION("RTP version is not 2"),
  RTP_BAD_PADDING("RTP padding larger than the payload"),
  DTMF_TOO_SHORT("telephone-event payload shorter than 4 bytes"),
  DTMF_BODY_TOO_LARGE("DTMF body too large"),
  DTMF_BAD_CONTENT_TYPE("Not a DTMF content type"),
  DTMF_BAD_SIGNAL("Missing or unknown DTMF signal"),
  DTMF_BAD_DURATION("Malformed DTMF duration");

  private final String text;

  MediaError(String text) {
    this.text = text;
  }

  /** Human-readable reason, for logs and the SIP Reason header. */
  public String text() {
    return text;
  }
}
