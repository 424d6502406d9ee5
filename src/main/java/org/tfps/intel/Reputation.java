package org.tfps.intel;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.SourceReputation;
import org.tfps.engine.SourceFacts;
import org.tfps.metrics.MetricsRegistry;

/**
 * Every reputation source behind the {@link SourceReputation} port (docs/reputation.md). Lists in
 * memory answer at once: the local deny list, APIBAN's and URL lists (synchronized in the
 * background) and the addresses that knocked on TFPS's honeypot. AbuseIPDB and SentryPeer are asked
 * per address or number through a cache, shared with the other members when there is a cluster
 * ({@link SharedAnswers}); a call waits for an answer not cached at most {@code deadline}, then
 * {@code on-miss} decides and the miss is counted.
 *
 * <p>Trusted peers (the softswitches) are never judged by reputation, and private, loopback,
 * link-local and shared addresses are never sent to a remote source.
 */
public final class Reputation implements SourceReputation {

  private static final Future<SourceFacts> UNKNOWN = Future.succeededFuture(SourceFacts.unknown());

  private final Vertx vertx;
  private final ListedSources local;
  private final BadActors own;
  private final Predicate<String> trusted;
  private final long deadlineMillis;
  private final boolean failClosed;
  private final WebClient client;
  private final List<SyncedList> lists = new ArrayList<>();
  private final ApiBanSync apiBan;
  private final List<UrlListSync> urlLists = new ArrayList<>();
  private final CachedLookup<Integer> abuse;
  private final CachedLookup<Boolean> sentryAddresses;
  private final CachedLookup<Boolean> sentryNumbers;

  /** A node working alone: each source's answers are cached on this node only. */
  public Reputation(
      Vertx vertx,
      Clock clock,
      TfpsConfig.Intel config,
      ListedSources local,
      BadActors own,
      Predicate<String> trusted) {
    this(vertx, clock, config, local, own, trusted, SharedAnswers.NONE);
  }

  /**
   * @param local the IP deny list file's entries
   * @param own TFPS's own intelligence (the honeypot's visitors)
   * @param trusted true for the addresses of trusted peers
   * @param shared the answers the cluster's members share, or {@link SharedAnswers#NONE}
   */
  public Reputation(
      Vertx vertx,
      Clock clock,
      TfpsConfig.Intel config,
      ListedSources local,
      BadActors own,
      Predicate<String> trusted,
      SharedAnswers shared) {
    this.vertx = vertx;
    this.local = local;
    this.own = own;
    this.trusted = trusted;
    this.deadlineMillis = config.deadline().toMillis();
    this.failClosed = config.failClosed();
    this.client =
        WebClient.create(vertx, new WebClientOptions().setUserAgent("TFPS").setKeepAlive(true));
    if (config.apiBan() != null) {
      apiBan = new ApiBanSync(vertx, client, config.apiBan(), clock);
      lists.add(apiBan.list());
    } else {
      apiBan = null;
    }
    for (TfpsConfig.UrlList l : config.lists()) {
      UrlListSync sync = new UrlListSync(vertx, client, l, clock);
      urlLists.add(sync);
      lists.add(sync.list());
    }
    // The cluster's answer is waited for at most half the deadline: the other half is left for
    // the source when the cluster has none or is slow (a member lost, partitions moving).
    CachedLookup.Settings settings =
        new CachedLookup.Settings(
            config.cacheSize(),
            config.breakerFailures(),
            config.breakerReset(),
            config.deadline().dividedBy(2));
    TfpsConfig.AbuseIpDb a = config.abuseIpDb();
    if (a != null) {
      AbuseIpDb source = new AbuseIpDb(client, a);
      abuse =
          new CachedLookup<>(
              vertx,
              clock,
              AbuseIpDb.NAME,
              source::score,
              score -> a.cacheTtl(),
              AnswerCodec.SCORE,
              settings,
              shared,
              new LookupStats());
    } else {
      abuse = null;
    }
    TfpsConfig.SentryPeer s = config.sentryPeer();
    if (s != null) {
      SentryPeerClient source = new SentryPeerClient(client, s, clock);
      java.util.function.Function<Boolean, Duration> ttl =
          seen -> seen ? s.cacheTtl() : s.negativeTtl();
      sentryAddresses =
          s.addresses()
              ? new CachedLookup<>(
                  vertx,
                  clock,
                  SentryPeerClient.NAME,
                  source::address,
                  ttl,
                  AnswerCodec.SEEN,
                  settings,
                  shared,
                  new LookupStats())
              : null;
      sentryNumbers =
          s.numbers()
              ? new CachedLookup<>(
                  vertx,
                  clock,
                  SentryPeerClient.NAME + "-numbers",
                  source::number,
                  ttl,
                  AnswerCodec.SEEN,
                  settings,
                  shared,
                  new LookupStats())
              : null;
    } else {
      sentryAddresses = null;
      sentryNumbers = null;
    }
  }

  /** Starts the background synchronizations of APIBAN and the URL lists. */
  public void start() {
    if (apiBan != null) {
      apiBan.start();
    }
    urlLists.forEach(UrlListSync::start);
  }

  public void stop() {
    if (apiBan != null) {
      apiBan.stop();
    }
    urlLists.forEach(UrlListSync::stop);
    client.close();
  }

  @Override
  public Future<SourceFacts> lookup(String ip) {
    if (ip == null || ip.isEmpty()) {
      return UNKNOWN;
    }
    String label = local.listed(ip);
    if (label != null) {
      return Future.succeededFuture(listed("local deny list (" + label + ")"));
    }
    if (trusted.test(ip)) {
      return UNKNOWN; // a softswitch listed somewhere must not stop every call
    }
    for (SyncedList l : lists) {
      if (l.listed(ip)) {
        return Future.succeededFuture(listed(l.name()));
      }
    }
    if (own.prober(ip)) {
      return Future.succeededFuture(listed("TFPS honeypot"));
    }
    if ((abuse == null && sentryAddresses == null) || !Addresses.routable(ip)) {
      return UNKNOWN;
    }
    Future<Integer> score = abuse == null ? null : bounded(abuse, ip);
    Future<Boolean> seen = sentryAddresses == null ? null : bounded(sentryAddresses, ip);
    if ((score == null || score.isComplete()) && (seen == null || seen.isComplete())) {
      return Future.succeededFuture(facts(score, seen));
    }
    List<Future<?>> all = new ArrayList<>(2);
    if (score != null) {
      all.add(score);
    }
    if (seen != null) {
      all.add(seen);
    }
    return Future.join(all).transform(ar -> Future.succeededFuture(facts(score, seen)));
  }

  @Override
  public Future<String> number(String e164) {
    if (sentryNumbers == null) {
      return NO_SOURCE;
    }
    Future<Boolean> seen = bounded(sentryNumbers, e164);
    if (seen.isComplete()) {
      return Future.succeededFuture(numberSource(seen));
    }
    return seen.transform(ar -> Future.succeededFuture(numberSource(seen)));
  }

  private String numberSource(Future<Boolean> seen) {
    if (seen.succeeded()) {
      return seen.result() ? SentryPeerClient.NAME : "";
    }
    return failClosed ? SentryPeerClient.NAME + " (unanswered)" : "";
  }

  private SourceFacts facts(Future<Integer> score, Future<Boolean> seen) {
    if (seen != null && seen.succeeded() && seen.result()) {
      return listed(SentryPeerClient.NAME);
    }
    if (failClosed) {
      if (seen != null && seen.failed()) {
        return listed(SentryPeerClient.NAME + " (unanswered)");
      }
      if (score != null && score.failed()) {
        return listed(AbuseIpDb.NAME + " (unanswered)");
      }
    }
    if (score != null && score.succeeded()) {
      return new SourceFacts("", score.result(), AbuseIpDb.NAME);
    }
    return SourceFacts.unknown();
  }

  private static SourceFacts listed(String by) {
    return new SourceFacts(by, -1, "");
  }

  /**
   * The look-up's answer, or a failure after the deadline (counted as a miss); the look-up itself
   * goes on and fills the cache.
   */
  private <T> Future<T> bounded(CachedLookup<T> lookup, String key) {
    Future<T> f = lookup.get(key);
    if (f.isComplete()) {
      return f;
    }
    Promise<T> p = Promise.promise();
    long timer =
        vertx.setTimer(
            deadlineMillis,
            id -> {
              // Counted before the call goes on, so whoever sees the decision sees the miss.
              lookup.stats().deadlineMisses.increment();
              if (!p.tryFail(new SourceFailure(lookup.source() + " missed the deadline"))) {
                lookup.stats().deadlineMisses.decrement(); // the answer came first
              }
            });
    f.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            p.tryComplete(ar.result());
          } else {
            p.tryFail(ar.cause());
          }
        });
    return p.future();
  }

  /** Each source's counters on /metrics (nothing when no source is configured). */
  public void register(MetricsRegistry metrics) {
    List<CachedLookup<?>> sources = lookups();
    if (!sources.isEmpty()) {
      series(metrics, "cached", "Look-ups answered from the cache.", sources, LookupStats::cached);
      series(metrics, "fetched", "Look-ups the source answered.", sources, LookupStats::fetched);
      series(
          metrics,
          "failed",
          "Look-ups that failed (errors, bad answers).",
          sources,
          LookupStats::failed);
      series(
          metrics,
          "rate_limited",
          "Look-ups refused or not made because the source answered 429.",
          sources,
          LookupStats::rateLimited);
      series(
          metrics,
          "short_circuited",
          "Look-ups not made because the source's circuit was open.",
          sources,
          LookupStats::shortCircuited);
      series(
          metrics,
          "deadline_misses",
          "Calls decided without the source's answer: it came after tfps.intel.deadline.",
          sources,
          LookupStats::deadlineMisses);
      series(
          metrics,
          "shared_hits",
          "Look-ups answered from the cluster's shared cache (0 without a cluster).",
          sources,
          LookupStats::sharedHits);
      series(
          metrics,
          "shared_writes",
          "Answers this node fetched that the cluster's shared cache kept.",
          sources,
          LookupStats::sharedWrites);
      series(
          metrics,
          "shared_failures",
          "Reads and writes of the cluster's shared cache that failed or came too late.",
          sources,
          LookupStats::sharedFailures);
    }
    if (!lists.isEmpty()) {
      java.util.Map<String, java.util.function.LongSupplier> entries =
          new java.util.LinkedHashMap<>();
      java.util.Map<String, java.util.function.LongSupplier> failures =
          new java.util.LinkedHashMap<>();
      for (SyncedList l : lists) {
        entries.put(l.name(), l::size);
        failures.put(l.name(), l::failures);
      }
      metrics.gaugeOf(
          "tfps_intel_list_entries", "Address blocks on each synchronized list.", "list", entries);
      metrics.counterOf(
          "tfps_intel_list_sync_failures_total",
          "Failed synchronizations of each list.",
          "list",
          failures);
    }
  }

  private static void series(
      MetricsRegistry metrics,
      String what,
      String help,
      List<CachedLookup<?>> sources,
      java.util.function.ToLongFunction<LookupStats> read) {
    java.util.Map<String, java.util.function.LongSupplier> series = new java.util.LinkedHashMap<>();
    for (CachedLookup<?> l : sources) {
      LookupStats s = l.stats();
      series.put(l.source(), () -> read.applyAsLong(s));
    }
    metrics.counterOf("tfps_intel_" + what + "_total", help, "source", series);
  }

  private List<CachedLookup<?>> lookups() {
    List<CachedLookup<?>> all = new ArrayList<>();
    for (CachedLookup<?> l : new CachedLookup<?>[] {abuse, sentryAddresses, sentryNumbers}) {
      if (l != null) {
        all.add(l);
      }
    }
    return all;
  }

  /** The sources' state, for GET /v1/status. */
  public JsonObject status() {
    JsonArray sources = new JsonArray();
    for (CachedLookup<?> l : lookups()) {
      LookupStats s = l.stats();
      sources.add(
          new JsonObject()
              .put("source", l.source())
              .put("circuit", l.circuit())
              .put("cached", l.size())
              .put("fetched", s.fetched())
              .put("failed", s.failed())
              .put("rateLimited", s.rateLimited())
              .put("deadlineMisses", s.deadlineMisses())
              .put("sharedHits", s.sharedHits())
              .put("sharedWrites", s.sharedWrites())
              .put("sharedFailures", s.sharedFailures()));
    }
    JsonArray synced = new JsonArray();
    for (SyncedList l : lists) {
      synced.add(
          new JsonObject()
              .put("list", l.name())
              .put("entries", l.size())
              .put("syncedAt", l.syncedAt() == null ? null : l.syncedAt().toString())
              .put("failures", l.failures()));
    }
    return new JsonObject().put("sources", sources).put("lists", synced);
  }
}
