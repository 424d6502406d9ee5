package org.tfps.app;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.AccountRepository;
import org.tfps.decision.ProvisionedAccounts;

/**
 * Ends the blocked destinations whose time is up (a failed verify call's block, {@code
 * tfps.verify.block-for}): every {@link #EVERY_MILLIS} each node takes them off in the database and
 * provisions the accounts they belonged to again. The end is kept in the database, so it holds
 * across restarts and failovers; any node may do it, and doing it twice changes nothing.
 */
final class BlockExpiry {

  private static final Logger log = LoggerFactory.getLogger(BlockExpiry.class);

  /** How often the ends are looked for: a block ends at most this late. */
  static final long EVERY_MILLIS = 10_000;

  private final AccountRepository repository;
  private final ProvisionedAccounts accounts;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean failing;

  BlockExpiry(AccountRepository repository, ProvisionedAccounts accounts, Clock clock) {
    this.repository = repository;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** Looks now, then every {@link #EVERY_MILLIS}. */
  void start(Vertx vertx) {
    sweep();
    vertx.setPeriodic(EVERY_MILLIS, id -> sweep());
  }

  /** One look, unless the last one is still running. */
  void sweep() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    repository
        .expireDestinations(clock.instant())
        .compose(
            ended -> {
              io.vertx.core.Future<Void> all = io.vertx.core.Future.succeededFuture();
              for (String account : ended) {
                all =
                    all.compose(x -> repository.get(account))
                        .map(
                            s -> {
                              if (s != null) {
                                accounts.provisioned(s);
                              }
                              log.info("blocked destinations of {} ended", account);
                              return null;
                            });
              }
              return all;
            })
        .onComplete(
            ar -> {
              running.set(false);
              if (ar.failed() && !failing) {
                failing = true;
                log.warn(
                    "ended blocked destinations not taken off (next try in {} s): {}",
                    EVERY_MILLIS / 1000,
                    ar.cause().toString());
              } else if (ar.succeeded()) {
                failing = false;
              }
            });
  }
}
