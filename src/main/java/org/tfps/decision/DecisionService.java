package org.tfps.decision;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.CallFacts;
import org.tfps.engine.Engine;
import org.tfps.numbers.Destination;
import org.tfps.numbers.DialPlan;
import org.tfps.numbers.NumberNormalizer;

/**
 * The use case: gather a call's facts through the ports, bounded by a deadline, and ask the engine.
 * When facts are late or fail, the call is decided with the default profile so the static rules
 * still apply (fail-open for what is missing, never for what is known).
 */
public final class DecisionService {

  private final Accounts accounts;
  private final NumberNormalizer normalizer;
  private final Engine engine;
  private final DialPlan defaultPlan;
  private final long deadlineMillis;

  public DecisionService(
      Accounts accounts,
      NumberNormalizer normalizer,
      Engine engine,
      DialPlan defaultPlan,
      long deadlineMillis) {
    this.accounts = accounts;
    this.normalizer = normalizer;
    this.engine = engine;
    this.defaultPlan = defaultPlan;
    this.deadlineMillis = deadlineMillis;
  }

  /**
   * Decides a call. The returned future is already complete when every port answered synchronously
   * (the common case), so callers can answer without a context switch.
   */
  public Future<Decision> decide(CallAttempt attempt) {
    Future<AccountProfile> profile = accounts.profile(attempt.account());
    if (!profile.isComplete()) {
      profile = profile.timeout(deadlineMillis, TimeUnit.MILLISECONDS);
    }
    return profile.transform(
        ar ->
            Future.succeededFuture(
                ar.succeeded()
                    ? evaluate(attempt, ar.result().dialPlan(), true)
                    : evaluate(attempt, defaultPlan, false)));
  }

  private Decision evaluate(CallAttempt attempt, DialPlan plan, boolean complete) {
    Destination destination = normalizer.normalize(attempt.dialed(), plan);
    return new Decision(
        attempt, destination, engine.evaluate(attempt, new CallFacts(destination)), complete);
  }
}
