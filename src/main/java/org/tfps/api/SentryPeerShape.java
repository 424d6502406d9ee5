package org.tfps.api;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * A honeypot event as SentryPeer logs its own ({@code sentrypeer -j}): app_name, app_version,
 * event_timestamp, event_uuid, created_by_node_id, collected_method, transport_type, source_ip,
 * destination_ip, called_number, sip_method, sip_user_agent. The UUIDs are derived from TFPS's
 * event id and node name (name-based, so an export read twice gives the same ids).
 */
final class SentryPeerShape {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private SentryPeerShape() {}

  /** {@code event}: one of GET /v1/events, of kind honeypot. */
  static JsonObject of(JsonObject event) {
    String id = event.getString("eventId", String.valueOf(event.getValue("id")));
    String node = text(event, "node");
    return new JsonObject()
        .put("app_name", "tfps")
        .put("app_version", version())
        .put("event_timestamp", TIMESTAMP.format(Instant.parse(event.getString("at"))))
        .put("event_uuid", uuid(id))
        .put("created_by_node_id", uuid("node:" + node))
        .put("collected_method", "responsive")
        .put("transport_type", "UDP")
        .put("source_ip", text(event, "sourceIp"))
        .put("destination_ip", "")
        .put("called_number", text(event, "dialed"))
        .put("sip_method", text(event, "rule"))
        .put("sip_user_agent", text(event, "userAgent"));
  }

  private static String text(JsonObject o, String key) {
    Object v = o.getValue(key);
    return v == null ? "" : v.toString();
  }

  private static String uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String version() {
    String v = SentryPeerShape.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
