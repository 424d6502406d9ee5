package org.tfps.engine;

/**
 * R26: the account calls far more than it learned to: today's allowed calls, or the calls up at
 * once, pass the learned mean plus {@code deviations} standard deviations (never less than a
 * floor). While the account is still learning (fewer than {@code learningDays} days observed) it
 * only alerts.
 */
public final class BurstRule implements Rule {

  public static final String CODE = "R26";

  private final double deviations;
  private final int minDaily;
  private final int minConcurrent;
  private final int learningDays;
  private final Action action;

  /**
   * @param deviations k in mean + k x standard deviation
   * @param minDaily the daily threshold is never below this
   * @param minConcurrent the concurrency threshold is never below this
   * @param learningDays days an account is observed before R26 acts (it alerts until then)
   * @param action what to do after learning
   */
  public BurstRule(
      double deviations, int minDaily, int minConcurrent, int learningDays, Action action) {
    this.deviations = deviations;
    this.minDaily = minDaily;
    this.minConcurrent = minConcurrent;
    this.learningDays = learningDays;
    this.action = action;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    AccountFacts a = facts.account();
    Baseline b = a.baseline();
    int daily = threshold(b.dailyMean(), b.dailySd(), minDaily);
    int concurrent = threshold(b.concurrencyMean(), b.concurrencySd(), minConcurrent);
    String evidence;
    if (a.allowedToday() + 1 > daily) {
      evidence =
          (a.allowedToday() + 1)
              + " calls today, above the threshold of "
              + daily
              + " a day ("
              + learned(b.dailyMean(), b.dailySd(), b)
              + ")";
    } else if (a.concurrentCalls() + 1 > concurrent) {
      evidence =
          (a.concurrentCalls() + 1)
              + " calls up at once, above the threshold of "
              + concurrent
              + " ("
              + learned(b.concurrencyMean(), b.concurrencySd(), b)
              + ")";
    } else {
      return null;
    }
    boolean learning = b.days() < learningDays;
    return new Finding(
        CODE,
        "burst",
        learning ? Action.ALLOW : action,
        learning ? 20 : 60,
        evidence
            + (learning
                ? "; still learning ("
                    + b.days()
                    + (b.days() == 1 ? " day" : " days")
                    + "): alert only"
                : ""));
  }

  private int threshold(double mean, double sd, int floor) {
    return Math.max(floor, (int) Math.ceil(mean + deviations * sd));
  }

  private static String learned(double mean, double sd, Baseline b) {
    if (b.days() == 0) {
      return "nothing learned yet";
    }
    return String.format(
        java.util.Locale.ROOT,
        "learned over %d day%s: mean %.1f, sd %.1f",
        b.days(),
        b.days() == 1 ? "" : "s",
        mean,
        sd);
  }
}
