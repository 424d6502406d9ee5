package org.tfps.intel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tfps.config.TfpsConfig;
import org.tfps.engine.SourceFacts;
import org.tfps.testing.MutableClock;
import org.tfps.testing.ReputationServers;
import org.tfps.testing.ReputationServers.Mode;

/**
 * The reputation sources against local servers that speak AbuseIPDB's, APIBAN's and SentryPeer's
 * documented formats: caching, the deadline and its policy, the circuit breaker, 429 pauses,
 * malformed answers, OAuth2 tokens, list synchronization, and what is never asked.
 */
class ReputationTest {

  private static final String BAD = "198.51.100.7";
  private static final String CLEAN = "203.0.113.9";

  private Vertx vertx;
  private ReputationServers servers;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private Reputation reputation;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    servers = ReputationServers.start(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    if (reputation != null) {
      reputation.stop();
    }
    servers.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private TfpsConfig.AbuseIpDb abuse(Duration timeout) {
    return new TfpsConfig.AbuseIpDb(
        servers.url(), ReputationServers.ABUSEIPDB_KEY, 90, Duration.ofHours(6), timeout);
  }

  private TfpsConfig.SentryPeer sentry() {
    return new TfpsConfig.SentryPeer(
        servers.url(),
        servers.url() + "/oauth/token",
        "https://sentrypeer.com/api",
        ReputationServers.SENTRYPEER_ID,
        ReputationServers.SENTRYPEER_SECRET,
        true,
        true,
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        Duration.ofSeconds(2));
  }

  private TfpsConfig.ApiBan apiBan(String key) {
    return new TfpsConfig.ApiBan(
        servers.url() + "/api",
        key,
        "sip",
        Duration.ofSeconds(1),
        Duration.ofHours(24),
        Duration.ofMillis(10),
        Duration.ofSeconds(2));
  }

  private Reputation start(
      TfpsConfig.AbuseIpDb a,
      TfpsConfig.ApiBan b,
      TfpsConfig.SentryPeer s,
      List<TfpsConfig.UrlList> lists,
      boolean failClosed,
      long deadlineMillis) {
    TfpsConfig.Intel config =
        new TfpsConfig.Intel(
            Duration.ofMillis(deadlineMillis),
            failClosed,
            1000,
            3,
            Duration.ofSeconds(30),
            a,
            b,
            s,
            lists);
    reputation =
        new Reputation(
            vertx,
            clock,
            config,
            new ListedSources(IpDenyList.empty()),
            new BadActors(new ListedSources(IpDenyList.empty())),
            ip -> ip.equals("192.0.2.10"));
    reputation.start();
    return reputation;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
  }

  @Test
  void abuseIpDbScoreIsAskedOnceThenServedFromTheCache() throws Exception {
    servers.score(BAD, 97);
    Reputation r = start(abuse(Duration.ofSeconds(2)), null, null, List.of(), false, 2000);
    assertThat(await(r.lookup(BAD))).isEqualTo(new SourceFacts("", 97, "abuseipdb"));
    assertThat(await(r.lookup(CLEAN))).isEqualTo(new SourceFacts("", 0, "abuseipdb"));
    Future<SourceFacts> again = r.lookup(BAD);
    assertThat(again.isComplete()).as("a cached answer needs no wait").isTrue();
    assertThat(again.result().score()).isEqualTo(97);
    assertThat(servers.count("abuseipdb")).isEqualTo(2);
    // Past its TTL the score is asked again.
    clock.advance(Duration.ofHours(7));
    assertThat(await(r.lookup(BAD)).score()).isEqualTo(97);
    assertThat(servers.count("abuseipdb")).isEqualTo(3);
  }

  @Test
  void aSlowSourceMissesTheDeadlineThenItsLateAnswerServesTheNextCall() throws Exception {
    servers.score(BAD, 95).mode("abuseipdb", Mode.SLOW).slowMillis(300);
    Reputation r = start(abuse(Duration.ofSeconds(2)), null, null, List.of(), false, 30);
    assertThat(await(r.lookup(BAD)))
        .as("fail-open: nothing known")
        .isEqualTo(SourceFacts.unknown());
    assertThat(r.status().getJsonArray("sources").getJsonObject(0).getLong("deadlineMisses"))
        .isEqualTo(1);
    eventually(() -> r.lookup(BAD).isComplete());
    assertThat(r.lookup(BAD).result().score()).isEqualTo(95);
    assertThat(servers.count("abuseipdb")).isEqualTo(1);
  }

  @Test
  void failClosedListsAnAddressWhoseLookUpFailed() throws Exception {
    servers.mode("abuseipdb", Mode.ERROR_500);
    Reputation r = start(abuse(Duration.ofSeconds(2)), null, null, List.of(), true, 2000);
    assertThat(await(r.lookup(BAD)).listedIn()).isEqualTo("abuseipdb (unanswered)");
  }

  @Test
  void failuresOpenTheCircuitAndTheSourceIsNotAskedUntilItResets() throws Exception {
    servers.mode("abuseipdb", Mode.ERROR_500);
    Reputation r = start(abuse(Duration.ofSeconds(2)), null, null, List.of(), false, 2000);
    for (int i = 0; i < 3; i++) {
      assertThat(await(r.lookup("198.51.100." + (20 + i)))).isEqualTo(SourceFacts.unknown());
    }
    assertThat(servers.count("abuseipdb")).isEqualTo(3);
    assertThat(await(r.lookup("198.51.100.40"))).isEqualTo(SourceFacts.unknown());
    assertThat(servers.count("abuseipdb")).as("the open circuit sends nothing").isEqualTo(3);
    var source = r.status().getJsonArray("sources").getJsonObject(0);
    assertThat(source.getString("circuit")).isEqualTo("open");
    assertThat(source.getLong("failed")).isEqualTo(3);
  }

  @Test
  void malformedJsonAndTimeoutsAreFailuresNotAnswers() throws Exception {
    servers.mode("abuseipdb", Mode.MALFORMED);
    Reputation r = start(abuse(Duration.ofMillis(200)), null, null, List.of(), false, 2000);
    assertThat(await(r.lookup(BAD))).isEqualTo(SourceFacts.unknown());
    servers.mode("abuseipdb", Mode.HANG);
    assertThat(await(r.lookup(CLEAN))).isEqualTo(SourceFacts.unknown());
    assertThat(r.status().getJsonArray("sources").getJsonObject(0).getLong("failed")).isEqualTo(2);
  }

  @Test
  void a429PausesTheSourceForItsRetryAfter() throws Exception {
    servers.mode("abuseipdb", Mode.RATE_LIMITED).retryAfter(120);
    Reputation r = start(abuse(Duration.ofSeconds(2)), null, null, List.of(), false, 2000);
    assertThat(await(r.lookup(BAD))).isEqualTo(SourceFacts.unknown());
    servers.mode("abuseipdb", Mode.NORMAL).score(CLEAN, 70);
    assertThat(await(r.lookup(CLEAN))).isEqualTo(SourceFacts.unknown());
    assertThat(servers.count("abuseipdb")).as("paused: not asked").isEqualTo(1);
    clock.advance(Duration.ofSeconds(121));
    assertThat(await(r.lookup(CLEAN)).score()).isEqualTo(70);
    assertThat(servers.count("abuseipdb")).isEqualTo(2);
  }

  @Test
  void trustedPeersAndPrivateAddressesAreNeverSentOut() throws Exception {
    servers.score("192.0.2.10", 100);
    Reputation r = start(abuse(Duration.ofSeconds(2)), null, sentry(), List.of(), true, 2000);
    for (String ip : List.of("192.0.2.10", "10.1.2.3", "192.168.1.5", "127.0.0.1", "fe80::1")) {
      assertThat(await(r.lookup(ip))).as(ip).isEqualTo(SourceFacts.unknown());
    }
    assertThat(servers.count("abuseipdb") + servers.count("addresses")).isZero();
  }

  @Test
  void sentryPeerNumbersAndAddressesWithOneTokenUntilItExpires() throws Exception {
    servers.seenNumber("88213012345").seenAddress(BAD).tokenLifetime(600);
    Reputation r = start(null, null, sentry(), List.of(), false, 2000);
    assertThat(await(r.number("+88213012345"))).isEqualTo("sentrypeer");
    assertThat(await(r.number("+442079460123"))).isEmpty();
    assertThat(await(r.lookup(BAD)).listedIn()).isEqualTo("sentrypeer");
    assertThat(await(r.lookup(CLEAN))).isEqualTo(SourceFacts.unknown());
    assertThat(servers.tokensIssued()).isEqualTo(1);
    // Negative answers are kept for negative-ttl (10 min), positive ones for cache-ttl (1 h).
    clock.advance(Duration.ofMinutes(11));
    assertThat(await(r.number("+442079460123"))).isEmpty();
    assertThat(servers.count("numbers")).isEqualTo(3);
    assertThat(await(r.number("+88213012345"))).isEqualTo("sentrypeer");
    assertThat(servers.count("numbers")).isEqualTo(3);
    assertThat(servers.tokensIssued()).as("token renewed a minute before it expires").isEqualTo(2);
  }

  @Test
  void sentryPeerWithWrongCredentialsFailsWithoutListingAnything() throws Exception {
    TfpsConfig.SentryPeer s = sentry();
    TfpsConfig.SentryPeer wrong =
        new TfpsConfig.SentryPeer(
            s.url(),
            s.tokenUrl(),
            s.audience(),
            s.clientId(),
            "not-the-secret",
            true,
            true,
            s.cacheTtl(),
            s.negativeTtl(),
            s.timeout());
    servers.seenNumber("88213012345");
    Reputation r = start(null, null, wrong, List.of(), false, 2000);
    assertThat(await(r.number("+88213012345"))).isEmpty();
    assertThat(servers.count("numbers")).isZero();
    assertThat(r.status().getJsonArray("sources").getJsonObject(1).getLong("failed")).isEqualTo(1);
  }

  @Test
  void apiBanIsSynchronizedPageByPageThenOnlyNewBansAreFetched() throws Exception {
    servers.ban("198.51.100.1", "198.51.100.2", "198.51.100.3", "2001:db8::66");
    Reputation r = start(null, apiBan(ReputationServers.APIBAN_KEY), null, List.of(), false, 20);
    eventually(() -> r.status().getJsonArray("lists").getJsonObject(0).getInteger("entries") == 4);
    assertThat(await(r.lookup("198.51.100.3")).listedIn()).isEqualTo("apiban");
    assertThat(await(r.lookup("2001:db8:0:0::66")).listedIn()).isEqualTo("apiban");
    assertThat(await(r.lookup(CLEAN))).isEqualTo(SourceFacts.unknown());
    assertThat(servers.apiBanIds()).startsWith("100", "1002", "1004");
    servers.ban("198.51.100.5");
    eventually(() -> r.status().getJsonArray("lists").getJsonObject(0).getInteger("entries") == 5);
    assertThat(await(r.lookup("198.51.100.5")).listedIn()).isEqualTo("apiban");
    assertThat(servers.apiBanIds().subList(3, servers.apiBanIds().size()))
        .as("later synchronizations ask from the last ID, not the whole list")
        .doesNotContain("100");
  }

  @Test
  void apiBanRefusalsKeepTheListInForceAndAreCounted() throws Exception {
    Reputation r = start(null, apiBan("wrong-key"), null, List.of(), false, 20);
    eventually(() -> r.status().getJsonArray("lists").getJsonObject(0).getLong("failures") >= 1);
    assertThat(r.status().getJsonArray("lists").getJsonObject(0).getInteger("entries")).isZero();
  }

  @Test
  void aUrlListIsFetchedAndAFailedRefreshKeepsIt() throws Exception {
    servers.listBody("# voip scanners\n198.51.100.0/28, scanners\n\n2001:db8:5::/48\nnot-an-ip\n");
    Reputation r =
        start(
            null,
            null,
            null,
            List.of(
                new TfpsConfig.UrlList(
                    "scanners", servers.url() + "/list.txt", Duration.ofMinutes(1))),
            false,
            20);
    eventually(() -> r.status().getJsonArray("lists").getJsonObject(0).getInteger("entries") == 2);
    assertThat(await(r.lookup("198.51.100.14")).listedIn()).isEqualTo("scanners");
    assertThat(await(r.lookup("198.51.100.16"))).isEqualTo(SourceFacts.unknown());
  }

  @Test
  void routableAddressesAreOnlyPublicUnicastOnes() {
    for (String ip : List.of("198.51.100.7", "8.8.8.8", "2001:db8::1", "::ffff:198.51.100.7")) {
      assertThat(Addresses.routable(ip)).as(ip).isTrue();
    }
    for (String ip :
        List.of(
            "10.0.0.1",
            "172.16.5.4",
            "172.31.255.255",
            "192.168.0.1",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.1.1",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1",
            "not-an-ip",
            "")) {
      assertThat(Addresses.routable(ip)).as(ip).isFalse();
    }
  }
}
