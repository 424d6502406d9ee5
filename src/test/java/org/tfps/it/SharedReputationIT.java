package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.testing.ReputationServers;

/**
 * Two TFPS nodes in one cluster (in this JVM, on loopback) ask a local AbuseIPDB-format server
 * through the cluster's shared reputation cache (issue 4): an address looked up through node A is
 * answered by node B without a second request, and B still answers the addresses only A looked up
 * once A's member crashed (each answer has one synchronous backup).
 */
class SharedReputationIT {

  private static final int ADDRESSES = 12;

  @TempDir Path dir;

  private final Vertx serverVertx = Vertx.vertx();
  private ReputationServers servers;
  private TfpsHarness a;
  private TfpsHarness b;
  private int calls;

  @AfterEach
  void stop() throws Exception {
    for (TfpsHarness n : new TfpsHarness[] {b, a}) {
      if (n != null) {
        try {
          n.close();
        } catch (Exception crashedMember) {
          // A's member was terminated by the test: its leave fails
        }
      }
    }
    if (servers != null) {
      servers.close();
    }
    serverVertx.close().await(10, TimeUnit.SECONDS);
  }

  private TfpsHarness node(String name, int port, int portA, int portB) throws Exception {
    return TfpsHarness.start(
        dir,
        "tfps.node-name = "
            + name
            + "\ntfps.cluster { name = tfps-shared-reputation-it, members = [\"127.0.0.1:"
            + portA
            + "\", \"127.0.0.1:"
            + portB
            + "\"], port = "
            + port
            + " }\n"
            + "tfps.sip.trusted-peers = [\"127.0.0.1/32\"]\ntfps.decision.deadline = 2s\n"
            + "tfps.intel {\n  deadline = 1s\n"
            + "  abuseipdb { enabled = true, url = \""
            + servers.url()
            + "\", key = \""
            + ReputationServers.ABUSEIPDB_KEY
            + "\", timeout = 3s }\n}\n");
  }

  /** Decides one call from {@code sourceIp} on {@code node} (a new account each time). */
  private JsonObject decide(TfpsHarness node, String sourceIp) throws Exception {
    calls++;
    return new JsonObject(
        Api.send(
                node.tfps.apiPort(),
                "POST",
                "/v1/decide",
                TfpsHarness.TEST_TOKEN,
                new JsonObject()
                    .put("account", (3000 + calls) + "@pbx.example.com")
                    .put("dialed", "+12125550100")
                    .put("sourceIp", sourceIp)
                    .encode())
            .body());
  }

  private static void waitFor(TfpsHarness node, String sample, long atLeast) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (node.metric(sample) < atLeast && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    assertThat(node.metric(sample)).as(sample).isGreaterThanOrEqualTo(atLeast);
  }

  private static void assertDeniedByScore(JsonObject v) {
    assertThat(v.getString("action")).as(v.encode()).isEqualTo("deny");
    assertThat(v.getString("code")).isEqualTo("R02");
    assertThat(v.getString("evidence")).contains("97").contains("abuseipdb");
  }

  @Test
  void anAddressLookedUpOnAIsAnsweredByBWithoutASecondRequestAlsoAfterACrashes() throws Exception {
    servers = ReputationServers.start(serverVertx).score("198.51.100.7", 97);
    for (int i = 0; i < ADDRESSES; i++) {
      servers.score("198.51.100." + (100 + i), 97);
    }
    int portA = Ports.freeUdpAndTcp();
    int portB = Ports.freeUdpAndTcp();
    a = node("a", portA, portA, portB);
    b = node("b", portB, portA, portB);
    waitFor(a, "tfps_cluster_members", 2);

    // Looked up through A: one request; B takes the cluster's answer.
    assertDeniedByScore(decide(a, "198.51.100.7"));
    assertThat(servers.count("abuseipdb")).isEqualTo(1);
    waitFor(a, "tfps_intel_shared_writes_total{source=\"abuseipdb\"}", 1);
    assertDeniedByScore(decide(b, "198.51.100.7"));
    assertThat(servers.count("abuseipdb")).as("B did not ask the server").isEqualTo(1);
    assertThat(b.metric("tfps_intel_shared_hits_total{source=\"abuseipdb\"}")).isEqualTo(1);
    assertThat(b.metric("tfps_intel_fetched_total{source=\"abuseipdb\"}")).isZero();

    // More addresses looked up through A only (some in partitions A owns, whatever the hash).
    for (int i = 0; i < ADDRESSES; i++) {
      assertDeniedByScore(decide(a, "198.51.100." + (100 + i)));
    }
    assertThat(servers.count("abuseipdb")).isEqualTo(1 + ADDRESSES);
    waitFor(a, "tfps_intel_shared_writes_total{source=\"abuseipdb\"}", 1 + ADDRESSES);

    // A's member dies without a goodbye; B, alone, answers them all from the backups.
    HazelcastInstance memberOfA = Hazelcast.getHazelcastInstanceByName("tfps-a-" + portA);
    assertThat(memberOfA).isNotNull();
    memberOfA.getLifecycleService().terminate();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (b.metric("tfps_cluster_members") != 1 && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertThat(b.metric("tfps_cluster_members")).isEqualTo(1);
    for (int i = 0; i < ADDRESSES; i++) {
      assertDeniedByScore(decide(b, "198.51.100." + (100 + i)));
    }
    assertThat(servers.count("abuseipdb")).as("B did not ask the server").isEqualTo(1 + ADDRESSES);
    assertThat(b.metric("tfps_intel_shared_failures_total{source=\"abuseipdb\"}")).isZero();

    String status = b.get("/v1/status");
    assertMatchesTheContract(status);
    JsonObject source =
        new JsonObject(status).getJsonObject("intel").getJsonArray("sources").getJsonObject(0);
    assertThat(source.getString("source")).isEqualTo("abuseipdb");
    assertThat(source.getLong("sharedHits")).isEqualTo(1L + ADDRESSES);
    assertThat(source.getLong("fetched")).isZero();
  }

  /** {@code GET /v1/status}'s body (with a cluster and a source) against docs/openapi.yaml. */
  private void assertMatchesTheContract(String status) throws Exception {
    OpenAPIContract contract =
        OpenAPIContract.from(serverVertx, Path.of("docs/openapi.yaml").toAbsolutePath().toString())
            .await(30, TimeUnit.SECONDS);
    Operation op = contract.findOperation("/v1/status", HttpMethod.GET);
    ResponseValidator.create(serverVertx, contract)
        .validate(
            ValidatableResponse.create(
                200,
                Map.of("Content-Type", "application/json"),
                Buffer.buffer(status),
                "application/json"),
            op.getOperationId())
        .await(10, TimeUnit.SECONDS);
  }
}
