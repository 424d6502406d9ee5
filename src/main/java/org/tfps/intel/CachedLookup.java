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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * One remote source's look-ups, by key (an address or a number): answers cached for their TTL
 * (negative answers too), one request at a time per key however many calls ask, a circuit breaker
 * around the source, and a pause when the source says 429. Callers bound the returned future by
 * their own deadline; the request goes on after it and fills the cache.
 *
 * @param <T> the answer (never null)
 */
final class CachedLookup<T> {

  private record Entry<T>(T value, long expiresAtMillis) {}

  private final String source;
  private final Function<String, Future<T>> fetch;
  private final Function<T, Duration> ttl;
  private final Clock clock;
  private final int capacity;
  private final CircuitBreaker breaker;
  private final ConcurrentHashMap<String, Entry<T>> cache = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<String, Future<T>> inFlight = new ConcurrentHashMap<>();
  private final LookupStats stats;
  private volatile long pausedUntilMillis;

  /**
   * @param source the source's name (in logs, metrics and evidence)
   * @param fetch asks the source; fails with {@link RateLimited} on a 429
   * @param ttl how long an answer is kept (positive and negative answers may differ)
   * @param capacity answers kept; past it the oldest go first
   * @param breakerFailures failures in a row that open the circuit
   * @param breakerReset how long the circuit stays open before one request is tried
   */
  CachedLookup(
      Vertx vertx,
      Clock clock,
      String source,
      Function<String, Future<T>> fetch,
      Function<T, Duration> ttl,
      int capacity,
      int breakerFailures,
      Duration breakerReset,
      LookupStats stats) {
    this.source = source;
    this.fetch = fetch;
    this.ttl = ttl;
    this.clock = clock;
    this.capacity = capacity;
    this.stats = stats;
    breaker =
        CircuitBreaker.create(
                "tfps-intel-" + source,
                vertx,
                new CircuitBreakerOptions()
                    .setMaxFailures(breakerFailures)
                    .setResetTimeout(breakerReset.toMillis())
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
   * The answer for {@code key}: already complete when cached, else the (shared) request's future.
   * Fails at once while the source is paused (429) or its circuit is open.
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
    if (clock.millis() < pausedUntilMillis) {
      inFlight.remove(key, promise.future());
      stats.rateLimited.increment();
      return Future.failedFuture(
          new RateLimited(source, Duration.ofMillis(pausedUntilMillis - clock.millis())));
    }
    breaker
        .<T>execute(() -> fetch.apply(key))
        .onComplete(
            ar -> {
              inFlight.remove(key, promise.future());
              if (ar.succeeded()) {
                stats.fetched.increment();
                put(key, ar.result());
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
    return promise.future();
  }

  private void put(String key, T value) {
    long ttlMillis = ttl.apply(value).toMillis();
    if (ttlMillis <= 0) {
      return;
    }
    if (cache.put(key, new Entry<>(value, clock.millis() + ttlMillis)) == null) {
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
