package org.tfps.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.tfps.api.ApiTokens;
import org.tfps.api.ApiVerticle;
import org.tfps.api.Operations;
import org.tfps.cluster.ClusterMember;
import org.tfps.config.Cidr;
import org.tfps.config.ConfigError;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.DecisionLog;
import org.tfps.decision.DecisionService;
import org.tfps.decision.DecisionSettings;
import org.tfps.decision.DecisionStats;
import org.tfps.decision.KeptLedger;
import org.tfps.decision.LedgerSettings;
import org.tfps.decision.LocalAccountLedger;
import org.tfps.decision.ProvisionedAccounts;
import org.tfps.engine.Actions;
import org.tfps.engine.AttackerNumberRule;
import org.tfps.engine.BlockedAccountRule;
import org.tfps.engine.BlockedCountryRule;
import org.tfps.engine.BlockedDestinationRule;
import org.tfps.engine.BurstRule;
import org.tfps.engine.CallRateRule;
import org.tfps.engine.ConcurrencyRule;
import org.tfps.engine.DailyCallsRule;
import org.tfps.engine.Engine;
import org.tfps.engine.InvalidNumberRule;
import org.tfps.engine.NewDestinationRule;
import org.tfps.engine.NumberTypeRule;
import org.tfps.engine.PrefixProbingRule;
import org.tfps.engine.RangeRule;
import org.tfps.engine.RateCeilingRule;
import org.tfps.engine.RepeatRule;
import org.tfps.engine.Rule;
import org.tfps.engine.RuleDataRef;
import org.tfps.engine.ScannerUserAgentRule;
import org.tfps.engine.SequentialDialingRule;
import org.tfps.engine.SourceIpRule;
import org.tfps.engine.SpendRule;
import org.tfps.honeypot.Honeypot;
import org.tfps.intel.BadActors;
import org.tfps.intel.ListedSources;
import org.tfps.intel.Reputation;
import org.tfps.intel.SharedAnswers;
import org.tfps.metrics.MetricsRegistry;
import org.tfps.notify.Alerting;
import org.tfps.numbers.DialPlan;
import org.tfps.numbers.NumberNormalizer;
import org.tfps.sip.PeerAcl;
import org.tfps.sip.SipStats;
import org.tfps.sip.SipVerticle;
import org.tfps.store.JournalOutbox;
import org.tfps.store.Store;

/** Wires the parts together and starts them in order: the store, SIP, then the API. */
public final class Tfps {

  private final Vertx vertx;
  private final ApiVerticle api;
  private final Store store;
  private final List<String> deployments;
  private final DaySnapshots snapshots;
  private final ClusterMember member;
  private final Alerting alerting;
  private Honeypot honeypot;
  private Reputation reputation;

  private Tfps(
      Vertx vertx,
      ApiVerticle api,
      Store store,
      List<String> deployments,
      DaySnapshots snapshots,
      ClusterMember member,
      Alerting alerting) {
    this.alerting = alerting;
    this.vertx = vertx;
    this.member = member;
    this.snapshots = snapshots;
    this.api = api;
    this.store = store;
    this.deployments = List.copyOf(deployments);
  }

  /** The durable store (its pool reads the database in tests). */
  public Store store() {
    return store;
  }

  /** The product version, from the jar manifest ("dev" when run from classes). */
  public static String version() {
    String v = Tfps.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /**
   * Builds everything from the config and deploys it on {@code vertx}: the cluster member first
   * when the config names members (the accounts' state lives there), else this node's own ledger.
   */
  public static Future<Tfps> start(Vertx vertx, TfpsConfig config, Clock clock) {
    if (!config.cluster().enabled()) {
      return start(vertx, config, clock, new LocalAccountLedger(ledgerSettings(config)), null);
    }
    return ClusterMember.start(
            vertx,
            config.cluster(),
            config.nodeName(),
            ledgerSettings(config),
            config.intel().cacheSize())
        .compose(
            member -> {
              Future<Tfps> started;
              try {
                started = start(vertx, config, clock, member.ledger(), member);
              } catch (RuntimeException e) {
                started = Future.failedFuture(e); // a data file refused while wiring
              }
              return started.recover(e -> member.close().transform(x -> Future.failedFuture(e)));
            });
  }

  private static Future<Tfps> start(
      Vertx vertx, TfpsConfig config, Clock clock, KeptLedger ledger, ClusterMember member) {
    MetricsRegistry metrics = new MetricsRegistry();
    Wiring wiring = wire(config, ledger);
    DecisionService decisions = wiring.decisions();
    SipStats sipStats = new SipStats(metrics);
    DecisionStats stats = new DecisionStats(clock);
    BadActors badActors = new BadActors(wiring.sources());
    decisions.knowAttackersFrom(badActors);
    Reputation reputation =
        new Reputation(
            vertx,
            clock,
            config.intel(),
            wiring.sources(),
            badActors,
            new PeerAcl(config.sip().trustedPeers())::trusted,
            member == null ? SharedAnswers.NONE : member.reputationAnswers());
    reputation.register(metrics);
    decisions.consult(reputation);
    reputation.start();
    metrics.gauge(
        "tfps_intel_bad_actors",
        "Attackers' numbers and addresses TFPS learned from its denials.",
        badActors::size);
    SipVerticle sip =
        new SipVerticle(config.sip(), decisions, sipStats, clock, "TFPS/" + version());
    metrics.gauge("tfps_sip_transactions", "Live SIP server transactions.", sip::transactionCount);
    metrics.gauge(
        "tfps_accounts_tracked",
        "Accounts whose counters and baseline this node keeps.",
        wiring.ledger()::size);
    metrics.counterOf(
        "tfps_accounts_untracked_calls_total",
        "Calls decided without counters, baseline or known countries because the ledger was full.",
        wiring.ledger()::untracked);
    if (member != null) {
      metrics.gauge("tfps_cluster_members", "Members in this node's cluster.", member::members);
      metrics.counterOf(
          "tfps_cluster_write_failures_total",
          "Account updates the cluster did not take (a member lost mid-write).",
          member::failedWrites);
    }
    // Accounts silent for a whole learning window are forgotten, hourly, off the event loops.
    vertx.setPeriodic(
        3_600_000,
        id ->
            vertx
                .executeBlocking(() -> wiring.ledger().forgetIdle(clock.instant()), false)
                .onSuccess(
                    n -> {
                      if (n > 0) {
                        LoggerFactory.getLogger(Tfps.class)
                            .info("forgot {} accounts idle for a whole learning window", n);
                      }
                    }));
    RuleDataReloader reloader =
        new RuleDataReloader(
            config.engine(),
            wiring.ruleData(),
            wiring.sources(),
            metrics.counter(
                "tfps_rule_data_reloads_total",
                "Data file reloads after a change, by result (ok, failed).",
                "result"));
    reloader.start(vertx);
    Instant started = clock.instant();
    Store[] store = new Store[1];
    List<String> deployments = new java.util.ArrayList<>();
    DaySnapshots[] snapshots = new DaySnapshots[1];
    ApiVerticle[] api = new ApiVerticle[1];
    Alerting[] alerting = new Alerting[1];
    Honeypot[] honeypot = new Honeypot[1];
    // The alerts' outboxes, then the store: blocks kept in the database (or still in its journal)
    // are back in force before the first call is decided.
    return vertx
        .executeBlocking(
            () ->
                Alerting.open(
                    vertx,
                    config.alerts(),
                    config.nodeName(),
                    started,
                    name -> new JournalOutbox(config.db().dataDir().resolve("outbox"), name),
                    account -> {
                      var provisioned = wiring.accounts().settings(account);
                      return provisioned == null ? List.of() : provisioned.emails();
                    }),
            false)
        .compose(
            a -> {
              alerting[0] = a;
              metrics.gauge(
                  "tfps_alerts_waiting", "Alerts in the outboxes, not yet delivered.", a::waiting);
              metrics.counterOf(
                  "tfps_alerts_delivered_total",
                  "Alerts delivered (a webhook's 2xx, an SMTP server's 250, a syslog line sent).",
                  a::delivered);
              metrics.counterOf(
                  "tfps_alert_delivery_failures_total",
                  "Alert deliveries that failed and will be tried again.",
                  a::failures);
              return Store.open(
                  vertx,
                  config.db(),
                  config.nodeName(),
                  started,
                  b -> {
                    if (b.lifted()) {
                      wiring.ledger().unblock(b.account());
                    } else {
                      wiring.ledger().block(b.account(), b.reason(), b.until());
                    }
                  });
            })
        .compose(
            s -> {
              store[0] = s;
              metrics.gauge(
                  "tfps_store_backlog_records",
                  "Records in the local journal waiting for the database.",
                  s::backlog);
              metrics.gauge(
                  "tfps_store_up",
                  "1 while database writes succeed, else 0.",
                  () -> s.up() ? 1 : 0);
              metrics.counterOf(
                  "tfps_store_lost_records_total",
                  "Records that could not be written to the local journal (disk full): lost.",
                  s::lost);
              metrics.counterOf(
                  "tfps_store_rejected_records_total",
                  "Records the database refused for their content, kept in the rejected file.",
                  s::rejected);
              decisions.logTo(
                  DecisionLog.all(s.decisionLog(), stats, alerting[0].log(), badActors));
              StartupReads.readBackAttacks(vertx, s, badActors, clock);
              StartupReads.loadAccounts(vertx, s, wiring.accounts(), config, member);
              // Today's quotas and the learning window come back before the first call.
              return StartupReads.readBack(vertx, s, config, clock, wiring.ledger()::restore)
                  .recover(
                      e -> {
                        LoggerFactory.getLogger(Tfps.class)
                            .error(
                                "day counters not read back, quotas start from zero: {}",
                                e.toString());
                        // Still waits for the blocks read back to land in the ledger.
                        return vertx.executeBlocking(
                            () -> {
                              wiring.ledger().restore(List.of());
                              return 0;
                            },
                            false);
                      })
                  .compose(
                      n -> {
                        if (n > 0) {
                          LoggerFactory.getLogger(Tfps.class)
                              .info("read back {} day counters (today's quotas, learning)", n);
                        }
                        snapshots[0] = new DaySnapshots(vertx, wiring.ledger(), s);
                        if (s.pool() != null && !s.schemaApplied().isComplete()) {
                          // The database did not answer: its counters come back when it does,
                          // added to the calls counted meanwhile; no snapshot before that.
                          snapshots[0].waitForReadBack();
                          s.schemaApplied()
                              .onSuccess(
                                  x ->
                                      StartupReads.readBackLate(
                                          vertx, s, wiring.ledger(), snapshots[0], config, clock));
                        }
                        return snapshots[0]
                            .start(config.db().snapshotInterval())
                            .compose(
                                x ->
                                    VerifyWiring.start(
                                        vertx,
                                        config,
                                        clock,
                                        metrics,
                                        sip,
                                        wiring,
                                        s,
                                        DecisionLog.all(s.decisionLog(), alerting[0].log())))
                            .compose(x -> vertx.deployVerticle(sip))
                            // The calls' event loop is the front door's alone, but for light work.
                            .onSuccess(id -> s.keepWritesOff(sip.context()));
                      });
            })
        .compose(
            id -> {
              deployments.add(id);
              return vertx.executeBlocking(() -> ApiTokens.load(config.api()), false);
            })
        .compose(
            tokens -> {
              api[0] =
                  new ApiVerticle(
                      config.api(),
                      () ->
                          status(config, sip, api[0], sipStats, clock, started)
                              .put("database", store[0].status())
                              .put("cluster", member == null ? null : member.status())
                              .put("intel", reputation.status()),
                      metrics,
                      () ->
                          sip.listeners().size()
                              == 1
                                  + (config.sip().tcpPort() > 0 ? 1 : 0)
                                  + (config.sip().tlsPort() > 0 ? 1 : 0),
                      decisions::callEnded,
                      tokens,
                      new Operations(
                          wiring.accounts(),
                          store[0].accounts(),
                          wiring.ledger(),
                          store[0].decisionLog(),
                          clock,
                          config.effective(),
                          stats,
                          sipStats.decisionLatency()::quantileNanos,
                          store[0].events(),
                          new DataFileAdmin(
                              config.engine(), wiring.ruleData(), wiring.sources(), reloader),
                          badActors,
                          attempt ->
                              decisions
                                  .decide(attempt)
                                  .onSuccess(d -> sipStats.countDecided(d.verdict().code())),
                          new HistoryImports(
                              config, wiring.accounts(), store[0], wiring.ledger(), clock),
                          config.db().dataDir().resolve("import")));
              return vertx.deployVerticle(api[0]);
            })
        .compose(
            id -> {
              deployments.add(id);
              if (!config.honeypot().enabled()) {
                return Future.succeededFuture((String) null);
              }
              TfpsConfig.Numbers n = config.numbers();
              honeypot[0] =
                  new Honeypot(
                      config.honeypot(),
                      DecisionLog.all(store[0].decisionLog(), badActors),
                      new NumberNormalizer(HONEYPOT_NUMBERS),
                      new DialPlan(
                          n.homeCountry(), n.internationalPrefixes(), n.outsideLinePrefix()),
                      clock);
              Honeypot h = honeypot[0];
              metrics.counterOf(
                  "tfps_honeypot_requests_total", "Requests the honeypot recorded.", h::recorded);
              metrics.counterOf(
                  "tfps_honeypot_dropped_total",
                  "Datagrams the honeypot dropped: over a source's limit, or not SIP.",
                  h::dropped);
              return vertx.deployVerticle(h);
            })
        .map(
            id -> {
              if (id != null) {
                deployments.add(id);
              }
              alerting[0].start(vertx);
              Tfps t =
                  new Tfps(vertx, api[0], store[0], deployments, snapshots[0], member, alerting[0]);
              t.honeypot = honeypot[0];
              t.reputation = reputation;
              return t;
            });
  }

  /**
   * Stops answering (SIP and API first, so no call is decided after the journal closes), then the
   * store: the writer, the pool, the journal (what the database has not got stays in it for the
   * next start) and the embedded database; last, the cluster member leaves, handing its accounts to
   * the other members.
   */
  public Future<Void> close() {
    Future<Void> undeployed = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      undeployed = undeployed.compose(x -> vertx.undeploy(id));
    }
    Future<Void> closed =
        undeployed
            .transform(
                ar -> {
                  alerting.stop();
                  reputation.stop();
                  return snapshots.last();
                })
            .transform(ar -> store.close());
    return member == null ? closed : closed.transform(ar -> member.close());
  }

  /**
   * The decision use case with every rule, as production runs it: rule data loaded from the
   * configured files (blocking I/O, so call it at startup). Benchmarks and golden scenarios use it.
   *
   * @throws ConfigError when a data file or the policy is invalid
   */
  public static DecisionService decisions(TfpsConfig config) {
    return decisions(config, List.of());
  }

  /** As {@link #decisions(TfpsConfig)}, with these accounts provisioned (the what-if replay). */
  public static DecisionService decisions(
      TfpsConfig config, List<org.tfps.decision.AccountSettings> provisioned) {
    Wiring w = wire(config, new LocalAccountLedger(ledgerSettings(config)));
    provisioned.forEach(w.accounts()::put);
    return w.decisions();
  }

  /** The decision use case and the parts that are reloaded or observed at runtime. */
  record Wiring(
      DecisionService decisions,
      RuleDataRef ruleData,
      ListedSources sources,
      KeptLedger ledger,
      ProvisionedAccounts accounts) {}

  static Wiring wire(TfpsConfig config, KeptLedger ledger) {
    TfpsConfig.Numbers n = config.numbers();
    DialPlan defaultPlan =
        new DialPlan(n.homeCountry(), n.internationalPrefixes(), n.outsideLinePrefix());
    TfpsConfig.Accounts a = config.accounts();
    AccountProfile defaults =
        new AccountProfile("", defaultPlan, a.zone(), a.hours(), a.limits())
            .withMonitorOnly(a.monitorOnly());
    TfpsConfig.Engine e = config.engine();
    RuleDataRef ruleData = new RuleDataRef(RuleDataLoader.load(e));
    ListedSources sources = new ListedSources(RuleDataLoader.ipDenyList(e));
    NumberNormalizer normalizer = new NumberNormalizer(NORMALIZED_NUMBERS);
    ProvisionedAccounts accounts = new ProvisionedAccounts(defaults);
    DecisionService decisions =
        new DecisionService(
            accounts,
            ledger,
            sources,
            normalizer,
            ruleData,
            new Engine(rules(config, ruleData)),
            defaults,
            new DecisionSettings(
                config.decision().deadline().toMillis(),
                e.estimatedCallMinutes(),
                e.blockAccount().codes(),
                e.blockAccount().blockFor()));
    // libphonenumber loads its metadata on first use (tens of ms): do it now, not on a call.
    for (String number : List.of("+5312345678", "+12125550123", "+442079460123", "2125550123")) {
      normalizer.normalize(number, defaultPlan);
    }
    return new Wiring(decisions, ruleData, sources, ledger, accounts);
  }

  /** Every rule, in evaluation order (docs/rules.md). */
  private static List<Rule> rules(TfpsConfig config, RuleDataRef ruleData) {
    TfpsConfig.Engine e = config.engine();
    TfpsConfig.LimitActions limits = e.limitActions();
    TfpsConfig.Learning learning = e.learning();
    return List.of(
        new BlockedAccountRule(),
        new BlockedDestinationRule(),
        new AttackerNumberRule(Actions.parse(e.attackerNumberAction())),
        new SourceIpRule(
            Actions.parse(e.sourceIp().listedAction()),
            e.sourceIp().denyScore(),
            e.sourceIp().verifyScore()),
        new ScannerUserAgentRule(ruleData),
        new BlockedCountryRule(ruleData),
        new RangeRule(ruleData),
        new NumberTypeRule(RuleDataLoader.numberTypeActions(e)),
        new InvalidNumberRule(Actions.parse(e.invalidNumberAction())),
        new PrefixProbingRule(
            e.prefixProbing().window(),
            e.prefixProbing().forms(),
            Actions.parse(e.prefixProbing().action())),
        new SequentialDialingRule(
            e.sequential().window(),
            e.sequential().numbers(),
            e.sequential().suffixDigits(),
            Actions.parse(e.sequential().action())),
        new RepeatRule(
            e.repeat().limit(),
            e.repeat().window(),
            e.repeat().blockFor(),
            Actions.parse(e.repeat().action())),
        new ConcurrencyRule(Actions.parse(limits.concurrentCalls())),
        new CallRateRule(Actions.parse(limits.callsPerMinute())),
        new DailyCallsRule(Actions.parse(limits.callsPerDay())),
        new RateCeilingRule(Actions.parse(limits.rateCeiling())),
        new SpendRule(e.estimatedCallMinutes(), Actions.parse(limits.spend())),
        new NewDestinationRule(Actions.parse(e.newDestinationAction())),
        new BurstRule(
            learning.deviations(),
            learning.minDailyCalls(),
            learning.minConcurrentCalls(),
            learning.learningDays(),
            Actions.parse(learning.action())));
  }

  /** Numbers the honeypot's normalizer remembers (attackers dial few distinct ones). */
  static final int HONEYPOT_NUMBERS = 10_000;

  /** Normalized numbers remembered (about 300 bytes each). */
  static final int NORMALIZED_NUMBERS = 100_000;

  /** Accounts whose counters, baseline and recent calls the ledger keeps. */
  static final int LEDGER_ACCOUNTS = 1_000_000;

  /** How much of each account the ledger keeps, from the engine's settings. */
  static LedgerSettings ledgerSettings(TfpsConfig config) {
    TfpsConfig.Engine e = config.engine();
    return new LedgerSettings(
        e.learning().windowDays(), e.concurrencyWindow(), historyWindow(e), LEDGER_ACCOUNTS);
  }

  private static java.time.Duration historyWindow(TfpsConfig.Engine e) {
    return java.util.Collections.max(
        List.of(
            e.prefixProbing().window(),
            e.sequential().window(),
            e.repeat().window(),
            e.repeat().blockFor()));
  }

  private static JsonObject status(
      TfpsConfig config,
      SipVerticle sip,
      ApiVerticle api,
      SipStats stats,
      Clock clock,
      Instant started) {
    JsonArray listeners = new JsonArray();
    sip.listeners().forEach(listeners::add);
    listeners.add(
        (config.api().tls() == null ? "http:" : "https:")
            + config.api().bind()
            + ":"
            + api.actualPort());
    JsonArray peers = new JsonArray();
    config.sip().trustedPeers().stream().map(Cidr::toString).forEach(peers::add);
    return new JsonObject()
        .put("version", version())
        .put("node", config.nodeName())
        .put("startedAt", started.toString())
        .put("uptimeSeconds", Duration.between(started, clock.instant()).toSeconds())
        .put("mode", config.sip().mode().name().toLowerCase(java.util.Locale.ROOT))
        .put("listeners", listeners)
        .put("trustedPeers", peers)
        .put("callsDecided", stats.decided())
        .put("sipTransactions", sip.transactionCount())
        .put("sipQueueDelayMs", stats.queueDelayMillis())
        .put("sipShed", stats.shed());
  }

  /** The honeypot's bound UDP port, or 0 when it is off. */
  public int honeypotPort() {
    return honeypot == null ? 0 : honeypot.port();
  }

  /** The bound API port. */
  public int apiPort() {
    return api.actualPort();
  }
}
