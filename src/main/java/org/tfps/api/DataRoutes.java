package org.tfps.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;

/**
 * The data files over the API (docs/api.md#data-files): list, read, and replace one with content
 * that is checked like a reload, written in place of the configured file and in force at once.
 */
final class DataRoutes {

  /** Largest file accepted (a full rate deck fits). */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  private final Vertx vertx;
  private final DataFiles files;
  private final Operations ops;

  DataRoutes(Vertx vertx, Operations ops) {
    this.vertx = vertx;
    this.files = ops.dataFiles();
    this.ops = ops;
  }

  void mount(Router router, Auth auth) {
    router.get("/v1/data").handler(auth.require("read")).handler(this::list);
    router.get("/v1/data/:name").handler(auth.require("read")).handler(this::read);
    router
        .put("/v1/data/:name")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BYTES))
        .handler(auth.require("provision"))
        .handler(this::replace);
  }

  private static JsonObject json(DataFiles.DataFile f) {
    return new JsonObject()
        .put("name", f.name())
        .put("key", f.key())
        .put("path", f.path().isEmpty() ? null : f.path())
        .put("entries", f.entries());
  }

  private void list(RoutingContext ctx) {
    vertx
        .executeBlocking(files::list, false)
        .onFailure(ctx::fail)
        .onSuccess(
            l -> {
              JsonArray a = new JsonArray();
              l.forEach(f -> a.add(json(f)));
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .end(new JsonObject().put("files", a).encode());
            });
  }

  private void read(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    vertx
        .executeBlocking(() -> files.read(name), false)
        .onFailure(e -> refused(ctx, name, e))
        .onSuccess(
            text ->
                ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(text));
  }

  private void replace(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String content =
        ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(StandardCharsets.UTF_8);
    vertx
        .executeBlocking(() -> files.replace(name, content), false)
        .onFailure(e -> refused(ctx, name, e))
        .onSuccess(
            f -> {
              ApiTokens.Holder h = ctx.get(Auth.HOLDER);
              String by = "by token " + (h == null ? "?" : h.name());
              org.slf4j.LoggerFactory.getLogger(DataRoutes.class)
                  .info(
                      "operator: data file {} replaced ({} entries) {}", f.path(), f.entries(), by);
              ops.log()
                  .operator(
                      null,
                      "data-file",
                      f.name() + ": " + f.entries() + " entries, " + by,
                      ops.clock().instant());
              ctx.response().putHeader("Content-Type", "application/json").end(json(f).encode());
            });
  }

  private static void refused(RoutingContext ctx, String name, Throwable e) {
    if (!(e instanceof DataFiles.Refused r)) {
      ctx.fail(e);
      return;
    }
    if (!DataFiles.NAMES.contains(name)) {
      Problem.send(ctx, 404, "unknown-data-file", "Not Found", r.getMessage());
    } else if (r.why == DataFiles.Why.NOT_CONFIGURED) {
      Problem.send(ctx, 409, "data-file-not-configured", "Conflict", r.getMessage());
    } else if (r.why == DataFiles.Why.FAILED) {
      Problem.send(ctx, 500, "data-file-failed", "Internal Server Error", r.getMessage());
    } else {
      Problem.send(ctx, 400, "invalid-data-file", "Bad Request", r.getMessage());
    }
  }
}
