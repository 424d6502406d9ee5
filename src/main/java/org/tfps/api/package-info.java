/** The REST API on vertx-web: health, readiness, status, Prometheus metrics. */
package org.tfps.api;
