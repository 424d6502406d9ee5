/**
 * The verify dialog (issue 7, docs/ivr.md): its media building blocks, not yet wired to SIP or a
 * socket. {@link org.tfps.ivr.Sdp} and {@link org.tfps.ivr.SdpAnswer} read an offer and write the
 * answer (RFC 4566, RFC 3264); {@link org.tfps.ivr.G711} companding; {@link
 * org.tfps.ivr.RtpPacket}, {@link org.tfps.ivr.RtpStream} and {@link org.tfps.ivr.Pacer} build and
 * time the outgoing RTP (RFC 3550); {@link org.tfps.ivr.DtmfEvents} reads digits (RFC 4733, SIP
 * INFO); {@link org.tfps.ivr.Challenge} is the CAPTCHA and PIN logic; {@link org.tfps.ivr.Prompts}
 * and {@link org.tfps.ivr.Playout} turn its prompts into frames. Until the wiring is done a verify
 * verdict is answered like deny.
 */
package org.tfps.ivr;
