package org.tfps.decision;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.CallFacts;
import org.tfps.engine.Engine;
import org.tfps.engine.PastAttempt;
import org.tfps.engine.Verdict;
import org.tfps.numbers.Destination;
import org.tfps.numbers.DialPlan;
import org.tfps.numbers.NumberNormalizer;

/**
 * The use case: gather a call's facts through the ports, bounded by a deadline, ask the engine, and
 * remember the attempt for the pattern detectors. When facts are late or fail, the call is decided
 * with what is known (the default dial plan, no history) so the static rules still apply: fail-open
 * for what is missing, never for what is known.
 */
public final class DecisionService {

  private final Accounts accounts;
  private final CallHistory history;
  private final NumberNormalizer normalizer;
  private final Engine engine;
  private final DialPlan defaultPlan;
  private final long deadlineMillis;

  public DecisionService(
      Accounts accounts,
      CallHistory history,
      NumberNormalizer normalizer,
      Engine engine,
      DialPlan defaultPlan,
      long deadlineMillis) {
    this.accounts = accounts;
    this.history = history;
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
    Future<List<PastAttempt>> past = history.recent(attempt.account());
    if (profile.isComplete() && past.isComplete()) {
      return Future.succeededFuture(evaluate(attempt, profile, past));
    }
    Future<AccountProfile> p = bounded(profile);
    Future<List<PastAttempt>> h = bounded(past);
    return Future.join(p, h).transform(ar -> Future.succeededFuture(evaluate(attempt, p, h)));
  }

  private <T> Future<T> bounded(Future<T> f) {
    return f.isComplete() ? f : f.timeout(deadlineMillis, TimeUnit.MILLISECONDS);
  }

  private Decision evaluate(
      CallAttempt attempt, Future<AccountProfile> profile, Future<List<PastAttempt>> past) {
    DialPlan plan = profile.succeeded() ? profile.result().dialPlan() : defaultPlan;
    List<PastAttempt> earlier = past.succeeded() ? past.result() : List.of();
    Destination destination = normalizer.normalize(attempt.dialed(), plan);
    Verdict verdict =
        engine.evaluate(attempt, new CallFacts(destination, plan.homeCountry(), earlier));
    history.record(
        attempt.account(),
        PastAttempt.of(
            attempt.at(),
            attempt.dialed(),
            destination.e164(),
            verdict.findings().isEmpty()
                ? List.of()
                : verdict.findings().stream().map(f -> f.code()).toList()));
    return new Decision(attempt, destination, verdict, profile.succeeded() && past.succeeded());
  }
}
