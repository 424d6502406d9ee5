package org.tfps.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.DayCount;
import org.tfps.decision.KeptLedger;
import org.tfps.store.Store;

/**
 * Writes the ledger's day counters to the store every interval and once more when TFPS stops, one
 * snapshot at a time, collecting them on a worker thread (the walk covers every account). What
 * could not be written is written next time.
 */
final class DaySnapshots {

  private static final Logger log = LoggerFactory.getLogger(DaySnapshots.class);

  /** The last snapshot at shutdown may take this long. */
  static final int LAST_SNAPSHOT_SECONDS = 10;

  private final Vertx vertx;
  private final KeptLedger ledger;
  private final Store store;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean failing;

  /**
   * False until the day counters kept in the database are back in the ledger: a snapshot taken
   * before would raise the database's counts to the ledger's and the late read-back would then
   * count those calls twice.
   */
  private volatile boolean readBack = true;

  private volatile boolean stopping;
  private volatile Future<Void> inFlight;
  private volatile long timer = -1;

  DaySnapshots(Vertx vertx, KeptLedger ledger, Store store) {
    this.vertx = vertx;
    this.ledger = ledger;
    this.store = store;
  }

  /**
   * Takes a snapshot every {@code every} (nothing without a database), from a worker context of its
   * own: building the statements for many accounts never runs on an event loop that answers SIP.
   */
  Future<Void> start(Duration every) {
    if (store.pool() == null) {
      return Future.succeededFuture();
    }
    return vertx
        .deployVerticle(
            new io.vertx.core.AbstractVerticle() {
              @Override
              public void start() {
                timer = vertx.setPeriodic(every.toMillis(), id -> take());
              }
            },
            new io.vertx.core.DeploymentOptions()
                .setThreadingModel(io.vertx.core.ThreadingModel.WORKER))
        .mapEmpty();
  }

  /**
   * Stops the timer and takes the last snapshot (after the one in flight, if any), bounded in time;
   * logs when it could not be written.
   */
  Future<Void> last() {
    if (timer < 0) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(timer);
    timer = -1;
    stopping = true;
    Future<Void> current;
    synchronized (this) {
      current = inFlight;
    }
    return (current == null ? Future.<Void>succeededFuture() : current)
        .transform(ar -> take())
        .timeout(LAST_SNAPSHOT_SECONDS, TimeUnit.SECONDS)
        .onFailure(e -> log.error("last day counters not written at stop: {}", e.toString()));
  }

  /** Holds the snapshots back until {@link #readBack()}. */
  void waitForReadBack() {
    readBack = false;
  }

  /** The day counters are back in the ledger: snapshots may be taken. */
  void readBack() {
    readBack = true;
  }

  private synchronized Future<Void> take() {
    if (!readBack) {
      return Future.succeededFuture();
    }
    if (!running.compareAndSet(false, true)) {
      return Future.succeededFuture(); // the previous one is still writing
    }
    inFlight = collectAndSave();
    return inFlight;
  }

  private Future<Void> collectAndSave() {
    return vertx
        .executeBlocking(ledger::changedSinceSnapshot, false)
        .compose(
            counts ->
                store
                    .saveDayCounts(counts)
                    .onSuccess(
                        x -> {
                          if (failing && !counts.isEmpty()) {
                            failing = false;
                            log.info("day counters written again ({} accounts)", counts.size());
                          }
                        })
                    .onFailure(e -> failed(counts, e)))
        .onComplete(ar -> running.set(false));
  }

  private void failed(List<DayCount> counts, Throwable e) {
    ledger.markChanged(counts);
    if (!failing && !stopping) {
      failing = true;
      log.warn(
          "day counters not written ({} accounts), kept for the next snapshot: {}",
          counts.size(),
          e.toString());
    }
  }
}
