package org.tfps.intel;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.FailurePolicy;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote source's look-ups, by key (an address or a number): answers cached for their TTL
 * (negative answers too), one request at a time per key however many calls ask, a circuit breaker
 * around the source, and a pause when the source says 429. Callers bound the returned future by
 * their own deadline; the request goes on after it and fills the cache.
 *
 * <p>With a cluster, a key this node has no answer for is first looked for in the cluster's shared
 * answers ({@link SharedAnswers}), for at most {@link Settings#sharedWait}; the source is asked
 * only when the cluster has no live answer or did not give one in time, and what it answers is kept
 * here and in the cluster. A failure of the cluster never fails a look-up: it is counted, and the
 * source is asked. The pause and the circuit stay this node's own.
 *
 * @param <T> the answer (never null)
 */
final class CachedLookup<T> {

  private static final Logger log = LoggerFactory.getLogger(CachedLookup.class);

  /** At most one warning about the cluster's answers per source in this many nanoseconds. */
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  /**
   * What each source's look-ups share.
   *
   * @param capacity answers kept; past it the oldest go first
   * @param breakerFailures failures in a row that open the circuit
   * @param breakerReset how long the circuit stays open before one request is tried
   * @param sharedWait how long a look-up waits for the cluster's answer before asking the source
   */
  record Settings(int capacity, int breakerFailures, Duration breakerReset, Duration sharedWait) {}

  private record Entry<T>(T value, long expiresAtMillis) {}

  private final Vertx vertx;
  private final String source;
  private final Function<String, Future<T>> fetch;
  private final Function<T, Duration> ttl;
  private final AnswerCodec<T> codec;
  private final Clock clock;
  private final int capacity;
  private final long sharedWaitMillis;
  private final SharedAnswers shared;
  private final CircuitBreaker breaker;
  private final ConcurrentHashMap<String, Entry<T>> cache = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<String, Future<T>> inFlight = new ConcurrentHashMap<>();
  private final LookupStats stats;
  private volatile long pausedUntilMillis;
  private volatile long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;

  /**
   * @param source the source's name (in logs, metrics and evidence; the cluster's map name)
   * @param fetch asks the source; fails with {@link RateLimited} on a 429
   * @param ttl how long an answer is kept (positive and negative answers may differ)
   * @param codec the answer as the cluster keeps it
   * @param shared the cluster's answers, or {@link SharedAnswers#NONE}
   */
  CachedLookup(
      Vertx vertx,
      Clock clock,
      String source,
      Function<String, Future<T>> fetch,
      Function<T, Duration> ttl,
      AnswerCodec<T> codec,
      Settings settings,
      SharedAnswers shared,
      LookupStats stats) {
    this.vertx = vertx;
    this.source = source;
    this.fetch = fetch;
    this.ttl = ttl;
    this.codec = codec;
    this.clock = clock;
    this.capacity = settings.capacity();
    this.sharedWaitMillis = Math.max(1, settings.sharedWait().toMillis());
    this.shared = shared;
    this.stats = stats;
    breaker =
        CircuitBreaker.create(
                "tfps-intel-" + source,
                vertx,
                new CircuitBreakerOptions()
                    .setMaxFailures(settings.breakerFailures())
                    .setResetTimeout(settings.breakerReset().toMillis())
                    .setTimeout(-1) // each source's request has its own timeout
                    .setNotificationAddress(null))
            // A 429 is the source working as documented: it pauses the source, it does not
            // open the circuit.
            .failurePolicy(
                (FailurePolicy<T>) f -> f.failed() && !(f.cause() instanceof RateLimited));
  }

  /** The cached answer for {@code key}, or null when there is none or it expired. */
  T cached(String key) {
    Entry<T> e = cache.get(key);
    if (e == null) {
      return null;
    }
    // An expired answer stays until replaced or evicted: the eviction order then holds each key
    // once, so it is bounded with the cache.
    return e.expiresAtMillis() > clock.millis() ? e.value() : null;
  }

  /**
   * The answer for {@code key}: already complete when cached here, else the (shared) look-up's
   * future: the cluster's answer, else the source's. Fails while the source is paused (429) or its
   * circuit is open and the cluster has no answer.
   */
  Future<T> get(String key) {
    T value = cached(key);
    if (value != null) {
      stats.cached.increment();
      return Future.succeededFuture(value);
    }
    Promise<T> promise = Promise.promise();
    Future<T> running = inFlight.putIfAbsent(key, promise.future());
    if (running != null) {
      return running;
    }
    if (!shared.shared()) {
      fetch(key, promise);
      return promise.future();
    }
    fromCluster(key)
        .onComplete(
            ar -> {
              if (ar.result() != null) {
                inFlight.remove(key, promise.future());
                promise.complete(ar.result());
              } else {
                fetch(key, promise);
              }
            });
    return promise.future();
  }

  /**
   * The cluster's live answer for {@code key}, kept here too; null (never a failure) when it has
   * none, gives none within {@code sharedWait}, or fails.
   */
  private Future<T> fromCluster(String key) {
    Promise<T> answer = Promise.promise();
    long timer =
        vertx.setTimer(
            sharedWaitMillis,
            id -> {
              if (answer.tryComplete(null)) {
                sharedFailed("no answer within " + sharedWaitMillis + " ms");
              }
            });
    Future<Optional<SharedAnswers.Answer>> asked;
    try {
      asked = shared.get(source, key);
    } catch (RuntimeException e) {
      asked = Future.failedFuture(e);
    }
    asked.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          if (ar.failed()) {
            if (answer.tryComplete(null)) {
              sharedFailed(ar.cause().toString());
            }
            return;
          }
          answer.tryComplete(ar.result().map(a -> taken(key, a)).orElse(null));
        });
    return answer.future();
  }

  /** The cluster's answer, kept here until it expires; null when expired or not readable. */
  private T taken(String key, SharedAnswers.Answer a) {
    long expiresAt = a.expiresAt().toEpochMilli();
    if (expiresAt <= clock.millis()) {
      return null; // the map's TTL and this clock disagree a little: asked again
    }
    T value = codec.decode(a.value());
    if (value == null) {
      sharedFailed("an answer that is not one: " + a.value());
      return null;
    }
    stats.sharedHits.increment();
    keep(key, value, expiresAt);
    return value;
  }

  /** Asks the source (unless paused), keeps its answer here and in the cluster. */
  private void fetch(String key, Promise<T> promise) {
    if (clock.millis() < pausedUntilMillis) {
      inFlight.remove(key, promise.future());
      stats.rateLimited.increment();
      promise.fail(new RateLimited(source, Duration.ofMillis(pausedUntilMillis - clock.millis())));
      return;
    }
    breaker
        .<T>execute(() -> fetch.apply(key))
        .onComplete(
            ar -> {
              inFlight.remove(key, promise.future());
              if (ar.succeeded()) {
                stats.fetched.increment();
                fetched(key, ar.result());
              } else if (ar.cause() instanceof RateLimited r) {
                stats.rateLimited.increment();
                pausedUntilMillis = clock.millis() + r.retryAfter().toMillis();
              } else if (ar.cause() instanceof OpenCircuitException) {
                stats.shortCircuited.increment();
              } else {
                stats.failed.increment();
              }
              promise.handle(ar);
            });
  }

  private void fetched(String key, T value) {
    Duration keepFor = ttl.apply(value);
    long ttlMillis = keepFor.toMillis();
    if (ttlMillis <= 0) {
      return;
    }
    long expiresAt = clock.millis() + ttlMillis;
    keep(key, value, expiresAt);
    if (!shared.shared()) {
      return;
    }
    Future<Void> put;
    try {
      put =
          shared.put(
              source,
              key,
              new SharedAnswers.Answer(codec.encode(value), Instant.ofEpochMilli(expiresAt)),
              keepFor);
    } catch (RuntimeException e) {
      put = Future.failedFuture(e);
    }
    put.onComplete(
        ar -> {
          if (ar.succeeded()) {
            stats.sharedWrites.increment();
          } else {
            sharedFailed(ar.cause().toString());
          }
        });
  }

  private void keep(String key, T value, long expiresAtMillis) {
    if (cache.put(key, new Entry<>(value, expiresAtMillis)) == null) {
      order.add(key);
      while (cache.size() > capacity) {
        String oldest = order.poll();
        if (oldest == null) {
          break;
        }
        cache.remove(oldest);
      }
    }
  }

  private void sharedFailed(String why) {
    stats.sharedFailures.increment();
    long now = System.nanoTime();
    long last = lastWarnNanos;
    if (now - last >= WARN_EVERY_NANOS) {
      lastWarnNanos = now;
      log.warn(
          "{}: the cluster's reputation cache failed ({}); the source is asked instead; {} so far",
          source,
          why,
          stats.sharedFailures());
    }
  }

  /** Answers cached now (expired ones included until replaced or evicted). */
  int size() {
    return cache.size();
  }

  /** closed, open or half-open. */
  String circuit() {
    return breaker.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  String source() {
    return source;
  }

  LookupStats stats() {
    return stats;
  }
}
