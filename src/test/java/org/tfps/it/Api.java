package org.tfps.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The REST API of a TFPS process the test started (target/tfps.jar), on 127.0.0.1. */
final class Api {

  private Api() {}

  /** The body of {@code GET path}. */
  static String get(int port, String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
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
