package org.tfps.sip;

/**
 * A verify dialog TFPS answered (RFC 3261 12.1.1): the UAS side, identified by Call-ID, the
 * caller's From tag and TFPS's To tag. Keeps what the BYE needs; the 2xx is retransmitted by the
 * INVITE's {@link ServerTransaction} until the ACK (13.3.1.4).
 */
final class Dialog implements VerifyHandler.Control {

  final String callId;
  final String localTag;
  final String remoteTag;
  final Peer peer;
  final ServerTransaction invite;

  /** The INVITE's From and To values as sent: the BYE swaps them (12.2.1.1). */
  final String remoteAddress;

  final String localAddress;

  /** The remote target: the INVITE's Contact URI, else its From URI (12.1.1). */
  final String remoteTarget;

  /**
   * TFPS's own host:port on the INVITE's transport: its Contact, and its BYE's Via. Known once the
   * media side accepted the call (its SDP names the fallback host).
   */
  String sentBy;

  final String transport;

  /** The proxies that record-routed, in the INVITE's Record-Route order. */
  final RouteSet routes;

  VerifyHandler.Session session;
  boolean acked;
  boolean over;
  private final VerifyDialogs server;

  Dialog(
      VerifyDialogs server,
      ServerTransaction invite,
      String callId,
      String localTag,
      String remoteTag,
      String remoteAddress,
      String localAddress,
      String remoteTarget,
      String transport,
      RouteSet routes) {
    this.server = server;
    this.invite = invite;
    this.peer = invite.replyTo;
    this.callId = callId;
    this.localTag = localTag;
    this.remoteTag = remoteTag;
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
    this.remoteTarget = remoteTarget;
    this.transport = transport;
    this.routes = routes;
  }

  @Override
  public void hangUp() {
    server.hangUp(this);
  }
}
