package org.tfps.engine;

/**
 * R02: the call comes from a bad address: one named by an IP list (local deny list, APIBAN,
 * SentryPeer, honeypot), or one whose abuse score reaches the configured thresholds.
 */
public final class SourceIpRule implements Rule {

  public static final String CODE = "R02";

  private final Action listedAction;
  private final int denyScore;
  private final int verifyScore;

  /**
   * @param listedAction what to do with a listed address
   * @param denyScore deny from this abuse score on (1..100), or 0 never
   * @param verifyScore verify from this abuse score on (1..100), or 0 never
   */
  public SourceIpRule(Action listedAction, int denyScore, int verifyScore) {
    this.listedAction = listedAction;
    this.denyScore = denyScore;
    this.verifyScore = verifyScore;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    SourceFacts s = facts.source();
    if (!s.listedIn().isEmpty()) {
      return new Finding(
          CODE,
          "bad-source-ip",
          listedAction,
          listedAction == Action.ALLOW ? 20 : 90,
          "source " + attempt.sourceIp() + " is listed in " + s.listedIn());
    }
    Action action =
        denyScore > 0 && s.score() >= denyScore
            ? Action.DENY
            : verifyScore > 0 && s.score() >= verifyScore ? Action.VERIFY : null;
    if (action == null) {
      return null;
    }
    return new Finding(
        CODE,
        "bad-source-ip",
        action,
        s.score(),
        "source "
            + attempt.sourceIp()
            + " has abuse score "
            + s.score()
            + (s.scoreSource().isEmpty() ? "" : " (" + s.scoreSource() + ")"));
  }
}
