package org.tfps.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.Outbox;

/**
 * Sends the email outbox's messages over SMTP ({@link Delivery}), one message per record: {@code
 * {"to": [...], "messageId": "...", "alert": {...}}}. The server's 250 after DATA delivers it. A
 * permanent refusal (5xx, RFC 5321 4.2.1) of the message or of all its recipients is logged with
 * the alert and skipped, except the refusals of authentication (530, 534, 535, 538, RFC 4954 6),
 * which are a configuration to fix: those, 4xx, timeouts and connection or TLS failures are
 * retried. The password is never logged.
 */
final class EmailDelivery extends Delivery {

  private static final Logger log = LoggerFactory.getLogger(EmailDelivery.class);

  /** The longest one message may take, connection and TLS included. */
  static final long TIMEOUT_MILLIS = 60_000;

  /** RFC 4954 6: authentication required, too weak, failed, needs encryption. */
  private static final Set<Integer> AUTH_REPLIES = Set.of(530, 534, 535, 538);

  private final TfpsConfig.Email config;
  private final MailClient client;

  EmailDelivery(
      Vertx vertx,
      TfpsConfig.Email config,
      Outbox outbox,
      Duration retryMin,
      Duration retryMax,
      AtomicLong delivered,
      AtomicLong failures) {
    super(
        vertx,
        "email " + (config.ssl() ? "smtps://" : "smtp://") + config.host() + ":" + config.port(),
        outbox,
        retryMin,
        retryMax,
        delivered,
        failures);
    this.config = config;
    this.client = MailClient.create(vertx, mailConfig(config));
  }

  static MailConfig mailConfig(TfpsConfig.Email c) {
    MailConfig m =
        new MailConfig()
            .setHostname(c.host())
            .setPort(c.port())
            .setSsl(c.ssl())
            .setStarttls(
                switch (c.starttls()) {
                  case REQUIRED -> StartTLSOptions.REQUIRED;
                  case OPTIONAL -> StartTLSOptions.OPTIONAL;
                  case DISABLED -> StartTLSOptions.DISABLED;
                })
            .setLogin(c.username().isEmpty() ? LoginOption.DISABLED : LoginOption.REQUIRED)
            .setAllowRcptErrors(true)
            .setKeepAlive(false)
            .setMaxPoolSize(1);
    m.setConnectTimeout(10_000);
    m.setIdleTimeout(30);
    if (!c.username().isEmpty()) {
      m.setUsername(c.username()).setPassword(c.password());
    }
    if (c.trust() != null) {
      m.setTrustOptions(new PemTrustOptions().addCertPath(c.trust().toString()));
    }
    return m;
  }

  /** The outbox record of one message of {@code alert} to {@code to}. */
  static JsonObject record(JsonObject alert, List<String> to, String messageId) {
    return new JsonObject()
        .put("to", new JsonArray(List.copyOf(to)))
        .put("messageId", messageId)
        .put("alert", alert);
  }

  @Override
  JsonObject alertOf(JsonObject record) {
    return record.getJsonObject("alert", new JsonObject());
  }

  @Override
  Future<Outcome> send(JsonObject record) {
    JsonObject alert = alertOf(record);
    List<String> to = new ArrayList<>();
    for (Object address : record.getJsonArray("to", new JsonArray())) {
      if (address instanceof String s && TfpsConfig.Email.isAddress(s)) {
        to.add(s);
      }
    }
    if (to.isEmpty()) {
      log.error("email: alert {} has no valid recipient, skipped", alert.getString("id"));
      return Future.succeededFuture(Outcome.REFUSED);
    }
    MailMessage m =
        new MailMessage()
            .setFrom(config.from())
            .setTo(to)
            .setSubject(AlertText.subject(alert))
            .setText(AlertText.mail(alert));
    // The same Message-ID on a message sent again (TFPS stopped between the server's 250 and the
    // commit) lets a mailbox recognise the copy.
    m.addHeader("Message-ID", "<" + record.getString("messageId") + ">");
    m.addHeader("X-TFPS-Alert", alert.getString("id", ""));
    return client
        .sendMail(m)
        .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .map(r -> Outcome.DELIVERED)
        .recover(
            e -> {
              if (e instanceof SMTPException s
                  && s.isPermanent()
                  && !AUTH_REPLIES.contains(s.getReplyCode())) {
                log.error(
                    "email: alert refused for good by the server ({}), skipped: to {}: {}",
                    cause(e),
                    to,
                    alert.encode());
                return Future.succeededFuture(Outcome.REFUSED);
              }
              return Future.failedFuture(e);
            });
  }

  @Override
  String cause(Throwable e) {
    if (e instanceof SMTPException s) {
      return "SMTP " + AlertText.oneLine(s.getReplyMessage()); // the reply starts with its code
    }
    return e.toString();
  }

  @Override
  void stop() {
    super.stop();
    client.close();
  }
}
