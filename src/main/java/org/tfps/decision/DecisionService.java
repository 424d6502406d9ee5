package org.tfps.decision;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tfps.engine.AccountFacts;
import org.tfps.engine.Action;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.CallFacts;
import org.tfps.engine.Engine;
import org.tfps.engine.PastAttempt;
import org.tfps.engine.RuleDataRef;
import org.tfps.engine.SourceFacts;
import org.tfps.engine.SpendRule;
import org.tfps.engine.Verdict;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberNormalizer;
import org.tfps.numbers.Rate;

/**
 * The use case: gather a call's facts through the ports (profile, ledger with the recent attempts,
 * source reputation), bounded by a deadline, ask the engine, and remember the call (ledger, and a
 * block when a blocking rule denied it). When facts are late or fail, the call is decided with what
 * is known (the default profile, no history, no usage) so the static rules still apply: fail-open
 * for what is missing, never for what is known.
 */
public final class DecisionService {

  private final Accounts accounts;
  private final AccountLedger ledger;
  private final SourceReputation reputation;
  private final NumberNormalizer normalizer;
  private final RuleDataRef ruleData;
  private final Engine engine;
  private final AccountProfile defaults;
  private final DecisionSettings settings;
  private volatile DecisionLog log = DecisionLog.none();

  public DecisionService(
      Accounts accounts,
      AccountLedger ledger,
      SourceReputation reputation,
      NumberNormalizer normalizer,
      RuleDataRef ruleData,
      Engine engine,
      AccountProfile defaults,
      DecisionSettings settings) {
    this.accounts = accounts;
    this.ledger = ledger;
    this.reputation = reputation;
    this.normalizer = normalizer;
    this.ruleData = ruleData;
    this.engine = engine;
    this.defaults = defaults;
    this.settings = settings;
  }

  /** Numbers attackers dialled (R28), from now on. */
  public void knowAttackersFrom(Intelligence intelligence) {
    this.intelligence = intelligence;
  }

  private volatile Intelligence intelligence = NO_INTELLIGENCE;

  private static final Intelligence NO_INTELLIGENCE =
      new Intelligence() {
        @Override
        public Instant number(String e164) {
          return null;
        }

        @Override
        public boolean address(String ip) {
          return false;
        }
      };

  /** Sends every decision and block to {@code log} from now on (set once the store is up). */
  public void logTo(DecisionLog log) {
    this.log = log;
  }

  /**
   * Decides a call. The returned future is already complete when every port answered synchronously
   * (the common case), so callers can answer without a context switch.
   */
  public Future<Decision> decide(CallAttempt attempt) {
    String account = attempt.account();
    Future<AccountProfile> profile = accounts.profile(account);
    Future<SourceFacts> source = reputation.lookup(attempt.sourceIp());
    Future<AccountUsage> usage =
        profile.isComplete()
            ? ledger.usage(account, zone(profile), attempt.at())
            : bounded(profile).transform(p -> ledger.usage(account, zone(profile), attempt.at()));
    if (profile.isComplete() && source.isComplete() && usage.isComplete()) {
      return Future.succeededFuture(evaluate(attempt, profile, source, usage));
    }
    Future<AccountProfile> p = bounded(profile);
    Future<SourceFacts> s = bounded(source);
    Future<AccountUsage> u = bounded(usage);
    return Future.join(p, s, u).transform(ar -> Future.succeededFuture(evaluate(attempt, p, s, u)));
  }

  private <T> Future<T> bounded(Future<T> f) {
    return f.isComplete() ? f : f.timeout(settings.deadlineMillis(), TimeUnit.MILLISECONDS);
  }

  private ZoneId zone(Future<AccountProfile> profile) {
    return profile.succeeded() ? profile.result().zone() : defaults.zone();
  }

  private Decision evaluate(
      CallAttempt attempt,
      Future<AccountProfile> profileF,
      Future<SourceFacts> sourceF,
      Future<AccountUsage> usageF) {
    AccountProfile profile = profileF.succeeded() ? profileF.result() : defaults;
    AccountUsage usage = usageF.succeeded() ? usageF.result() : AccountUsage.none();
    Instant at = attempt.at();
    Destination destination = normalizer.normalize(attempt.dialed(), profile.dialPlan());
    Rate rate = destination.isNumber() ? ruleData.get().rates().lookup(destination.e164()) : null;
    boolean inHours = profile.hours().contains(at);
    int concurrent =
        attempt.reportedCalls() >= 0 ? attempt.reportedCalls() : usage.recentlyAllowed();
    AccountFacts account =
        new AccountFacts(
            profile.limits(),
            inHours,
            concurrent,
            usage.callsLastMinute(),
            usage.spendLastHour(),
            usage.callsToday(),
            usage.offHoursToday(),
            usage.allowedToday(),
            usage.spendToday(),
            usage.baseline(),
            usage.knownCountries(),
            usage.blocked());
    Verdict verdict =
        engine.evaluate(
            attempt,
            new CallFacts(
                destination,
                profile.dialPlan().homeCountry(),
                usage.recent(),
                account,
                sourceF.succeeded() ? sourceF.result() : SourceFacts.unknown(),
                rate,
                profile.authorized().match(destination),
                profile.blocked().match(destination),
                destination.isNumber() && intelligence.number(destination.e164()) != null));
    remember(attempt, profile, destination, verdict, rate, inHours, concurrent);
    Decision decision =
        new Decision(
            attempt,
            destination,
            verdict,
            profileF.succeeded() && sourceF.succeeded() && usageF.succeeded());
    log.decided(decision);
    return decision;
  }

  /**
   * A call record arrived: ends the call's lease and keeps the record when it did. A record of a
   * call TFPS does not know, or one sent twice, changes nothing and is not kept.
   */
  public Future<CallEnd> callEnded(CallRecord record) {
    return ledger
        .endCall(record.account(), record.callId(), record.received())
        .onSuccess(
            end -> {
              if (end == CallEnd.ENDED) {
                log.callRecord(record);
              }
            });
  }

  private void remember(
      CallAttempt attempt,
      AccountProfile profile,
      Destination destination,
      Verdict verdict,
      Rate rate,
      boolean inHours,
      int concurrent) {
    boolean allowed = verdict.action() == Action.ALLOW;
    double cost = allowed ? SpendRule.estimate(rate, settings.estimatedCallMinutes()) : 0;
    ledger.record(
        attempt.account(),
        profile.zone(),
        new LedgerEntry(
            attempt.at(),
            !inHours,
            allowed,
            destination.country(),
            cost,
            allowed ? concurrent + 1 : concurrent,
            attempt.callId(),
            PastAttempt.of(
                attempt.at(),
                attempt.dialed(),
                destination.e164(),
                verdict.findings().isEmpty()
                    ? List.of()
                    : verdict.findings().stream().map(f -> f.code()).toList())));
    if (verdict.action() == Action.DENY && settings.blockingCodes().contains(verdict.code())) {
      String reason = verdict.code() + " at " + attempt.at() + ": " + verdict.evidence();
      Instant until = attempt.at().plus(settings.blockFor());
      ledger.block(attempt.account(), reason, until);
      log.blocked(attempt.account(), reason, attempt.at(), until);
    }
  }
}
