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
      Problem.send(ctx, 409, "import-running", "Conflict", "an import is running; try later");
      return;
    }
    long started = System.nanoTime();
    Path file;
    try {
      Files.createDirectories(ops.spool());
      file = Files.createTempFile(ops.spool(), "import-", ".cdr");
    } catch (java.io.IOException e) {
      busy.set(false);
      Problem.send(ctx, 500, "internal", "Internal Server Error", "cannot spool the file");
      return;
    }
    vertx
        .fileSystem()
        .open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
        .compose(out -> ctx.request().pipeTo(out))
        .compose(
            x ->
                vertx.executeBlocking(
                    () -> ops.history().importFile(file, p.format(), p.zone(), p.domain()), false))
        .onComplete(
            ar -> {
              busy.set(false);
              vertx.fileSystem().delete(file.toString());
              if (ar.succeeded()) {
                log.info(
                    "CDR import by token {}: {} records, {} calls imported, {} duplicates, {} bad"
                        + " rows, in {} ms",
                    RouteSupport.holder(ctx),
                    ar.result().counts().records(),
                    ar.result().imported(),
                    ar.result().duplicates(),
                    ar.result().counts().badRows(),
                    (System.nanoTime() - started) / 1_000_000);
                RouteSupport.json(ctx, 200, result(ar.result()));
              } else if (ar.cause() instanceof CdrFileException e) {
                Problem.send(ctx, 400, "invalid-cdr-file", "Bad Request", e.getMessage());
              } else {
                log.warn("CDR import failed: {}", ar.cause().toString());
                Problem.send(
                    ctx,
                    503,
                    "import-failed",
                    "Service Unavailable",
                    "the import stopped: "
                        + ar.cause().getMessage()
                        + " (a new import skips what was imported)");
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
