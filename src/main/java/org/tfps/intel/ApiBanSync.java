package org.tfps.intel;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.tfps.config.TfpsConfig;

/**
 * Keeps APIBAN's banned list (https://apiban.org/doc.html) in memory, never asking it per call (it
 * allows about 11 requests in 2 minutes). A synchronization posts {@code {"set": .., "id": ..}} to
 * {@code /get} with the key as a bearer token, page after page: each 200 answer holds addresses and
 * the ID to ask from next; {@code "ID": "none"} ends the list ({@code "no new bans"} in a 400
 * answer too). Between synchronizations only the bans since the last ID are fetched; every {@code
 * full-refresh} the whole list is fetched again, since bans expire on APIBAN's side.
 */
final class ApiBanSync {

  static final String NAME = "apiban";

  /** The ID a whole list is asked from (APIBAN's own clients use it). */
  private static final String FIRST_ID = "100";

  /** Pages one synchronization may take (250 addresses a page: far more than APIBAN lists). */
  private static final int MAX_PAGES = 2_000;

  private static final Duration DEFAULT_PAUSE = Duration.ofMinutes(2);

  private final Vertx vertx;
  private final WebClient client;
  private final TfpsConfig.ApiBan config;
  private final Clock clock;
  private final SyncedList list;
  private final String getUrl;
  private Set<String> addresses = new LinkedHashSet<>();
  private String lastId;
  private long lastFullMillis;
  private long timer = -1;
  private volatile boolean stopped;

  ApiBanSync(Vertx vertx, WebClient client, TfpsConfig.ApiBan config, Clock clock) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.list = new SyncedList(NAME);
    this.getUrl = Http.base(config.url()) + "/get";
  }

  SyncedList list() {
    return list;
  }

  /** Starts synchronizing now, then every {@code refresh}. */
  void start() {
    schedule(0);
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void schedule(long delayMillis) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, delayMillis), id -> sync());
    }
  }

  private void sync() {
    boolean full =
        lastId == null || clock.millis() - lastFullMillis >= config.fullRefresh().toMillis();
    Set<String> next = full ? new LinkedHashSet<>() : new LinkedHashSet<>(addresses);
    page(full ? FIRST_ID : lastId, next, MAX_PAGES)
        .compose(
            last -> {
              addresses = next;
              lastId = last;
              if (full) {
                lastFullMillis = clock.millis();
              }
              return list.replace(vertx, next, clock.instant());
            })
        .onComplete(
            ar -> {
              long pause = config.refresh().toMillis();
              if (ar.failed()) {
                list.failed(ar.cause().getMessage());
                if (ar.cause() instanceof RateLimited r) {
                  pause = Math.max(pause, r.retryAfter().toMillis());
                }
              }
              schedule(pause);
            });
  }

  /** Fetches pages from {@code id} into {@code into}; the last ID seen when the list ended. */
  private Future<String> page(String id, Set<String> into, int pagesLeft) {
    if (pagesLeft == 0) {
      return Future.failedFuture(new SourceFailure(NAME + " list longer than " + MAX_PAGES));
    }
    return client
        .postAbs(getUrl)
        .bearerTokenAuthentication(config.key())
        .putHeader("Accept", "application/json")
        .timeout(config.timeout().toMillis())
        .sendJsonObject(new JsonObject().put("set", config.set()).put("id", id))
        .compose(r -> answer(r, id, into, pagesLeft));
  }

  private Future<String> answer(HttpResponse<Buffer> r, String id, Set<String> into, int left) {
    if (r.statusCode() == 429) {
      return Future.failedFuture(
          new RateLimited(NAME, RateLimited.after(r.getHeader("Retry-After"), DEFAULT_PAUSE)));
    }
    JsonObject body;
    try {
      body = r.bodyAsJsonObject();
    } catch (DecodeException e) {
      body = null;
    }
    if (body == null) {
      return Future.failedFuture(
          new SourceFailure(NAME + " answered " + r.statusCode() + " without its JSON"));
    }
    Object ips = body.getValue("ipaddress");
    String nextId = body.getValue("ID") == null ? "" : body.getValue("ID").toString();
    if (mentions(ips, "rate limit exceeded")) {
      return Future.failedFuture(new RateLimited(NAME, DEFAULT_PAUSE));
    }
    if (r.statusCode() != 200) {
      if (nextId.equals("none") && mentions(ips, "no new bans")) {
        return Future.succeededFuture(id); // nothing since id
      }
      String why = nextId.equals("unauthorized") ? "unauthorized (check the key)" : "";
      return Future.failedFuture(
          new SourceFailure(NAME + " answered " + r.statusCode() + " " + why));
    }
    if (!(ips instanceof JsonArray addresses)) {
      return Future.failedFuture(new SourceFailure(NAME + " answered no address list"));
    }
    for (Object a : addresses) {
      if (a instanceof String s) {
        into.add(s);
      }
    }
    if (nextId.equals("none") || nextId.isEmpty()) {
      return Future.succeededFuture(id);
    }
    Promise<String> done = Promise.promise();
    vertx.setTimer(
        Math.max(1, config.pageInterval().toMillis()),
        t -> page(nextId, into, left - 1).onComplete(done));
    return done.future();
  }

  private static boolean mentions(Object ips, String text) {
    if (ips instanceof String s) {
      return s.equalsIgnoreCase(text);
    }
    return ips instanceof JsonArray a
        && a.size() == 1
        && text.equalsIgnoreCase(String.valueOf(a.getValue(0)));
  }
}
