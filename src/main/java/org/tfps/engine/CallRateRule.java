package org.tfps.engine;

/**
 * R09: more call attempts in the last minute than the account's limit for the time of day (business
 * or off hours). Every attempt counts, denied ones too: a device retrying a denied call is still
 * calling. The ledger counts them in 10-second buckets, so "the last minute" is 50 to 60 s.
 */
public final class CallRateRule implements Rule {

  public static final String CODE = "R09";

  private final Action action;

  public CallRateRule(Action action) {
    this.action = action;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    AccountFacts a = facts.account();
    int limit = a.businessHours() ? a.limits().perMinuteBusiness() : a.limits().perMinuteOffHours();
    if (limit <= 0) {
      return null;
    }
    int calls = a.callsLastMinute() + 1;
    if (calls <= limit) {
      return null;
    }
    return new Finding(
        CODE,
        "calls-per-minute",
        action,
        70,
        calls + " call attempts within 60 s against a limit of " + limit + Limited.hours(a));
  }
}
