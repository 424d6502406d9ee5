package org.tfps.api;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.tfps.decision.CallRecord;

/**
 * Reads a call record posted as JSON, in the flat shape a FreeSWITCH (mod_json_cdr, its {@code
 * variables} object) or Asterisk JSON CDR poster can be set to send. Each field has the names those
 * systems use; the first present wins.
 */
final class CallRecordParser {

  /** A field that is missing or wrong, named as the poster sent it (or by its first name). */
  static final class BadField extends RuntimeException {
    final String field;

    BadField(String field, String message) {
      super("field '" + field + "': " + message);
      this.field = field;
    }
  }

  static final List<String> CALL_ID = List.of("call_id", "callId", "sip_call_id");
  static final List<String> ACCOUNT = List.of("account", "accountcode", "account_code");
  static final List<String> DESTINATION = List.of("destination", "destination_number", "dst");
  // Epoch seconds before FreeSWITCH's *_stamp (local time without an offset, read as UTC).
  static final List<String> START = List.of("start", "start_epoch", "start_time", "start_stamp");
  static final List<String> ANSWER =
      List.of("answer", "answer_epoch", "answer_time", "answer_stamp");
  static final List<String> END = List.of("end", "end_epoch", "end_time", "end_stamp");
  // The billed seconds (FreeSWITCH sends both: duration counts from the start, billsec from
  // the answer).
  static final List<String> DURATION = List.of("billsec", "duration");
  static final List<String> DISPOSITION = List.of("disposition", "hangup_cause");

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private CallRecordParser() {}

  static CallRecord parse(JsonObject body, Instant received) {
    JsonObject fields = body;
    if (body.getValue("variables") instanceof JsonObject variables) {
      fields = variables.copy().mergeIn(body.copy().put("variables", (Object) null));
    }
    return new CallRecord(
        text(fields, CALL_ID, 255, true),
        text(fields, ACCOUNT, 255, true),
        text(fields, DESTINATION, 128, false),
        time(fields, START),
        time(fields, ANSWER),
        time(fields, END),
        duration(fields),
        text(fields, DISPOSITION, 32, false),
        received);
  }

  private static String first(JsonObject o, List<String> names) {
    for (String n : names) {
      if (o.containsKey(n) && o.getValue(n) != null) {
        return n;
      }
    }
    return null;
  }

  private static String text(JsonObject o, List<String> names, int max, boolean required) {
    String name = first(o, names);
    if (name == null) {
      if (required) {
        throw new BadField(
            names.get(0), "required (also read as " + names.subList(1, names.size()) + ")");
      }
      return "";
    }
    Object v = o.getValue(name);
    if (!(v instanceof String s)) {
      throw new BadField(name, "a string");
    }
    if (required && s.isBlank()) {
      throw new BadField(name, "must not be empty");
    }
    if (s.length() > max) {
      throw new BadField(name, "at most " + max + " characters");
    }
    if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new BadField(name, "no control characters");
    }
    return s;
  }

  /** An ISO-8601 instant, "yyyy-MM-dd HH:mm:ss" (UTC), or epoch seconds; empty or 0: none. */
  private static Instant time(JsonObject o, List<String> names) {
    String name = first(o, names);
    if (name == null) {
      return null;
    }
    Object v = o.getValue(name);
    String s = v instanceof Number n ? n.toString() : v instanceof String t ? t.trim() : null;
    if (s == null) {
      throw new BadField(name, "a time: ISO-8601, yyyy-MM-dd HH:mm:ss (UTC) or epoch seconds");
    }
    if (s.isEmpty() || s.equals("0")) {
      return null; // FreeSWITCH sends 0 / empty for a call never answered
    }
    try {
      if (s.matches("[0-9]{1,12}")) {
        return Instant.ofEpochSecond(Long.parseLong(s));
      }
      if (s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")) {
        return LocalDateTime.parse(s, LOCAL).toInstant(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new BadField(name, "a time: ISO-8601, yyyy-MM-dd HH:mm:ss (UTC) or epoch seconds");
    }
  }

  private static int duration(JsonObject o) {
    String name = first(o, DURATION);
    if (name == null) {
      return -1;
    }
    Object v = o.getValue(name);
    String s = v instanceof Number n ? n.toString() : v instanceof String t ? t.trim() : "";
    if (!s.matches("[0-9]{1,9}")) {
      throw new BadField(name, "whole seconds, 0 or more");
    }
    return Integer.parseInt(s);
  }
}
