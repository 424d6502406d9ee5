package org.tfps.app;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.ConfigError;
import org.tfps.config.ConfigLoader;
import org.tfps.config.TfpsConfig;
import org.tfps.store.EmbeddedDatabase;

/**
 * {@code java -jar tfps.jar [--config FILE]}. Exit status: 2 for a usage or configuration error, 1
 * when TFPS cannot start (a listener, the embedded database, the store's journal, a schema it does
 * not know); stopped by SIGTERM it closes cleanly (the JVM then exits 143).
 */
public final class Main {

  /** The system property that sizes the JVM's common fork-join pool. */
  static final String COMMON_POOL = "java.util.concurrent.ForkJoinPool.common.parallelism";

  static {
    // Hazelcast completes its futures on the common fork-join pool, or on a new thread per
    // completion when that pool has one thread (hosts with two cores or fewer): 5,000 instead of
    // 100,000+ cluster writes a second. Set before anything touches the pool.
    if (System.getProperty(COMMON_POOL) == null) {
      System.setProperty(
          COMMON_POOL, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
    // logback.xml picks the appender named by TFPS_LOG_FORMAT; an unknown name would silence
    // every log line, so anything but "json" means text. Runs before the first logger exists.
    String format = System.getenv("TFPS_LOG_FORMAT");
    if (format != null && System.getProperty("TFPS_LOG_FORMAT") == null) {
      System.setProperty(
          "TFPS_LOG_FORMAT", format.trim().equalsIgnoreCase("json") ? "json" : "text");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Optional<Path> file;
    try {
      file = parseArgs(args);
    } catch (IllegalArgumentException e) {
      log.error("usage: tfps [--config FILE] ({})", e.getMessage());
      System.exit(2);
      return;
    }
    TfpsConfig config;
    try {
      config = ConfigLoader.load(file);
    } catch (ConfigError e) {
      log.error("config error: {}", e.getMessage());
      System.exit(2);
      return;
    }
    // This process stops the embedded database itself, after the last snapshot (its hook below).
    EmbeddedDatabase.closedByOwner();
    Vertx vertx = Vertx.vertx();
    io.vertx.core.Future<Tfps> started;
    try {
      started = Tfps.start(vertx, config, Clock.systemUTC());
    } catch (ConfigError e) {
      log.error("config error: {}", e.getMessage());
      vertx.close();
      System.exit(2);
      return;
    }
    started
        .onSuccess(t -> log.info("TFPS {} started on node {}", Tfps.version(), config.nodeName()))
        .onFailure(
            e -> {
              // A data file is checked while starting (after the cluster member, when there is
              // one): it is still the operator's configuration, so exit 2.
              if (e instanceof ConfigError) {
                log.error("config error: {}", e.getMessage());
              } else {
                log.error("TFPS could not start: {}", e.toString());
              }
              vertx.close();
              System.exit(e instanceof ConfigError ? 2 : 1);
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("TFPS stopping");
                  try {
                    if (started.succeeded()) {
                      // A cluster member hands its accounts over before it leaves (at most
                      // 45 s): the whole stop stays within systemd's default 90 s.
                      started.result().close().await(75, TimeUnit.SECONDS);
                    }
                    vertx.close().await(10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    log.warn("shutdown did not finish cleanly: {}", e.toString());
                  } finally {
                    EmbeddedDatabase.ownerClosed();
                  }
                },
                "tfps-shutdown"));
  }

  static Optional<Path> parseArgs(String[] args) {
    Optional<Path> file = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config", "-c" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--config needs a file");
          }
          file = Optional.of(Path.of(args[++i]));
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    return file;
  }
}
