package org.tfps.api;

import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.history.BadRow;
import org.tfps.history.CdrFileException;
import org.tfps.history.CdrFormat;
import org.tfps.history.CdrImport;

/**
 * {@code POST /v1/cdrs/import}: an operator's CDR file, streamed to a temporary file under the data
 * directory (never held in memory), then imported off the event loop, one import at a time.
 */
final class HistoryRoutes {

  private static final Logger log = LoggerFactory.getLogger(HistoryRoutes.class);

  /** The largest file taken: a year of a large PBX's CDRs is far less. */
  static final long MAX_FILE_BYTES = 1L << 30;

  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9.-]{0,253}");

  private final Vertx vertx;
  private final Operations ops;
  private final AtomicBoolean busy = new AtomicBoolean();

  HistoryRoutes(Vertx vertx, Operations ops) {
    this.vertx = vertx;
    this.ops = ops;
  }

  void mount(Router router, Auth auth) {
    router.post("/v1/cdrs/import").handler(auth.require("provision")).handler(this::importFile);
    router.post("/v1/cdrs/replay").handler(auth.require("provision")).handler(this::replay);
  }

  private record Params(CdrFormat format, ZoneId zone, String domain) {}

  private static Params params(RoutingContext ctx) {
    String f = ctx.request().getParam("format", "");
    CdrFormat format;
    try {
      format = f.isEmpty() || f.equals("auto") ? null : CdrFormat.of(f);
    } catch (IllegalArgumentException e) {
      Problem.send(
          ctx,
          400,
          "invalid-parameter",
          "Bad Request",
          "format must be auto, asterisk, freeswitch, cgrates or generic");
      return null;
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(ctx.request().getParam("zone", "UTC"));
    } catch (DateTimeException e) {
      Problem.send(
          ctx, 400, "invalid-parameter", "Bad Request", "zone must be an IANA time zone (UTC)");
      return null;
    }
    String domain = ctx.request().getParam("domain", "");
    if (!DOMAIN.matcher(domain).matches()) {
      Problem.send(ctx, 400, "invalid-parameter", "Bad Request", "domain must be a host name");
      return null;
    }
    return new Params(format, zone, domain);
  }

  private void importFile(RoutingContext ctx) {
    // Held until the spool file is open: the body must not flow (and be lost) before the pipe.
    ctx.request().pause();
    Params p = params(ctx);
    if (p == null) {
      return;
    }
    long started = System.nanoTime();
    spoolThen(
        ctx,
        file -> ops.history().importFile(file, p.format(), p.zone(), p.domain()),
        r -> {
          log.info(
              "CDR import by token {}: {} records, {} calls imported, {} duplicates, {} bad"
                  + " rows, in {} ms",
              RouteSupport.holder(ctx),
              r.counts().records(),
              r.imported(),
              r.duplicates(),
              r.counts().badRows(),
              (System.nanoTime() - started) / 1_000_000);
          RouteSupport.json(ctx, 200, result(r));
        });
  }

  /**
   * {@code POST /v1/cdrs/replay}: the what-if report of a CDR file under the current policy, as
   * JSON, or Markdown when the request accepts text/markdown.
   */
  private void replay(RoutingContext ctx) {
    ctx.request().pause();
    Params p = params(ctx);
    if (p == null) {
      return;
    }
    Instant from;
    Instant to;
    try {
      from = instant(ctx, "from");
      to = instant(ctx, "to");
    } catch (DateTimeException e) {
      Problem.send(
          ctx,
          400,
          "invalid-parameter",
          "Bad Request",
          "from and to must be ISO 8601 instants such as 2026-09-01T00:00:00Z");
      return;
    }
    boolean markdown = String.valueOf(ctx.request().getHeader("Accept")).contains("text/markdown");
    spoolThen(
        ctx,
        file -> ops.history().replay(file, p.format(), p.zone(), from, to),
        report -> {
          if (markdown) {
            ctx.response()
                .putHeader("Content-Type", "text/markdown; charset=utf-8")
                .end(report.toMarkdown());
          } else {
            RouteSupport.json(ctx, 200, report.toJson());
          }
        });
  }

  private static Instant instant(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isEmpty() ? null : Instant.parse(v);
  }

  /** What runs on the spooled file, on a worker thread. */
  private interface Work<T> {
    T run(Path file) throws Exception;
  }

  /**
   * Spools the request's body to a file under the data directory (a Content-Length needed, at most
   * {@link #MAX_FILE_BYTES}; one import or replay at a time), runs {@code work} on it off the event
   * loop, answers with {@code answer}, and deletes the file.
   */
  private <T> void spoolThen(
      RoutingContext ctx, Work<T> work, java.util.function.Consumer<T> answer) {
    String length = ctx.request().getHeader("Content-Length");
    long bytes;
    try {
      bytes = length == null ? -1 : Long.parseLong(length);
    } catch (NumberFormatException e) {
      bytes = -1;
    }
    if (bytes < 0) {
      Problem.send(ctx, 411, "length-required", "Length Required", "send the file's length");
      return;
    }
    if (bytes > MAX_FILE_BYTES) {
      Problem.send(
          ctx,
          413,
          "too-large",
          "Content Too Large",
          "at most " + MAX_FILE_BYTES + " bytes a file; split it (a re-import skips what is in)");
      return;
    }
    if (!busy.compareAndSet(false, true)) {
      Problem.send(
          ctx, 409, "import-running", "Conflict", "an import or replay is running; try later");
      return;
    }
    Path file;
    try {
      Files.createDirectories(ops.spool());
      file = Files.createTempFile(ops.spool(), "cdrs-", ".csv");
    } catch (java.io.IOException e) {
      busy.set(false);
      Problem.send(ctx, 500, "internal", "Internal Server Error", "cannot spool the file");
      return;
    }
    vertx
        .fileSystem()
        .open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
        .compose(out -> ctx.request().pipeTo(out))
        .compose(x -> vertx.executeBlocking(() -> work.run(file), false))
        .onComplete(
            ar -> {
              busy.set(false);
              vertx.fileSystem().delete(file.toString());
              if (ar.succeeded()) {
                answer.accept(ar.result());
              } else if (ar.cause() instanceof CdrFileException e) {
                Problem.send(ctx, 400, "invalid-cdr-file", "Bad Request", e.getMessage());
              } else {
                log.warn("CDR file not processed: {}", ar.cause().toString());
                Problem.send(
                    ctx,
                    503,
                    "import-failed",
                    "Service Unavailable",
                    "stopped: "
                        + ar.cause().getMessage()
                        + " (an import again skips what was imported)");
              }
            });
  }

  static JsonObject result(CdrImport.Result r) {
    JsonArray bad = new JsonArray();
    for (BadRow b : r.badRows()) {
      bad.add(
          new JsonObject()
              .put("line", b.line())
              .put("column", b.column())
              .put("columnName", b.columnName())
              .put("reason", b.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
              .put("detail", b.detail()));
    }
    return new JsonObject()
        .put("records", r.counts().records())
        .put("calls", r.counts().calls())
        .put("imported", r.imported())
        .put("duplicates", r.duplicates())
        .put("notOutbound", r.notOutbound())
        .put("badRows", r.counts().badRows())
        .put("accountsSeeded", r.accounts())
        .put("daysSeeded", r.days())
        .put("errors", bad);
  }
}
