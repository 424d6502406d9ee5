package org.tfps.config;

/** How verdicts become SIP answers (DESIGN.md section 1). */
public enum SipMode {
  /** allow = 503 so the softswitch fails over to the real gateway; deny = 603. */
  FAILOVER,
  /** allow = 302 to the allow prefix + number; deny = 603 or 302 to the rule code + number. */
  REDIRECT
}
