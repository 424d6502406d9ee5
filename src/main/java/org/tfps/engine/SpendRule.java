package org.tfps.engine;

import org.tfps.numbers.Rate;

/**
 * R15: the account's estimated spend would pass its hourly or daily limit with this call. Each
 * allowed call is estimated at its rate times {@code estimatedMinutes}, because TFPS decides before
 * the call exists. This is how domestic traffic pumping shows: cheap-looking national calls to
 * high-cost rural ranges, a few at a time, add up within the hour.
 */
public final class SpendRule implements Rule {

  public static final String CODE = "R15";

  private final double estimatedMinutes;
  private final Action action;

  public SpendRule(double estimatedMinutes, Action action) {
    this.estimatedMinutes = estimatedMinutes;
    this.action = action;
  }

  /** The estimated cost of one call at {@code rate} (0 when the rate is unknown). */
  public static double estimate(Rate rate, double minutes) {
    return rate == null ? 0 : rate.perMinute() * minutes;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    double cost = estimate(facts.rate(), estimatedMinutes);
    if (cost <= 0) {
      return null;
    }
    Limits l = facts.account().limits();
    String currency = facts.rate().currency();
    double hour = facts.account().spendLastHour() + cost;
    if (l.maxSpendPerHour() > 0 && hour > l.maxSpendPerHour()) {
      return finding(
          "estimated spend "
              + Limited.money(hour, currency)
              + " in the last hour (this call "
              + Limited.money(cost, currency)
              + " to +"
              + facts.rate().prefix()
              + ") against a limit of "
              + Limited.money(l.maxSpendPerHour(), currency));
    }
    double day = facts.account().spendToday() + cost;
    if (l.maxSpendPerDay() > 0 && day > l.maxSpendPerDay()) {
      return finding(
          "estimated spend "
              + Limited.money(day, currency)
              + " today against a limit of "
              + Limited.money(l.maxSpendPerDay(), currency));
    }
    return null;
  }

  private Finding finding(String evidence) {
    return new Finding(CODE, "spend", action, 85, evidence);
  }
}
