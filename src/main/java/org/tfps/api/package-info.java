/**
 * The REST API on vertx-web: health, status, metrics, call records, provisioning and the operator's
 * actions, behind bearer tokens with scopes (docs/api.md).
 */
package org.tfps.api;
