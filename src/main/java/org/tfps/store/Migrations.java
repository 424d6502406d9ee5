package org.tfps.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Brings the database schema up to date with ordered SQL scripts from the class path, the way
 * Flyway does. Not Flyway or Liquibase: both run migrations over JDBC, and TFPS reaches MySQL only
 * through vertx-mysql-client, which is not JDBC, so either would mean shipping and configuring a
 * JDBC driver and a second connection path for the migrations alone.
 *
 * <p>{@code db/migration/index.txt} lists the scripts in order, one name a line ({@code
 * V1__schema.sql}, {@code V2__...}; blank lines and {@code #} comments are ignored); script {@code
 * Vn} must be the n-th. Table {@code schema_version} records each applied script with the CRC32 of
 * its text. See docs/database.md for the rules a new script must follow.
 */
public final class Migrations {

  /** The class-path resource that lists the scripts. */
  static final String INDEX = "db/migration/index.txt";

  /** The folder of the scripts on the class path. */
  static final String FOLDER = "db/migration/";

  /** The MySQL user lock that serializes nodes starting at the same time. */
  static final String LOCK = "tfps_migrations";

  /** How long a node waits for another node's migrations before giving up. */
  static final int LOCK_WAIT_SECONDS = 60;

  private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__[A-Za-z0-9_]+\\.sql");

  private static final String CREATE_VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS schema_version ("
          + " version INT NOT NULL PRIMARY KEY,"
          + " name VARCHAR(200) NOT NULL,"
          + " checksum BIGINT NOT NULL,"
          + " applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)"
          + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

  private Migrations() {}

  /**
   * Applies the scripts of {@link #INDEX} that the database has not seen yet, on one connection of
   * {@code pool} holding the lock {@value #LOCK} so two nodes starting together apply each script
   * once. Reads the scripts (a few KB) from the class path before it returns.
   *
   * @return the schema version afterwards, the number of scripts; failed with a {@link Failure}
   *     when the scripts cannot be read, the lock is not granted within {@value #LOCK_WAIT_SECONDS}
   *     s, an applied script was changed, the database is newer than this code or a statement
   *     fails; failed with the client's exception when the database does not answer
   */
  public static Future<Integer> apply(Pool pool) {
    List<Script> scripts;
    try {
      scripts = load(INDEX);
    } catch (Failure e) {
      return Future.failedFuture(e);
    }
    return apply(pool, scripts, LOCK_WAIT_SECONDS);
  }

  /** Applies {@code scripts}, which tests build in memory, waiting as long as told for the lock. */
  static Future<Integer> apply(Pool pool, List<Script> scripts, int lockWaitSeconds) {
    return pool.withConnection(
        conn ->
            lock(conn, lockWaitSeconds)
                .compose(
                    locked ->
                        migrate(conn, scripts)
                            .eventually(
                                () ->
                                    conn.preparedQuery("SELECT RELEASE_LOCK(?)")
                                        .execute(Tuple.of(LOCK)))));
  }

  /** A migration script: its version, its file name and its text (line ends as {@code \n}). */
  record Script(int version, String name, String text) {

    /** A script named {@code V<n>__<words>.sql}. */
    static Script of(String name, String text) {
      Matcher m = NAME.matcher(name);
      if (!m.matches()) {
        throw new Failure(
            Failure.Reason.BAD_SCRIPT,
            "migration script name '" + name + "' is not V<number>__<words>.sql");
      }
      return new Script(
          Integer.parseInt(m.group(1)), name, text.replace("\r\n", "\n").replace('\r', '\n'));
    }

    /** The CRC32 of the text: any change, even to a comment, changes it. */
    long checksum() {
      CRC32 crc = new CRC32();
      crc.update(text.getBytes(StandardCharsets.UTF_8));
      return crc.getValue();
    }

    /**
     * The statements: a statement ends at a line whose last non-blank character is {@code ;}; lines
     * that hold only a {@code --} or {@code #} comment are dropped. No stored procedures, so no
     * {@code DELIMITER}.
     */
    List<String> statements() {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : text.split("\n")) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("--") || t.startsWith("#")) {
          continue;
        }
        current.append(line.stripTrailing()).append('\n');
        if (t.endsWith(";")) {
          current.setLength(current.lastIndexOf(";"));
          out.add(current.toString().strip());
          current.setLength(0);
        }
      }
      if (!current.toString().isBlank()) {
        out.add(current.toString().strip());
      }
      return out;
    }
  }

  /** Why the schema could not be brought up to date; the message says what to do. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong; only {@link #LOCKED} may pass by itself, the others need an operator. */
    public enum Reason {
      /** The index or a script is missing, misnamed or out of order (a build problem). */
      BAD_SCRIPT,
      /** Another node held the lock for longer than {@value Migrations#LOCK_WAIT_SECONDS} s. */
      LOCKED,
      /** A script already applied has changed since. */
      CHANGED,
      /** The database has a version this code does not know (a newer TFPS applied it). */
      NEWER,
      /** The database refused a statement of a script. */
      STATEMENT
    }

    private final Reason reason;

    Failure(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    Failure(Reason reason, String message, Throwable cause) {
      super(message, cause);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  /** Reads the index and every script it names. */
  static List<Script> load(String index) {
    List<Script> scripts = new ArrayList<>();
    for (String line : read(index).split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Script script = Script.of(name, read(FOLDER + name));
      if (script.version() != scripts.size() + 1) {
        throw new Failure(
            Failure.Reason.BAD_SCRIPT,
            index
                + ": "
                + name
                + " is script number "
                + (scripts.size() + 1)
                + "; versions must be 1, 2, 3... in order");
      }
      scripts.add(script);
    }
    return List.copyOf(scripts);
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new Failure(
            Failure.Reason.BAD_SCRIPT, resource + " is not on the class path (a broken build?)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Failure(Failure.Reason.BAD_SCRIPT, "cannot read " + resource + ": " + e, e);
    }
  }

  private static Future<Void> lock(SqlConnection conn, int waitSeconds) {
    return conn.preparedQuery("SELECT GET_LOCK(?, ?)")
        .execute(Tuple.of(LOCK, waitSeconds))
        .compose(
            rows -> {
              Long granted = rows.iterator().next().getLong(0);
              if (granted != null && granted == 1) {
                return Future.succeededFuture();
              }
              return Future.failedFuture(
                  new Failure(
                      Failure.Reason.LOCKED,
                      "another node has held lock '"
                          + LOCK
                          + "' for more than "
                          + waitSeconds
                          + " s while applying migrations; check that node's log, or find the"
                          + " holder with SELECT IS_USED_LOCK('"
                          + LOCK
                          + "')"));
            });
  }

  private static Future<Integer> migrate(SqlConnection conn, List<Script> scripts) {
    return conn.query(CREATE_VERSION_TABLE)
        .execute()
        .compose(
            created ->
                conn.query("SELECT version, name, checksum FROM schema_version ORDER BY version")
                    .execute())
        .compose(
            applied -> {
              int current = check(applied, scripts);
              Future<Void> chain = Future.succeededFuture();
              for (Script script : scripts.subList(current, scripts.size())) {
                chain = chain.compose(done -> run(conn, script));
              }
              return chain.map(done -> scripts.size());
            });
  }

  /** Refuses a database that does not match the scripts; returns the version it is at. */
  private static int check(RowSet<Row> applied, List<Script> scripts) {
    int expected = 1;
    for (Row row : applied) {
      int version = row.getInteger("version");
      String name = row.getString("name");
      if (version > scripts.size()) {
        throw new Failure(
            Failure.Reason.NEWER,
            "the database is at schema version "
                + version
                + " ("
                + name
                + ") but this TFPS knows versions up to "
                + scripts.size()
                + "; run the TFPS version that applied it, or restore a backup taken before");
      }
      if (version != expected) {
        throw new Failure(
            Failure.Reason.CHANGED,
            "schema_version has "
                + name
                + " but not version "
                + expected
                + "; the table was edited by hand, restore it");
      }
      Script script = scripts.get(version - 1);
      if (row.getLong("checksum") != script.checksum()) {
        throw new Failure(
            Failure.Reason.CHANGED,
            "migration "
                + script.name()
                + " changed after it was applied as "
                + name
                + " (checksum "
                + row.getLong("checksum")
                + ", now "
                + script.checksum()
                + "); applied scripts must never change: restore the original and add a new"
                + " script for the change");
      }
      expected++;
    }
    return expected - 1;
  }

  /**
   * Runs one script's statements in order, then records it. MySQL commits each DDL statement by
   * itself, so a script that fails half-way leaves its earlier statements applied.
   */
  private static Future<Void> run(SqlConnection conn, Script script) {
    List<String> statements = script.statements();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < statements.size(); i++) {
      String sql = statements.get(i);
      int number = i + 1;
      chain =
          chain.compose(
              done ->
                  conn.query(sql)
                      .execute()
                      .<Void>mapEmpty()
                      .recover(e -> Future.failedFuture(refused(script, number, sql, e))));
    }
    return chain
        .compose(
            done ->
                conn.preparedQuery(
                        "INSERT INTO schema_version (version, name, checksum) VALUES (?, ?, ?)")
                    .execute(Tuple.of(script.version(), script.name(), script.checksum())))
        .mapEmpty();
  }

  /** A statement the database refused, as a {@link Failure}; other errors as they are. */
  private static Throwable refused(Script script, int number, String sql, Throwable e) {
    if (!(e instanceof DatabaseException)) {
      return e; // the database does not answer: worth a retry
    }
    return new Failure(
        Failure.Reason.STATEMENT,
        "migration "
            + script.name()
            + " statement "
            + number
            + " ("
            + firstLine(sql)
            + ") failed: "
            + e.getMessage()
            + "; statements before it stay applied (MySQL commits DDL at once): fix the database"
            + " by hand, then restart",
        e);
  }

  private static String firstLine(String sql) {
    int end = sql.indexOf('\n');
    return end < 0 ? sql : sql.substring(0, end) + " ...";
  }
}
