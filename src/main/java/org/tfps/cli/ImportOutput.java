package org.tfps.cli;

import io.vertx.core.json.JsonObject;

/** How tfpsctl shows the answer of a CDR import. */
final class ImportOutput {

  private ImportOutput() {}

  /** The answer of POST /v1/cdrs/import: the counts, then each bad row reported. */
  static String imported(JsonObject r) {
    StringBuilder b = new StringBuilder();
    b.append("records read:    ").append(r.getLong("records")).append('\n');
    b.append("calls imported:  ").append(r.getLong("imported")).append('\n');
    b.append("already in:      ").append(r.getLong("duplicates")).append('\n');
    b.append("not outbound:    ").append(r.getLong("notOutbound")).append('\n');
    b.append("bad rows:        ").append(r.getLong("badRows")).append('\n');
    b.append("accounts seeded: ")
        .append(r.getInteger("accountsSeeded"))
        .append(" (")
        .append(r.getInteger("daysSeeded"))
        .append(" account-days)\n");
    io.vertx.core.json.JsonArray errors =
        r.getJsonArray("errors", new io.vertx.core.json.JsonArray());
    for (int i = 0; i < errors.size(); i++) {
      JsonObject e = errors.getJsonObject(i);
      b.append("line ")
          .append(e.getLong("line"))
          .append(", column ")
          .append(e.getInteger("column"))
          .append(" (")
          .append(HumanOutput.clean(e.getString("columnName")))
          .append("): ")
          .append(HumanOutput.clean(e.getString("reason")))
          .append(
              e.getString("detail") == null || e.getString("detail").isEmpty()
                  ? ""
                  : " - " + HumanOutput.clean(e.getString("detail")))
          .append('\n');
    }
    if (r.getLong("badRows", 0L) > errors.size()) {
      b.append("(")
          .append(r.getLong("badRows") - errors.size())
          .append(" more bad rows not listed)\n");
    }
    return b.toString();
  }
}
