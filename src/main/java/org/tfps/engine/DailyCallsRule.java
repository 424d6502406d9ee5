package org.tfps.engine;

/**
 * R11: more call attempts today (calendar day in the account's time zone) than the account's daily
 * limit, or, out of business hours, more off-hours attempts than its off-hours daily limit.
 */
public final class DailyCallsRule implements Rule {

  public static final String CODE = "R11";

  private final Action action;

  public DailyCallsRule(Action action) {
    this.action = action;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    AccountFacts a = facts.account();
    Limits l = a.limits();
    if (l.perDay() > 0 && a.callsToday() + 1 > l.perDay()) {
      return finding(
          (a.callsToday() + 1) + " call attempts today against a daily limit of " + l.perDay());
    }
    if (!a.businessHours()
        && l.perDayOffHours() > 0
        && a.offHoursCallsToday() + 1 > l.perDayOffHours()) {
      return finding(
          (a.offHoursCallsToday() + 1)
              + " call attempts out of business hours today against a limit of "
              + l.perDayOffHours());
    }
    return null;
  }

  private Finding finding(String evidence) {
    return new Finding(CODE, "calls-per-day", action, 70, evidence);
  }
}
