package org.tfps.notify;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.DecisionLog;
import org.tfps.decision.Outbox;

/**
 * The alerts of this node: incidents (one alert per account and rule and throttle window) put in
 * one durable outbox per channel (each webhook, email, syslog), each delivered by its own loop, off
 * the call path.
 */
public final class Alerting {

  /** The outbox of the email channel, under the outbox folder. */
  static final String EMAIL_OUTBOX = "email";

  /** The outbox of the syslog channel. */
  static final String SYSLOG_OUTBOX = "syslog";

  private final Incidents incidents;
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<Outbox> outboxes = new ArrayList<>();
  private final List<Outbox> alertOutboxes = new ArrayList<>();
  private final WebClient client;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final TfpsConfig.Email email;
  private final Function<String, List<String>> contacts;
  private Outbox emailOutbox;

  private Alerting(
      Vertx vertx,
      TfpsConfig.Alerts config,
      String node,
      Instant started,
      Function<String, Outbox> open,
      Function<String, List<String>> contacts) {
    client = WebClient.create(vertx);
    this.email = config.email();
    this.contacts = contacts;
    for (int i = 0; i < config.webhooks().size(); i++) {
      TfpsConfig.Webhook hook = config.webhooks().get(i);
      Outbox outbox = open.apply("webhook-" + i);
      outboxes.add(outbox);
      alertOutboxes.add(outbox);
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
    if (email.enabled()) {
      emailOutbox = open.apply(EMAIL_OUTBOX);
      outboxes.add(emailOutbox);
      deliveries.add(
          new EmailDelivery(
              vertx,
              email,
              emailOutbox,
              config.retryMin(),
              config.retryMax(),
              delivered,
              failures));
    }
    if (config.syslog().enabled()) {
      Outbox outbox = open.apply(SYSLOG_OUTBOX);
      outboxes.add(outbox);
      alertOutboxes.add(outbox);
      deliveries.add(
          new SyslogDelivery(
              vertx,
              config.syslog(),
              outbox,
              config.retryMin(),
              config.retryMax(),
              delivered,
              failures));
    }
    incidents = new Incidents(config.throttle(), node, started, this::append);
  }

  /**
   * Opens one outbox per channel with {@code open} (blocking: call it off the event loop); {@link
   * #start} starts the deliveries.
   *
   * @param contacts an account's own alert addresses (its provisioned contacts' emails), read when
   *     an alert is raised; must answer from memory
   */
  public static Alerting open(
      Vertx vertx,
      TfpsConfig.Alerts config,
      String node,
      Instant started,
      Function<String, Outbox> open,
      Function<String, List<String>> contacts) {
    return new Alerting(vertx, config, node, started, open, contacts);
  }

  /**
   * Puts a new alert in every channel's outbox (under the incidents' lock: appends only). Email:
   * one message to the operator's addresses, and one more to the account's own contacts (those not
   * already among the operator's), so neither sees the other's addresses; the recipients are fixed
   * now, in the record, so a message waiting through an outage goes where it would have gone.
   */
  private void append(JsonObject alert) {
    for (Outbox o : alertOutboxes) {
      o.append(alert);
    }
    if (emailOutbox == null) {
      return;
    }
    String id = alert.getString("id");
    String domain = email.from().substring(email.from().indexOf('@') + 1);
    if (!email.to().isEmpty()) {
      emailOutbox.append(EmailDelivery.record(alert, email.to(), id + ".0@" + domain));
    }
    List<String> own = new ArrayList<>();
    String account = alert.getString("account");
    for (String address : account == null ? List.<String>of() : contacts.apply(account)) {
      if (TfpsConfig.Email.isAddress(address)
          && !email.to().contains(address)
          && !own.contains(address)) {
        own.add(address);
      }
    }
    if (!own.isEmpty()) {
      emailOutbox.append(EmailDelivery.record(alert, own, id + ".1@" + domain));
    }
  }

  /** Starts the deliveries, and forces the outboxes to disk every second, paused or not. */
  public void start(Vertx vertx) {
    deliveries.forEach(Delivery::start);
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
    deliveries.forEach(Delivery::stop);
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
