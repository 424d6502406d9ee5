package org.tfps.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real MariaDB for integration tests: an {@link EmbeddedDatabase} in a folder of the test, or,
 * when the environment variable {@value #URL_VARIABLE} is set ({@code
 * mysql://user:password@host:3306/db}), that server. On a server of your own the user needs the
 * right to create and drop databases named {@code tfps_test_%}: {@link #freshDatabase} makes them.
 */
public final class TestDatabase implements AutoCloseable {

  /** The environment variable naming an external server for the tests. */
  public static final String URL_VARIABLE = "TFPS_TEST_DB_URL";

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,40}");

  private final EmbeddedDatabase embedded;
  private final MySQLConnectOptions options;

  private TestDatabase(EmbeddedDatabase embedded, MySQLConnectOptions options) {
    this.embedded = embedded;
    this.options = options;
  }

  /** The server of {@value #URL_VARIABLE}, else an embedded one under {@code dir} (blocking). */
  public static TestDatabase start(Path dir) {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return new TestDatabase(null, MySQLConnectOptions.fromUri(url));
    }
    EmbeddedDatabase db = EmbeddedDatabase.start(dir);
    return new TestDatabase(db, db.connectOptions());
  }

  /** The embedded database, to stop and start it; empty on an external server. */
  public Optional<EmbeddedDatabase> embedded() {
    return Optional.ofNullable(embedded);
  }

  /** How to reach the main database (tfps on the embedded server, the URL's otherwise). */
  public MySQLConnectOptions options() {
    return new MySQLConnectOptions(options);
  }

  /**
   * A pool as TFPS builds one: UTC sessions (TFPS keeps times in UTC).
   *
   * @param target from {@link #options()} or {@link #freshDatabase}
   */
  /** The tfps.db.url of {@code o}: mysql://user[:password]@host:port/database. */
  public static String url(MySQLConnectOptions o) {
    String password =
        o.getPassword() == null || o.getPassword().isEmpty() ? "" : ":" + o.getPassword();
    return "mysql://"
        + o.getUser()
        + password
        + "@"
        + o.getHost()
        + ":"
        + o.getPort()
        + "/"
        + o.getDatabase();
  }

  public static Pool pool(Vertx vertx, MySQLConnectOptions target) {
    return MySQLBuilder.pool()
        .connectingTo(target)
        .withConnectHandler(
            conn -> conn.query("SET time_zone = '+00:00'").execute().onComplete(ar -> conn.close()))
        .using(vertx)
        .build();
  }

  /**
   * Drops database {@code tfps_test_<name>} if it exists and creates it empty, for a test that
   * needs a schema of its own.
   *
   * @return how to reach it
   */
  public Future<MySQLConnectOptions> freshDatabase(Vertx vertx, String name) {
    if (!NAME.matcher(name).matches()) {
      return Future.failedFuture(new IllegalArgumentException("bad database name: " + name));
    }
    String database = "tfps_test_" + name;
    Pool admin = pool(vertx, options);
    return admin
        .query("DROP DATABASE IF EXISTS " + database)
        .execute()
        .compose(
            dropped ->
                admin.query("CREATE DATABASE " + database + " CHARACTER SET utf8mb4").execute())
        .eventually(admin::close)
        .map(created -> new MySQLConnectOptions(options).setDatabase(database));
  }

  /** Stops the embedded database; leaves an external server alone. */
  @Override
  public void close() {
    if (embedded != null) {
      embedded.stop();
    }
  }
}
