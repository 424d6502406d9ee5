package org.tfps.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.Outbox;

/**
 * Delivers one webhook's alerts from its outbox ({@link Delivery}): a 2xx delivers it; 400, 413,
 * 415 or 422 (the receiver refuses the alert itself) is logged with the alert and skipped so the
 * ones behind it are not held forever; anything else (a timeout, a 5xx, 429, a wrong secret or
 * address) is retried. Signed with HMAC-SHA256 when a secret is configured. Logs show the URL
 * without its path (a Slack webhook's path is its secret).
 */
final class WebhookDelivery extends Delivery {

  private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

  /** Header with the signature: {@code t=<unix seconds>,sha256=<hex HMAC of "t.body">}. */
  static final String SIGNATURE = "X-TFPS-Signature";

  static final long TIMEOUT_MILLIS = 10_000;

  /** Answers that refuse the alert itself (its content), for good: it is skipped, logged. */
  static final java.util.Set<Integer> REFUSING_STATUSES = java.util.Set.of(400, 413, 415, 422);

  private final WebClient client;
  private final TfpsConfig.Webhook hook;

  WebhookDelivery(
      Vertx vertx,
      WebClient client,
      TfpsConfig.Webhook hook,
      Outbox outbox,
      Duration retryMin,
      Duration retryMax,
      AtomicLong delivered,
      AtomicLong failures) {
    super(vertx, "webhook " + hook.shown(), outbox, retryMin, retryMax, delivered, failures);
    this.client = client;
    this.hook = hook;
  }

  @Override
  Future<Outcome> send(JsonObject alert) {
    String body =
        hook.slack()
            ? new JsonObject()
                .put("text", AlertText.line(alert) + "\nUndo: `" + alert.getString("undo") + "`")
                .encode()
            : alert.encode();
    var request =
        client
            .postAbs(hook.url())
            .timeout(TIMEOUT_MILLIS)
            .putHeader("Content-Type", "application/json")
            .putHeader("User-Agent", "TFPS");
    if (!hook.secret().isEmpty()) {
      long t = System.currentTimeMillis() / 1000;
      request.putHeader(SIGNATURE, "t=" + t + ",sha256=" + sign(hook.secret(), t + "." + body));
    }
    return request
        .sendBuffer(Buffer.buffer(body))
        .map(
            (HttpResponse<Buffer> r) -> {
              int s = r.statusCode();
              if (s >= 200 && s < 300) {
                return Outcome.DELIVERED;
              }
              if (!REFUSING_STATUSES.contains(s)) {
                // A 5xx, a timeout, 429, but also 401/403/404/3xx: a receiver or its address to
                // fix; the alert waits for it rather than being lost.
                return Outcome.RETRY;
              }
              log.error(
                  "webhook {}: alert refused for good with {}, skipped: {}",
                  hook.shown(),
                  s,
                  alert.encode());
              return Outcome.REFUSED;
            });
  }

  /** Hex HMAC-SHA256 of {@code text} with {@code secret}. */
  static String sign(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
