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
 * {@code java -jar tfps.jar [--config FILE] [--check-config]}. Exit status: 2 for a usage or
 * configuration error, 1 when TFPS cannot start (a listener, the embedded database, the store's
 * journal, a schema it does not know); stopped by SIGTERM it closes cleanly (the JVM then exits
 * 143). {@code --check-config} reads the configuration and the files it names, says what is wrong
 * or that it is fine, and exits (0 or 2) without starting anything.
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

  /** The command line: the configuration file (else the appliance's, else none), and the mode. */
  record Args(Optional<Path> config, boolean checkOnly) {}

  public static void main(String[] args) {
    Optional<Path> file;
    Args parsed;
    try {
      parsed = parseArgs(args);
      file = parsed.config();
    } catch (IllegalArgumentException e) {
      log.error("usage: tfps [--config FILE] [--check-config] ({})", e.getMessage());
      System.exit(2);
      return;
    }
    if (parsed.checkOnly()) {
      System.exit(check(file, System.out, System.err));
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

  static Args parseArgs(String[] args) {
    Optional<Path> file = Optional.empty();
    boolean check = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config", "-c" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--config needs a file");
          }
          file = Optional.of(Path.of(args[++i]));
        }
        case "--check-config" -> check = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    return new Args(file, check);
  }

  /**
   * Checks the configuration as a start would, without starting anything or writing a file: the
   * keys, the rule data files it names (lists, ranges, tariffs), and the verify prompts when the
   * dialog is on. Prints one line on {@code out} when it is fine, the error on {@code err}.
   *
   * @return 0 when TFPS would start with it, 2 otherwise
   */
  static int check(Optional<Path> file, java.io.PrintStream out, java.io.PrintStream err) {
    String name =
        file.map(Path::toString)
            .orElse(
                java.nio.file.Files.exists(ConfigLoader.APPLIANCE_FILE)
                    ? ConfigLoader.APPLIANCE_FILE.toString()
                    : "the embedded defaults");
    try {
      TfpsConfig config = ConfigLoader.load(file);
      Tfps.decisions(config);
      org.tfps.config.VerifyConfig v = config.verify();
      if (v.answers()) {
        org.tfps.ivr.Prompts.load(
            v.language(), v.promptsDir(), org.tfps.ivr.Challenge.promptNames());
      }
      out.println(
          "tfps: configuration OK ("
              + name
              + "): SIP "
              + config.sip().mode().name().toLowerCase(java.util.Locale.ROOT)
              + " mode on "
              + config.sip().bind()
              + ":"
              + config.sip().udpPort()
              + ", API on "
              + config.api().bind()
              + ":"
              + config.api().port()
              + ", verify "
              + v.mode().name().toLowerCase(java.util.Locale.ROOT)
              + ", database "
              + (config.db().url().isEmpty()
                  ? "embedded"
                  : config.db().url().equals("none") ? "none" : "external")
              + ", cluster "
              + (config.cluster().members().isEmpty()
                  ? "off"
                  : config.cluster().members().size() + " members"));
      return 0;
    } catch (ConfigError e) {
      err.println("tfps: config error: " + e.getMessage());
      return 2;
    } catch (org.tfps.ivr.PromptException e) {
      err.println("tfps: config error: tfps.verify prompts: " + e.getMessage());
      return 2;
    }
  }
}
