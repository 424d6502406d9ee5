package org.tfps.sip;

import java.nio.charset.StandardCharsets;
import org.tfps.config.IdentitySource;

/**
 * Reads the calling account: TFPS's {@code P-tfps: cid;domain;srcip;UA;ncalls} header when present,
 * otherwise the configured identity header, falling back to From.
 */
public final class IdentityReader {

  private final IdentitySource source;

  public IdentityReader(IdentitySource source) {
    this.source = source;
  }

  public Identity read(SipMessage m, RequestHeaders h, String peerIp) {
    String ua = m.first(HeaderName.USER_AGENT);
    ua = ua == null ? "" : utf8(ua);
    String ptfps = m.first(HeaderName.P_TFPS);
    if (ptfps != null) {
      Identity fromHeader = pTfps(ptfps, peerIp, ua);
      if (fromHeader != null) {
        return fromHeader;
      }
    }
    SipUri uri = identityUri(m, h);
    return new Identity(account(uri.user(), uri.host()), peerIp, ua, -1);
  }

  private SipUri identityUri(SipMessage m, RequestHeaders h) {
    HeaderName header =
        switch (source) {
          case FROM -> null;
          case P_ASSERTED_IDENTITY -> HeaderName.P_ASSERTED_IDENTITY;
          case REMOTE_PARTY_ID -> HeaderName.REMOTE_PARTY_ID;
        };
    if (header != null) {
      String v = m.first(header);
      if (v != null) {
        try {
          // Several identities may be listed; the first names the account.
          int comma = v.indexOf(',');
          return NameAddr.parse(comma < 0 ? v : v.substring(0, comma)).sipUri();
        } catch (SipParseException e) {
          // fall through to From
        }
      }
    }
    return h.from().sipUri();
  }

  /**
   * "cid;domain;srcip;UA;ncalls": the UA may itself contain ';', so ncalls is read from the end.
   */
  static Identity pTfps(String value, String peerIp, String headerUa) {
    String[] head = value.split(";", 4);
    if (head.length < 4 || head[0].isBlank()) {
      return null;
    }
    String tail = head[3];
    int last = tail.lastIndexOf(';');
    String ua = last < 0 ? tail : tail.substring(0, last);
    int calls = -1;
    if (last >= 0) {
      try {
        calls = Integer.parseInt(tail.substring(last + 1).trim());
      } catch (NumberFormatException e) {
        calls = -1;
      }
    }
    String ip = head[2].trim().isEmpty() ? peerIp : head[2].trim();
    ua = ua.trim().isEmpty() ? headerUa : utf8(ua.trim());
    return new Identity(account(head[0].trim(), head[1].trim()), ip, ua, calls);
  }

  private static String account(String user, String host) {
    return org.tfps.decision.Accounts.name(utf8(user), host);
  }

  /** Header text is kept as ISO-8859-1 bytes; names and agents are UTF-8 on the wire. */
  private static String utf8(String latin1) {
    for (int i = 0; i < latin1.length(); i++) {
      if (latin1.charAt(i) > 0x7f) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      }
    }
    return latin1;
  }
}
