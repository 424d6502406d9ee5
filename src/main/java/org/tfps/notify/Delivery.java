package org.tfps.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.Outbox;

/**
 * One channel's delivery loop over its outbox: in order, one record at a time. {@link
 * Outcome#DELIVERED} or {@link Outcome#REFUSED} (the receiver will never take this record: the
 * channel logged it) commits the record; {@link Outcome#RETRY}, or a failed future, keeps it and
 * tries again after a pause that doubles from {@code retry-min} to {@code retry-max}, for as long
 * as it takes. A record is committed only after its delivery, so it survives an outage and a
 * restart; it is delivered again only when TFPS stops between the delivery and the commit.
 */
abstract class Delivery {

  private static final Logger log = LoggerFactory.getLogger(Delivery.class);

  /** How long an empty outbox waits before it is read again. */
  static final long IDLE_MILLIS = 250;

  /** What the receiver did with a record. */
  enum Outcome {
    DELIVERED,
    REFUSED,
    RETRY
  }

  final Vertx vertx;
  private final String name;
  private final Outbox outbox;
  private final Duration retryMin;
  private final Duration retryMax;
  private final AtomicLong delivered;
  private final AtomicLong failures;
  private long pause;
  private volatile boolean stopped;

  /**
   * @param name the channel in logs, without any secret (e.g. "webhook https://host/...")
   */
  Delivery(
      Vertx vertx,
      String name,
      Outbox outbox,
      Duration retryMin,
      Duration retryMax,
      AtomicLong delivered,
      AtomicLong failures) {
    this.vertx = vertx;
    this.name = name;
    this.outbox = outbox;
    this.retryMin = retryMin;
    this.retryMax = retryMax;
    this.delivered = delivered;
    this.failures = failures;
    this.pause = retryMin.toMillis();
  }

  /**
   * Delivers one record; REFUSED only once the channel has logged the record at ERROR. Called on an
   * event loop; must not block.
   */
  abstract Future<Outcome> send(JsonObject record);

  /** The alert a record carries (for its id in logs). */
  JsonObject alertOf(JsonObject record) {
    return record;
  }

  /** Why a delivery failed, for the log: never a secret. */
  String cause(Throwable e) {
    return e.toString();
  }

  final void start() {
    cycle();
  }

  void stop() {
    stopped = true;
  }

  private void cycle() {
    if (stopped) {
      return;
    }
    vertx
        .executeBlocking(() -> outbox.read(1), false)
        .onFailure(
            e -> {
              log.error("{}: outbox not readable: {}", name, e.toString());
              later(retryMax.toMillis());
            })
        .onSuccess(
            batch -> {
              if (batch.records().isEmpty()) {
                later(IDLE_MILLIS);
                return;
              }
              JsonObject record = batch.records().get(0);
              Future<Outcome> sent;
              try {
                sent = send(record);
              } catch (RuntimeException e) {
                sent = Future.failedFuture(e);
              }
              sent.onComplete(
                  ar -> {
                    Outcome o = ar.succeeded() ? ar.result() : Outcome.RETRY;
                    if (o == Outcome.RETRY) {
                      failures.incrementAndGet();
                      log.warn(
                          "{}: alert {} not delivered ({}), trying again in {} ms",
                          name,
                          alertOf(record).getString("id"),
                          ar.succeeded() ? "the receiver asked to" : cause(ar.cause()),
                          pause);
                      later(pause);
                      pause = Math.min(pause * 2, retryMax.toMillis());
                      return;
                    }
                    pause = retryMin.toMillis();
                    if (o == Outcome.DELIVERED) {
                      delivered.incrementAndGet();
                    }
                    vertx
                        .executeBlocking(
                            () -> {
                              outbox.commit(batch);
                              return null;
                            },
                            false)
                        .onComplete(x -> cycle());
                  });
            });
  }

  private void later(long millis) {
    if (!stopped) {
      vertx.setTimer(Math.max(1, millis), id -> cycle());
    }
  }
}
