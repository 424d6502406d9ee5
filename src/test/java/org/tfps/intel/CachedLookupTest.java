package org.tfps.intel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tfps.testing.MutableClock;

/**
 * A source's look-ups with the cluster's shared answers (issue 4), against a fake cluster that can
 * answer, hold nothing, fail or never answer: this node's cache first, then the cluster, then the
 * source; what the source answers goes to both; the cluster's failures never fail a look-up.
 */
class CachedLookupTest {

  private static final String IP = "198.51.100.7";
  private static final Duration TTL = Duration.ofHours(6);
  private static final Duration NEGATIVE_TTL = Duration.ofMinutes(10);
  private static final Duration SHARED_WAIT = Duration.ofMillis(100);

  private final Vertx vertx = Vertx.vertx();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final FakeCluster cluster = new FakeCluster();
  private final Map<String, Integer> scores = new ConcurrentHashMap<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final LookupStats stats = new LookupStats();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The cluster's answers as a map, switchable to fail or to hang; counts what it is asked. */
  static final class FakeCluster implements SharedAnswers {

    enum Mode {
      NORMAL,
      FAIL,
      HANG
    }

    record Put(String source, String key, Answer answer, Duration ttl) {}

    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Put> puts = new CopyOnWriteArrayList<>();
    final AtomicInteger gets = new AtomicInteger();
    volatile Mode mode = Mode.NORMAL;

    @Override
    public Future<Optional<Answer>> get(String source, String key) {
      gets.incrementAndGet();
      return switch (mode) {
        case NORMAL -> Future.succeededFuture(Optional.ofNullable(answers.get(source + "/" + key)));
        case FAIL -> Future.failedFuture(new IllegalStateException("member lost"));
        case HANG -> Promise.<Optional<Answer>>promise().future();
      };
    }

    @Override
    public Future<Void> put(String source, String key, Answer answer, Duration ttl) {
      if (mode != Mode.NORMAL) {
        return Future.failedFuture(new IllegalStateException("member lost"));
      }
      puts.add(new Put(source, key, answer, ttl));
      answers.put(source + "/" + key, answer);
      return Future.succeededFuture();
    }
  }

  private CachedLookup<Integer> abuse(SharedAnswers shared) {
    return new CachedLookup<>(
        vertx,
        clock,
        "abuseipdb",
        ip -> {
          fetches.incrementAndGet();
          Integer score = scores.get(ip);
          return score == null
              ? Future.failedFuture(new SourceFailure("abuseipdb answered 500"))
              : Future.succeededFuture(score);
        },
        score -> TTL,
        AnswerCodec.SCORE,
        new CachedLookup.Settings(1000, 3, Duration.ofSeconds(30), SHARED_WAIT),
        shared,
        stats);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
  }

  private Instant in(Duration d) {
    return clock.instant().plus(d);
  }

  @Test
  void anAnswerTheClusterHasIsTakenWithoutAskingTheSourceThenServedFromThisNode() throws Exception {
    cluster.answers.put("abuseipdb/" + IP, new SharedAnswers.Answer("97", in(Duration.ofHours(1))));
    CachedLookup<Integer> lookup = abuse(cluster);
    assertThat(await(lookup.get(IP))).isEqualTo(97);
    assertThat(fetches.get()).isZero();
    assertThat(stats.sharedHits()).isEqualTo(1);
    assertThat(cluster.puts).as("nothing to give back").isEmpty();

    Future<Integer> again = lookup.get(IP);
    assertThat(again.isComplete()).as("kept on this node: no wait, no network").isTrue();
    assertThat(again.result()).isEqualTo(97);
    assertThat(cluster.gets.get()).isEqualTo(1);
    assertThat(stats.cached()).isEqualTo(1);

    // Kept here only as long as the cluster's answer lives (not a fresh 6 h): then asked again,
    // and the cluster's copy has expired too, so the source is asked.
    clock.advance(Duration.ofMinutes(61));
    scores.put(IP, 90);
    assertThat(await(lookup.get(IP))).isEqualTo(90);
    assertThat(cluster.gets.get()).isEqualTo(2);
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void aMissInTheClusterAsksTheSourceAndGivesItsAnswerToTheCluster() throws Exception {
    scores.put(IP, 97);
    CachedLookup<Integer> lookup = abuse(cluster);
    assertThat(await(lookup.get(IP))).isEqualTo(97);
    assertThat(fetches.get()).isEqualTo(1);
    eventually(() -> stats.sharedWrites() == 1);
    assertThat(cluster.puts)
        .containsExactly(
            new FakeCluster.Put("abuseipdb", IP, new SharedAnswers.Answer("97", in(TTL)), TTL));
    assertThat(stats.sharedHits()).isZero();
    assertThat(stats.sharedFailures()).isZero();
    // This node's cache answers next; the cluster is not asked again.
    assertThat(lookup.get(IP).result()).isEqualTo(97);
    assertThat(cluster.gets.get()).isEqualTo(1);
  }

  @Test
  void negativeAnswersAreSharedForTheirOwnTtl() throws Exception {
    CachedLookup<Boolean> seen =
        new CachedLookup<>(
            vertx,
            clock,
            "sentrypeer",
            ip -> {
              fetches.incrementAndGet();
              return Future.succeededFuture(false);
            },
            s -> s ? TTL : NEGATIVE_TTL,
            AnswerCodec.SEEN,
            new CachedLookup.Settings(1000, 3, Duration.ofSeconds(30), SHARED_WAIT),
            cluster,
            stats);
    assertThat(await(seen.get(IP))).isFalse();
    eventually(() -> stats.sharedWrites() == 1);
    assertThat(cluster.puts.get(0).answer())
        .isEqualTo(new SharedAnswers.Answer("0", in(NEGATIVE_TTL)));
    assertThat(cluster.puts.get(0).ttl()).isEqualTo(NEGATIVE_TTL);

    // Another member's lookup (same cluster, a cache of its own) takes it without asking.
    LookupStats other = new LookupStats();
    CachedLookup<Boolean> onB =
        new CachedLookup<>(
            vertx,
            clock,
            "sentrypeer",
            ip -> Future.failedFuture(new SourceFailure("must not be asked")),
            s -> s ? TTL : NEGATIVE_TTL,
            AnswerCodec.SEEN,
            new CachedLookup.Settings(1000, 3, Duration.ofSeconds(30), SHARED_WAIT),
            cluster,
            other);
    assertThat(await(onB.get(IP))).isFalse();
    assertThat(other.sharedHits()).isEqualTo(1);
    assertThat(other.fetched()).isZero();
  }

  @Test
  void aFailingClusterNeverFailsALookUpTheSourceIsAskedAndTheFailuresCounted() throws Exception {
    scores.put(IP, 97);
    cluster.mode = FakeCluster.Mode.FAIL;
    CachedLookup<Integer> lookup = abuse(cluster);
    assertThat(await(lookup.get(IP))).isEqualTo(97);
    assertThat(fetches.get()).isEqualTo(1);
    eventually(() -> stats.sharedFailures() == 2); // the read, then the write
    assertThat(stats.sharedWrites()).isZero();
    assertThat(lookup.get(IP).result()).as("kept on this node all the same").isEqualTo(97);
  }

  @Test
  void aClusterThatDoesNotAnswerIsWaitedForAtMostSharedWaitThenTheSourceIsAskedOnce()
      throws Exception {
    scores.put(IP, 97);
    cluster.mode = FakeCluster.Mode.HANG;
    CachedLookup<Integer> lookup = abuse(cluster);
    long start = System.nanoTime();
    Future<Integer> first = lookup.get(IP);
    Future<Integer> second = lookup.get(IP);
    assertThat(await(first)).isEqualTo(97);
    assertThat(await(second)).isEqualTo(97);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(tookMillis).isGreaterThanOrEqualTo(SHARED_WAIT.toMillis()).isLessThan(5_000);
    assertThat(fetches.get()).as("one request per key on this node").isEqualTo(1);
    assertThat(cluster.gets.get()).isEqualTo(1);
    assertThat(stats.sharedFailures()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anExpiredOrUnreadableClusterAnswerIsAskedAgain() throws Exception {
    scores.put(IP, 97);
    scores.put("198.51.100.8", 65);
    cluster.answers.put("abuseipdb/" + IP, new SharedAnswers.Answer("97", clock.instant()));
    cluster.answers.put(
        "abuseipdb/198.51.100.8", new SharedAnswers.Answer("high", in(Duration.ofHours(1))));
    CachedLookup<Integer> lookup = abuse(cluster);
    assertThat(await(lookup.get(IP))).isEqualTo(97);
    assertThat(await(lookup.get("198.51.100.8"))).isEqualTo(65);
    assertThat(fetches.get()).isEqualTo(2);
    assertThat(stats.sharedHits()).isZero();
    assertThat(stats.sharedFailures()).as("the unreadable one").isEqualTo(1);
  }

  @Test
  void aPausedSourceStillAnswersWhatTheClusterKnows() throws Exception {
    CachedLookup<Integer> lookup =
        new CachedLookup<>(
            vertx,
            clock,
            "abuseipdb",
            ip -> {
              fetches.incrementAndGet();
              return Future.failedFuture(new RateLimited("abuseipdb", Duration.ofMinutes(5)));
            },
            score -> TTL,
            AnswerCodec.SCORE,
            new CachedLookup.Settings(1000, 3, Duration.ofSeconds(30), SHARED_WAIT),
            cluster,
            stats);
    assertThat(lookup.get("203.0.113.9").toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10));
    assertThat(stats.rateLimited()).isEqualTo(1);
    cluster.answers.put("abuseipdb/" + IP, new SharedAnswers.Answer("97", in(Duration.ofHours(1))));
    assertThat(await(lookup.get(IP))).isEqualTo(97);
    assertThat(fetches.get()).as("paused: not asked again").isEqualTo(1);
  }

  @Test
  void withoutAClusterNothingIsSharedAndTheSourceIsAskedAtOnce() throws Exception {
    scores.put(IP, 97);
    CachedLookup<Integer> lookup = abuse(SharedAnswers.NONE);
    assertThat(await(lookup.get(IP))).isEqualTo(97);
    assertThat(lookup.get(IP).isComplete()).isTrue();
    assertThat(fetches.get()).isEqualTo(1);
    assertThat(stats.sharedHits() + stats.sharedWrites() + stats.sharedFailures()).isZero();
  }
}
