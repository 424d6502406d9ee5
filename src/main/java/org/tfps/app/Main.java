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

/**
 * {@code java -jar tfps.jar [--config FILE]}. Exit status: 2 for a usage or configuration error, 1
 * when TFPS cannot start (a listener, the embedded database, the store's journal, a schema it does
 * not know); stopped by SIGTERM it closes cleanly (the JVM then exits 143).
 */
public final class Main {

  static {
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
              log.error("TFPS could not start: {}", e.toString());
              vertx.close();
              System.exit(1);
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("TFPS stopping");
                  try {
                    if (started.succeeded()) {
                      started.result().close().await(20, TimeUnit.SECONDS);
                    }
                    vertx.close().await(10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    log.warn("shutdown did not finish cleanly: {}", e.toString());
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
