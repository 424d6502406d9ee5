package org.tfps.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A TFPS process the test starts (target/tfps.jar), and its REST API on 127.0.0.1. */
final class Api {

  private Api() {}

  /**
   * Starts {@code java -jar} on the jar under test ({@code -Dtfps.jar}, else target/tfps.jar, built
   * before the integration tests) with {@code --config conf}, its output appended to {@code log}.
   */
  static Process startJar(Path conf, Path log) throws IOException {
    Path jar = Path.of(System.getProperty("tfps.jar", "target/tfps.jar"));
    if (!Files.exists(jar)) {
      throw new AssertionError("no " + jar + ": build it first (mvn package)");
    }
    return new ProcessBuilder(
            java.util.List.of("java", "-jar", jar.toString(), "--config", conf.toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** The body of {@code GET path}, with the tests' token. */
  static String get(int port, String path) throws IOException, InterruptedException {
    return send(port, "GET", path, TfpsHarness.TEST_TOKEN, null).body();
  }

  /** A request with {@code token} (null: none) and a JSON {@code body} (null: none). */
  static HttpResponse<String> send(int port, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Waits (at most 90 s) until {@code /health} answers UP, and returns its body; fails with the
   * process's log when it exits or does not get there.
   */
  static String waitForHealth(int port, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("TFPS exited: " + Files.readString(log));
      }
      try {
        String health = get(port, "/health");
        if (health.contains("UP")) {
          return health;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError("TFPS not healthy within 90 s: " + Files.readString(log));
  }
}
