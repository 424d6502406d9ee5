package org.tfps.engine;

/**
 * R08 (business hours) and R10 (out of business hours): the account would have more calls up at
 * once than its limit. The count is the softswitch's (P-tfps) when it reports one, else TFPS's own:
 * the leases of the calls it allowed that no call record and no concurrency window ended yet.
 */
public final class ConcurrencyRule implements Rule {

  public static final String CODE_BUSINESS = "R08";
  public static final String CODE_OFF_HOURS = "R10";

  private final Action action;

  public ConcurrencyRule(Action action) {
    this.action = action;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    AccountFacts a = facts.account();
    int limit =
        a.businessHours() ? a.limits().concurrentBusiness() : a.limits().concurrentOffHours();
    int calls = a.concurrentCalls() + 1;
    if (limit <= 0 || calls <= limit) {
      return null;
    }
    return new Finding(
        a.businessHours() ? CODE_BUSINESS : CODE_OFF_HOURS,
        "concurrent-calls",
        action,
        80,
        calls
            + " calls up at once"
            + (attempt.reportedCalls() >= 0 ? " (reported by the softswitch)" : " (estimated)")
            + " against a limit of "
            + limit
            + Limited.hours(a));
  }
}
