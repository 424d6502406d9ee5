package org.tfps.api;

import io.vertx.core.Future;
import java.time.Clock;
import org.tfps.decision.AccountLedger;
import org.tfps.decision.AccountRepository;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionLog;
import org.tfps.decision.ProvisionedAccounts;
import org.tfps.engine.CallAttempt;

/**
 * What the operator's routes act on.
 *
 * @param accounts the provisioned accounts the calls are decided with
 * @param repository where accounts and events are kept
 * @param ledger each account's counters and block
 * @param log where operator actions and blocks are recorded
 * @param clock now
 * @param effectiveConfig the effective configuration as JSON, secrets redacted
 * @param stats the last hour of decisions
 * @param latencyNanos the decision-time quantile (0..1) since start, in nanoseconds
 * @param events the events as they are recorded (the live stream)
 * @param dataFiles the operator's data files
 * @param intelligence attackers' numbers and addresses (the SentryPeer-compatible look-ups)
 * @param decide decides a call attempt over HTTP (counted with the calls decided over SIP)
 */
public record Operations(
    ProvisionedAccounts accounts,
    AccountRepository repository,
    AccountLedger ledger,
    DecisionLog log,
    Clock clock,
    String effectiveConfig,
    org.tfps.decision.DecisionStats stats,
    java.util.function.DoubleToLongFunction latencyNanos,
    org.tfps.decision.EventFeed events,
    DataFiles dataFiles,
    org.tfps.decision.Intelligence intelligence,
    java.util.function.Function<CallAttempt, Future<Decision>> decide,
    CallHistory history,
    java.nio.file.Path spool) {}
