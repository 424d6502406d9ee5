package org.tfps.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.CallEnd;
import org.tfps.decision.CallRecord;
import org.tfps.metrics.MetricsRegistry;

/**
 * The REST API (docs/api.md): health, status, Prometheus metrics, call records, provisioning and
 * the operator's actions, every route but health behind a bearer token.
 */
public final class ApiVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ApiVerticle.class);

  /** Prometheus text exposition format, version 0.0.4. */
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final TfpsConfig.Api config;
  private final StatusSource status;
  private final MetricsRegistry metrics;
  private volatile int actualPort;

  private final java.util.function.BooleanSupplier ready;
  private final java.util.function.Function<CallRecord, Future<CallEnd>> callRecords;
  private final ApiTokens tokens;
  private final Operations operations;
  private Auth auth;

  /** Largest call record accepted (413 past it). */
  static final int MAX_CALL_RECORD_BYTES = 64 * 1024;

  /**
   * @param ready true when every part needed to decide calls is up (SIP listeners now; the database
   *     and cluster later)
   */
  public ApiVerticle(
      TfpsConfig.Api config,
      StatusSource status,
      MetricsRegistry metrics,
      java.util.function.BooleanSupplier ready,
      java.util.function.Function<CallRecord, Future<CallEnd>> callRecords,
      ApiTokens tokens,
      Operations operations) {
    this.tokens = tokens;
    this.operations = operations;
    this.ready = ready;
    this.callRecords = callRecords;
    this.config = config;
    this.status = status;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    auth = new Auth(tokens, config.authFailuresPerMinute(), System::currentTimeMillis);
    metrics.counterOf(
        "tfps_api_refused_total",
        "API requests refused for their token (401, 403) or their source's failures (429).",
        () -> auth.refused());
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/health/ready").handler(this::readiness);
    router
        .get("/v1/status")
        .handler(auth.require("read"))
        .handler(ctx -> RouteSupport.json(ctx, 200, status.status()));
    router
        .get("/v1/config")
        .handler(auth.require("admin"))
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(operations.effectiveConfig()));
    var metricsRoute = router.get("/metrics");
    if (!config.openMetrics()) {
      metricsRoute.handler(auth.require("read"));
    }
    metricsRoute.handler(
        ctx -> ctx.response().putHeader("Content-Type", PROMETHEUS).end(metrics.render()));
    router
        .post("/v1/cdrs")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_CALL_RECORD_BYTES))
        .handler(auth.require("calls"))
        .handler(this::callRecord);
    new AccountRoutes(vertx, operations).mount(router, auth);
    new DecideRoute(operations.decide(), operations.clock()).mount(router, auth);
    new DataRoutes(vertx, operations).mount(router, auth);
    new HistoryRoutes(vertx, operations).mount(router, auth);
    new SentryPeerRoutes(operations.intelligence()).mount(router, auth);
    router
        .route()
        .last()
        .handler(
            ctx ->
                Problem.send(
                    ctx,
                    404,
                    "not-found",
                    "Not Found",
                    "no route for " + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(
        500,
        ctx -> {
          log.error(
              "API error on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
          Problem.send(ctx, 500, "internal", "Internal Server Error", "see the TFPS log");
        });
    router.errorHandler(
        413,
        ctx ->
            Problem.send(
                ctx,
                413,
                "too-large",
                "Content Too Large",
                "the body is larger than this route accepts (docs/api.md)"));
    router.errorHandler(
        405,
        ctx ->
            Problem.send(
                ctx,
                405,
                "method-not-allowed",
                "Method Not Allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
    // Posters send JSON under a form content type (curl -d does): the body is read as it is, and
    // Netty's form decoding must not refuse it first (its own limit is 1 KiB); each route's body
    // limit still holds.
    io.vertx.core.http.HttpServerOptions options =
        new io.vertx.core.http.HttpServerOptions()
            .setMaxFormAttributeSize(DataRoutes.MAX_BYTES)
            .setMaxFormBufferedBytes(DataRoutes.MAX_BYTES);
    if (config.tls() != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new io.vertx.core.net.PemKeyCertOptions()
                  .setCertPath(config.tls().cert().toString())
                  .setKeyPath(config.tls().key().toString()));
    }
    HttpServer server = vertx.createHttpServer(options);
    return server
        .requestHandler(router)
        .listen(config.port(), config.bind())
        .onSuccess(
            s -> {
              actualPort = s.actualPort();
              log.info(
                  "API listening on {}://{}:{}",
                  config.tls() == null ? "http" : "https",
                  config.bind(),
                  actualPort);
            });
  }

  /**
   * A call record: ends the call's lease (200), or 404 for a call TFPS does not know, 409 for one
   * already ended, 400 naming the field for a record it cannot read.
   */
  private void callRecord(RoutingContext ctx) {
    JsonObject body = RouteSupport.body(ctx);
    if (body == null) {
      return;
    }
    CallRecord record;
    try {
      record = CallRecordParser.parse(body, Instant.now());
    } catch (CallRecordParser.BadField e) {
      Problem.send(ctx, 400, "invalid-call-record", "Bad Request", e.getMessage());
      return;
    }
    callRecords
        .apply(record)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                log.warn("call record {} not applied: {}", record.callId(), ar.cause().toString());
                Problem.send(
                    ctx, 503, "unavailable", "Service Unavailable", "try again: " + ar.cause());
                return;
              }
              switch (ar.result()) {
                case ENDED ->
                    RouteSupport.json(
                        ctx,
                        200,
                        new JsonObject()
                            .put("callId", record.callId())
                            .put("account", record.account())
                            .put("lease", "ended"));
                case ALREADY_ENDED ->
                    Problem.send(
                        ctx,
                        409,
                        "call-already-ended",
                        "Conflict",
                        "a call record for call " + record.callId() + " was already received");
                case UNKNOWN ->
                    Problem.send(
                        ctx,
                        404,
                        "unknown-call",
                        "Not Found",
                        "no call "
                            + record.callId()
                            + " of account "
                            + record.account()
                            + " is up (never allowed, or its lease expired)");
              }
            });
  }

  /** Liveness: the process and its API event loop answer. */
  private void health(RoutingContext ctx) {
    RouteSupport.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  /** Readiness: 200 when TFPS can decide calls, 503 otherwise (for load balancers, systemd). */
  private void readiness(RoutingContext ctx) {
    boolean up = ready.getAsBoolean();
    RouteSupport.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN"));
  }

  /** The bound port (useful when configured as 0). */
  public int actualPort() {
    return actualPort;
  }
}
