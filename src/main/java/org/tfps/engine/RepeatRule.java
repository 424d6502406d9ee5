package org.tfps.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * R05, TFPS's A->B repeat: the account called one destination more than {@code limit} times within
 * {@code window} (TFPS: 5 in 30 s); that pair is then denied for {@code blockFor} (1 h). The block
 * is read back from the history (an earlier attempt on which R05 fired), so it needs no state of
 * its own; it lasts as long as the history keeps that attempt.
 */
public final class RepeatRule implements Rule {

  public static final String CODE = "R05";

  private final int limit;
  private final Duration window;
  private final Duration blockFor;
  private final Action action;

  public RepeatRule(int limit, Duration window, Duration blockFor, Action action) {
    this.limit = limit;
    this.window = window;
    this.blockFor = blockFor;
    this.action = action;
  }

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    String e164 = facts.destination().e164();
    if (e164.isEmpty()) {
      return null;
    }
    long key = History.numberKey(e164);
    long burstSince = History.nanos(attempt.at().minus(window));
    long blockSince = History.nanos(attempt.at().minus(blockFor));
    History history = facts.history();
    int recent = 0;
    Instant blockedAt = null;
    for (int i = 0; i < history.size(); i++) {
      if (key == History.NO_NUMBER
          ? !history.get(i).e164().equals(e164)
          : history.number(i) != key) {
        continue;
      }
      long at = history.time(i);
      if (blockedAt == null && at >= blockSince) {
        PastAttempt earlier = history.get(i);
        if (earlier.codes().contains(CODE)) {
          blockedAt = earlier.at();
        }
      }
      if (at >= burstSince) {
        recent++;
      }
    }
    if (blockedAt != null) {
      return finding(
          "pair blocked since "
              + blockedAt
              + " for "
              + blockFor.toMinutes()
              + " min after repeated calls to "
              + e164);
    }
    if (recent + 1 > limit) {
      return finding(
          (recent + 1)
              + " calls to "
              + e164
              + " within "
              + window.toSeconds()
              + " s (limit "
              + limit
              + "); pair blocked for "
              + blockFor.toMinutes()
              + " min");
    }
    return null;
  }

  private Finding finding(String evidence) {
    return new Finding(CODE, "repeat", action, 90, evidence);
  }
}
