package org.tfps.intel;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import org.tfps.config.TfpsConfig;

/**
 * AbuseIPDB's v2 check endpoint (https://docs.abuseipdb.com/#check-endpoint): {@code GET
 * /api/v2/check?ipAddress=..&maxAgeInDays=..} with the {@code Key} header; the answer's {@code
 * data.abuseConfidenceScore} (0..100) is the address's score. A whitelisted address scores 0.
 */
final class AbuseIpDb {

  static final String NAME = "abuseipdb";

  /** The pause after a 429 that names none (AbuseIPDB's limits are daily). */
  private static final Duration DEFAULT_PAUSE = Duration.ofMinutes(5);

  private final WebClient client;
  private final TfpsConfig.AbuseIpDb config;
  private final String checkUrl;

  AbuseIpDb(WebClient client, TfpsConfig.AbuseIpDb config) {
    this.client = client;
    this.config = config;
    this.checkUrl = Http.base(config.url()) + "/api/v2/check";
  }

  /** The address's abuse confidence score, 0..100. */
  Future<Integer> score(String ip) {
    return client
        .getAbs(checkUrl)
        .addQueryParam("ipAddress", ip)
        .addQueryParam("maxAgeInDays", Integer.toString(config.maxAgeDays()))
        .putHeader("Key", config.key())
        .putHeader("Accept", "application/json")
        .timeout(config.timeout().toMillis())
        .send()
        .compose(AbuseIpDb::score);
  }

  private static Future<Integer> score(HttpResponse<Buffer> r) {
    if (r.statusCode() == 429) {
      return Future.failedFuture(
          new RateLimited(NAME, RateLimited.after(r.getHeader("Retry-After"), DEFAULT_PAUSE)));
    }
    if (r.statusCode() != 200) {
      return Future.failedFuture(new SourceFailure(NAME + " answered " + r.statusCode()));
    }
    try {
      JsonObject data = r.bodyAsJsonObject().getJsonObject("data");
      if (Boolean.TRUE.equals(data.getBoolean("isWhitelisted"))) {
        return Future.succeededFuture(0);
      }
      Integer score = data.getInteger("abuseConfidenceScore");
      if (score == null || score < 0 || score > 100) {
        return Future.failedFuture(new SourceFailure(NAME + " answered no score 0..100"));
      }
      return Future.succeededFuture(score);
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      return Future.failedFuture(new SourceFailure(NAME + " answered a body that is not its JSON"));
    }
  }
}
