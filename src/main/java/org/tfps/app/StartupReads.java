package org.tfps.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.tfps.cluster.ClusterMember;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.KeptLedger;
import org.tfps.decision.ProvisionedAccounts;
import org.tfps.intel.BadActors;
import org.tfps.store.Store;

/**
 * What TFPS reads back from the database at start, or when the database comes back after a start it
 * missed: the day counters, the provisioned accounts (then shared with the cluster) and what it
 * knew of attackers. None of it holds up the start when the database is away.
 */
final class StartupReads {

  private StartupReads() {}

  /**
   * The day counters of the learning window (and the day before it) from the database, handed to
   * {@code into} on a worker thread (restoring into the cluster waits for its members).
   *
   * @return the rows read back
   */
  static Future<Integer> readBack(
      Vertx vertx,
      Store store,
      TfpsConfig config,
      Clock clock,
      java.util.function.Consumer<List<org.tfps.decision.DayCount>> into) {
    java.time.LocalDate since =
        java.time.LocalDate.now(clock).minusDays(config.engine().learning().windowDays() + 1L);
    return store
        .dayCounts(since)
        .compose(
            counts ->
                vertx.executeBlocking(
                    () -> {
                      into.accept(counts);
                      return counts.size();
                    },
                    false));
  }

  /**
   * Reads the day counters back once the database answers after a start it missed, adds them to the
   * ledger, then lets the snapshots go on; tries again every retry-interval until it works.
   */
  static void readBackLate(
      Vertx vertx,
      Store store,
      KeptLedger ledger,
      DaySnapshots snapshots,
      TfpsConfig config,
      Clock clock) {
    readBack(vertx, store, config, clock, ledger::restoreLate)
        .onSuccess(
            n -> {
              snapshots.readBack();
              LoggerFactory.getLogger(Tfps.class)
                  .info(
                      "read back {} day counters after the database came back, added to the"
                          + " calls counted meanwhile",
                      n);
            })
        .onFailure(
            e -> {
              LoggerFactory.getLogger(Tfps.class)
                  .warn("day counters not read back yet, trying again: {}", e.toString());
              vertx.setTimer(
                  config.db().retryInterval().toMillis(),
                  id -> readBackLate(vertx, store, ledger, snapshots, config, clock));
            });
  }

  /**
   * Loads the provisioned accounts into memory: now when the database answers, else when it comes
   * back (until then, accounts are decided with the defaults, and the log says so).
   */
  static void loadAccounts(
      Vertx vertx,
      Store store,
      ProvisionedAccounts accounts,
      TfpsConfig config,
      ClusterMember member) {
    if (store.pool() == null) {
      if (member != null) {
        share(vertx, member, accounts, store);
      }
      return;
    }
    store
        .schemaApplied()
        .compose(x -> store.accounts().all())
        .onSuccess(
            all -> {
              accounts.putAll(all);
              LoggerFactory.getLogger(Tfps.class)
                  .info("{} provisioned accounts loaded", all.size());
              if (member != null) {
                share(vertx, member, accounts, store);
              }
            })
        .onFailure(
            e -> {
              LoggerFactory.getLogger(Tfps.class)
                  .error(
                      "provisioned accounts not loaded, calls are decided with the default"
                          + " profile meanwhile; trying again: {}",
                      e.toString());
              vertx.setTimer(
                  config.db().retryInterval().toMillis(),
                  id -> loadAccounts(vertx, store, accounts, config, member));
            });
    if (!store.schemaApplied().isComplete()) {
      LoggerFactory.getLogger(Tfps.class)
          .error(
              "the database does not answer: provisioned accounts are decided with the default"
                  + " profile until it does");
    }
  }

  /** Days of denials TFPS reads back at start to know its attackers again. */
  static final int ATTACK_MEMORY_DAYS = 30;

  /** What the database's events say of attackers' numbers and addresses, once it answers. */
  static void readBackAttacks(Vertx vertx, Store store, BadActors into, Clock clock) {
    if (store.pool() == null) {
      return;
    }
    java.util.Set<String> codes = new java.util.HashSet<>(BadActors.NUMBER_CODES);
    codes.addAll(BadActors.ADDRESS_CODES);
    store
        .schemaApplied()
        .compose(
            x ->
                store
                    .accounts()
                    .attacks(
                        clock.instant().minus(Duration.ofDays(ATTACK_MEMORY_DAYS)),
                        codes,
                        BadActors.MAX_ENTRIES))
        .onSuccess(into::restore)
        .onFailure(
            e ->
                LoggerFactory.getLogger(Tfps.class)
                    .warn(
                        "attackers of the last {} days not read back: {}",
                        ATTACK_MEMORY_DAYS,
                        e.toString()));
  }

  /** Shares the provisioned accounts with the cluster, off the event loop (it waits for it). */
  static void share(Vertx vertx, ClusterMember member, ProvisionedAccounts accounts, Store store) {
    vertx
        .executeBlocking(
            () -> {
              member.shareAccounts(accounts, store.accounts());
              return null;
            },
            false)
        .onFailure(
            e ->
                LoggerFactory.getLogger(Tfps.class)
                    .error(
                        "provisioned accounts not shared with the cluster: changes made on other"
                            + " members do not reach this one until it restarts: {}",
                        e.toString()));
  }
}
