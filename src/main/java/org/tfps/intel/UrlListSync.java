package org.tfps.intel;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tfps.config.TfpsConfig;

/**
 * An address list fetched from a URL every {@code refresh}: one address or CIDR block per line,
 * {@code #} comments and {@code , label} suffixes as in the IP deny list. A failed fetch keeps the
 * list in force.
 */
final class UrlListSync {

  /** The largest list accepted: a list is addresses, a bigger body is a mistake or an attack. */
  static final int MAX_BYTES = 32 * 1024 * 1024;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final WebClient client;
  private final TfpsConfig.UrlList config;
  private final Clock clock;
  private final SyncedList list;
  private long timer = -1;
  private volatile boolean stopped;

  UrlListSync(Vertx vertx, WebClient client, TfpsConfig.UrlList config, Clock clock) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.list = new SyncedList(config.name());
  }

  SyncedList list() {
    return list;
  }

  void start() {
    schedule(1);
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void schedule(long delayMillis) {
    if (!stopped) {
      timer = vertx.setTimer(delayMillis, id -> fetch());
    }
  }

  private void fetch() {
    client
        .getAbs(config.url())
        .timeout(TIMEOUT.toMillis())
        .send()
        .compose(this::entries)
        .compose(entries -> list.replace(vertx, entries, clock.instant()))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                list.failed(ar.cause().getMessage());
              }
              schedule(config.refresh().toMillis());
            });
  }

  private Future<List<String>> entries(HttpResponse<Buffer> r) {
    if (r.statusCode() != 200) {
      return Future.failedFuture(new SourceFailure(config.name() + " answered " + r.statusCode()));
    }
    Buffer body = r.body();
    if (body == null) {
      return Future.succeededFuture(List.of());
    }
    if (body.length() > MAX_BYTES) {
      return Future.failedFuture(new SourceFailure(config.name() + " is over " + MAX_BYTES + " B"));
    }
    List<String> entries = new ArrayList<>();
    for (String line : body.toString(java.nio.charset.StandardCharsets.UTF_8).split("\r?\n")) {
      int hash = line.indexOf('#');
      String l = (hash < 0 ? line : line.substring(0, hash)).trim();
      int comma = l.indexOf(',');
      String entry = (comma < 0 ? l : l.substring(0, comma)).trim();
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    return Future.succeededFuture(entries);
  }
}
