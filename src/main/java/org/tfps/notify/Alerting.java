package org.tfps.notify;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.DecisionLog;
import org.tfps.decision.Outbox;

/**
 * The alerts of this node: incidents (one alert per account and rule and throttle window) put in
 * one durable outbox per webhook, each delivered by its own loop, off the call path.
 */
public final class Alerting {

  private final Incidents incidents;
  private final List<WebhookDelivery> deliveries = new ArrayList<>();
  private final List<Outbox> outboxes = new ArrayList<>();
  private final WebClient client;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  private Alerting(
      Vertx vertx,
      TfpsConfig.Alerts config,
      String node,
      Instant started,
      java.util.function.Function<String, Outbox> open) {
    client = WebClient.create(vertx);
    for (int i = 0; i < config.webhooks().size(); i++) {
      TfpsConfig.Webhook hook = config.webhooks().get(i);
      Outbox outbox = open.apply("webhook-" + i);
      outboxes.add(outbox);
      deliveries.add(
          new WebhookDelivery(
              vertx,
              client,
              hook,
              outbox,
              config.retryMin(),
              config.retryMax(),
              delivered,
              failures));
    }
    incidents =
        new Incidents(
            config.throttle(),
            node,
            started,
            alert -> {
              for (Outbox o : outboxes) {
                o.append(alert);
              }
            });
  }

  /**
   * Opens one outbox per webhook with {@code open} (blocking: call it off the event loop); {@link
   * #start} starts the deliveries.
   */
  public static Alerting open(
      Vertx vertx,
      TfpsConfig.Alerts config,
      String node,
      Instant started,
      java.util.function.Function<String, Outbox> open) {
    return new Alerting(vertx, config, node, started, open);
  }

  /** Starts the deliveries, and forces the outboxes to disk every second, paused or not. */
  public void start(Vertx vertx) {
    deliveries.forEach(WebhookDelivery::start);
    if (!outboxes.isEmpty()) {
      forceTimer =
          vertx.setPeriodic(
              FORCE_MILLIS,
              id ->
                  vertx.executeBlocking(
                      () -> {
                        for (Outbox o : outboxes) {
                          o.force();
                        }
                        return null;
                      },
                      false));
    }
    this.vertx = vertx;
  }

  /** An alert raised this long before a crash of the machine may be lost. */
  static final long FORCE_MILLIS = 1000;

  private long forceTimer = -1;
  private Vertx vertx;

  /** Where decisions and blocks go to become alerts. */
  public DecisionLog log() {
    return incidents;
  }

  /** Alerts waiting in the outboxes, summed. */
  public long waiting() {
    long n = 0;
    for (Outbox o : outboxes) {
      n += o.backlog();
    }
    return n;
  }

  /** Alerts delivered since start. */
  public long delivered() {
    return delivered.get();
  }

  /** Delivery attempts that failed and will be retried, since start. */
  public long failures() {
    return failures.get();
  }

  /** Stops the deliveries; what is not delivered stays in the outboxes for the next start. */
  public void stop() {
    if (forceTimer >= 0) {
      vertx.cancelTimer(forceTimer);
    }
    deliveries.forEach(WebhookDelivery::stop);
    client.close();
    for (Outbox o : outboxes) {
      try {
        o.close();
      } catch (java.io.IOException e) {
        // closing: the journal's data is already on disk or will be re-read
      }
    }
  }

  /** The signature a receiver checks: hex HMAC-SHA256 of "t.body" with the shared secret. */
  public static String signature(String secret, long unixSeconds, String body) {
    return WebhookDelivery.sign(secret, unixSeconds + "." + body);
  }
}
