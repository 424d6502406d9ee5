package org.tfps.api;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tfps.decision.EventFeed;

/**
 * GET /v1/events/stream: the events of this node as Server-Sent Events, as they are recorded, for
 * SIEMs and {@code tfpsctl events --follow}. A client that reads too slowly loses events rather
 * than holding memory: it is told how many with a comment line, and they stay in GET /v1/events.
 */
final class EventStream {

  /** Streams open at once; past it, 503. */
  static final int MAX_STREAMS = 16;

  /** A comment line this often keeps proxies from closing an idle stream. */
  static final long KEEPALIVE_MILLIS = 15_000;

  private final Vertx vertx;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

  private static final class Subscriber {
    final Context context;
    final HttpServerResponse response;
    final String account;
    final String code;
    final AtomicLong dropped = new AtomicLong();

    Subscriber(Context context, HttpServerResponse response, String account, String code) {
      this.context = context;
      this.response = response;
      this.account = account;
      this.code = code;
    }

    boolean wants(JsonObject e) {
      return (account == null || account.equals(e.getString("account")))
          && (code == null || code.equals(e.getString("code")));
    }
  }

  EventStream(Vertx vertx, EventFeed feed) {
    this.vertx = vertx;
    feed.listen(this::publish);
  }

  /** Called on the deciding thread: a hand-off per subscriber that wants it, nothing else. */
  private void publish(JsonObject event) {
    if (subscribers.isEmpty()) {
      return;
    }
    JsonObject shown = null;
    for (Subscriber s : subscribers) {
      if (s.wants(event)) {
        if (shown == null) {
          shown = EventFeed.shown(event);
        }
        JsonObject e = shown;
        s.context.runOnContext(v -> send(s, e));
      }
    }
  }

  private static void send(Subscriber s, JsonObject event) {
    if (s.response.closed()) {
      return;
    }
    if (s.response.writeQueueFull()) {
      s.dropped.incrementAndGet();
      return;
    }
    long dropped = s.dropped.getAndSet(0);
    StringBuilder b = new StringBuilder(512);
    if (dropped > 0) {
      b.append(": dropped ").append(dropped).append(" events (slow reader)\n\n");
    }
    b.append("id: ").append(event.getString("eventId")).append('\n');
    b.append("event: ").append(event.getString("kind")).append('\n');
    // JSON has no raw newline: one data line.
    b.append("data: ").append(event.encode()).append("\n\n");
    s.response.write(b.toString());
  }

  void handle(RoutingContext ctx) {
    if (subscribers.size() >= MAX_STREAMS) {
      Problem.send(
          ctx,
          503,
          "too-many-streams",
          "Service Unavailable",
          "at most " + MAX_STREAMS + " event streams at once");
      return;
    }
    String account = ctx.request().getParam("account");
    if (account != null) {
      try {
        account = AccountJson.account(account);
      } catch (AccountJson.BadField e) {
        Problem.send(ctx, 400, "invalid-parameter", "Bad Request", e.getMessage());
        return;
      }
    }
    HttpServerResponse r = ctx.response();
    r.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    r.write(": tfps events\n\n");
    Subscriber s =
        new Subscriber(vertx.getOrCreateContext(), r, account, ctx.request().getParam("code"));
    subscribers.add(s);
    long timer =
        vertx.setPeriodic(
            KEEPALIVE_MILLIS,
            id -> {
              if (!r.closed()) {
                r.write(": keepalive\n\n");
              }
            });
    r.closeHandler(
        v -> {
          subscribers.remove(s);
          vertx.cancelTimer(timer);
        });
  }
}
