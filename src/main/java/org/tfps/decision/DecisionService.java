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
  private volatile SourceReputation reputation;
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

  /** Asks {@code reputation} about sources and destinations from now on. */
  public void consult(SourceReputation reputation) {
    this.reputation = reputation;
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
    Future<AccountUsage> usage;
    Future<Destination> destination;
    if (profile.isComplete()) {
      usage = ledger.usage(account, zone(profile), attempt.at());
      destination = Future.succeededFuture(destination(attempt, profile));
    } else {
      Future<AccountProfile> p = bounded(profile);
      usage = p.transform(x -> ledger.usage(account, zone(profile), attempt.at()));
      destination = p.transform(x -> Future.succeededFuture(destination(attempt, profile)));
    }
    Future<String> number =
        destination.compose(
            d -> d.isNumber() ? reputation.number(d.e164()) : SourceReputation.NO_SOURCE);
    if (source.isComplete() && usage.isComplete() && number.isComplete()) {
      return Future.succeededFuture(evaluate(attempt, profile, source, usage, destination, number));
    }
    Future<SourceFacts> s = bounded(source);
    Future<AccountUsage> u = bounded(usage);
    Future<String> n = bounded(number);
    return Future.join(s, u, n)
        .transform(ar -> Future.succeededFuture(evaluate(attempt, profile, s, u, destination, n)));
  }

  private Destination destination(CallAttempt attempt, Future<AccountProfile> profile) {
    AccountProfile p = profile.succeeded() ? profile.result() : defaults;
    return normalizer.normalize(attempt.dialed(), p.dialPlan());
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
      Future<AccountUsage> usageF,
      Future<Destination> destinationF,
      Future<String> numberF) {
    AccountProfile profile = profileF.succeeded() ? profileF.result() : defaults;
    AccountUsage usage = usageF.succeeded() ? usageF.result() : AccountUsage.none();
    Instant at = attempt.at();
    Destination destination =
        destinationF.succeeded() ? destinationF.result() : destination(attempt, profileF);
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
                attackerNumber(destination, numberF)));
    Decision decision =
        new Decision(
            attempt,
            destination,
            verdict,
            profileF.succeeded()
                && sourceF.succeeded()
                && usageF.succeeded()
                && numberF.succeeded(),
            profile.monitorOnly());
    remember(decision, profile, rate, inHours, concurrent);
    log.decided(decision);
    return decision;
  }

  /** Who saw attackers dial the destination: TFPS itself first, then a reputation source. */
  private String attackerNumber(Destination destination, Future<String> numberF) {
    if (!destination.isNumber()) {
      return "";
    }
    if (intelligence.number(destination.e164()) != null) {
      return "seen by TFPS";
    }
    return numberF.succeeded() ? numberF.result() : "";
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

  /**
   * Counts the call in the account's ledger: a call let through (an allow, or any call of a
   * monitored account, which is up all the same) counts as allowed. A monitored account is never
   * blocked: it would deny every later call and outlive the switch to enforcing.
   */
  private void remember(
      Decision decision, AccountProfile profile, Rate rate, boolean inHours, int concurrent) {
    CallAttempt attempt = decision.attempt();
    Destination destination = decision.destination();
    Verdict verdict = decision.verdict();
    boolean allowed = decision.letThrough();
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
                // The cached destination's string: the history's attempts to one number share it.
                destination.dialed().equals(attempt.dialed())
                    ? destination.dialed()
                    : attempt.dialed(),
                destination.e164(),
                verdict.findings().isEmpty()
                    ? List.of()
                    : verdict.findings().stream().map(f -> f.code()).toList())));
    if (verdict.action() == Action.DENY
        && !decision.monitorOnly()
        && settings.blockingCodes().contains(verdict.code())) {
      String reason = verdict.code() + " at " + attempt.at() + ": " + verdict.evidence();
      Instant until = attempt.at().plus(settings.blockFor());
      ledger.block(attempt.account(), reason, until);
      log.blocked(attempt.account(), reason, attempt.at(), until);
    }
  }
}
