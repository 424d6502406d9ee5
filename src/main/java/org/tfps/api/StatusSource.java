package org.tfps.api;

import io.vertx.core.json.JsonObject;

/** Supplies the body of {@code GET /v1/status}; built by the wiring, read on the API loop. */
@FunctionalInterface
public interface StatusSource {

  JsonObject status();
}
