package org.tfps.engine;

/** R01: the caller's User-Agent is a known SIP scanner's. */
public final class ScannerUserAgentRule implements Rule {

  public static final String CODE = "R01";

  private final RuleDataRef data;

  public ScannerUserAgentRule(RuleDataRef data) {
    this.data = data;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    String pattern = data.get().scanners().match(attempt.userAgent());
    if (pattern == null) {
      return null;
    }
    return new Finding(
        CODE,
        "scanner-user-agent",
        Action.DENY,
        100,
        "User-Agent '" + attempt.userAgent() + "' matches scanner pattern '" + pattern + "'");
  }
}
