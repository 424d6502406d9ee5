package org.tfps.sip;

import java.util.ArrayList;
import java.util.List;
import org.tfps.config.SipMode;
import org.tfps.decision.Decision;
import org.tfps.engine.Action;
import org.tfps.engine.Verdict;

/**
 * Turns a verdict into the TFPS-compatible SIP answer (DESIGN.md section 1): failover mode (allow
 * 503, deny 603) or redirect mode (allow 302 to the allow prefix + number; deny 603, or 302 to the
 * rule code + number when deny-redirect is set). Unless a verify dialog takes it ({@code
 * tfps.verify.mode}, {@link VerifyHandler}), verify is answered like deny (603) with {@code
 * X-TFPS-Verdict: verify}. A monitored account's calls are answered as allowed whatever the
 * verdict, which the header names {@code would-deny} or {@code would-verify}.
 */
public final class VerdictAnswers {

  private final SipMode mode;
  private final String allowPrefix;
  private final boolean denyRedirect;
  private final String contactHost;
  private final String fallbackHost;

  /**
   * @param contactHost host for the redirect Contact, or empty to use the Request-URI's
   * @param fallbackHost host used when neither is available (a tel: Request-URI): TFPS's address
   */
  public VerdictAnswers(
      SipMode mode,
      String allowPrefix,
      boolean denyRedirect,
      String contactHost,
      String fallbackHost) {
    this.fallbackHost = fallbackHost;
    this.mode = mode;
    this.allowPrefix = allowPrefix;
    this.denyRedirect = denyRedirect;
    this.contactHost = contactHost;
  }

  /**
   * @param dialed the Request-URI user part as received
   * @param uriHost the Request-URI host, used in Contact when no contact-host is configured
   */
  public Answer answer(Decision decision, String dialed, String uriHost) {
    Verdict v = decision.verdict();
    int status;
    String phrase;
    String contactUser = null;
    if (decision.letThrough()) {
      if (mode == SipMode.REDIRECT) {
        status = 302;
        phrase = "Moved Temporarily";
        contactUser = allowPrefix + dialed;
      } else {
        status = 503;
        phrase = "Service Unavailable";
      }
    } else if (mode == SipMode.REDIRECT && denyRedirect) {
      status = 302;
      phrase = "Moved Temporarily";
      contactUser = v.code() + dialed;
    } else {
      status = 603;
      phrase = "Decline";
    }
    List<String> headers = new ArrayList<>(3);
    if (contactUser != null) {
      String host =
          !contactHost.isEmpty() ? contactHost : !uriHost.isEmpty() ? uriHost : fallbackHost;
      headers.add("Contact: <sip:" + contactUser + "@" + hostForUri(host) + ">");
    }
    String why =
        v.action() == Action.ALLOW && v.findings().isEmpty()
            ? "allowed"
            : v.code() + " " + v.evidence();
    headers.add(Answer.reason(status, why));
    headers.add(
        "X-TFPS-Verdict: " + decision.wireAction() + "; code=" + v.code() + "; rule=" + v.rule());
    return new Answer(status, phrase, headers);
  }

  private static String hostForUri(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
