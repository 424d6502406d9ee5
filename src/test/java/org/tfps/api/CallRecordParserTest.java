package org.tfps.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tfps.decision.CallRecord;

class CallRecordParserTest {

  private static final Instant NOW = Instant.parse("2026-11-22T05:00:00Z");

  @Test
  void theFlatShapeWithIsoTimes() {
    CallRecord r =
        CallRecordParser.parse(
            new JsonObject(
                "{\"call_id\":\"abc@pbx\",\"account\":\"1001@pbx.example.com\","
                    + "\"destination\":\"+442079460123\",\"start\":\"2026-11-22T04:58:00Z\","
                    + "\"answer\":\"2026-11-22T04:58:05+01:00\",\"end\":\"2026-11-22T04:59:00Z\","
                    + "\"duration\":55,\"disposition\":\"ANSWERED\"}"),
            NOW);
    assertThat(r.callId()).isEqualTo("abc@pbx");
    assertThat(r.account()).isEqualTo("1001@pbx.example.com");
    assertThat(r.destination()).isEqualTo("+442079460123");
    assertThat(r.start()).isEqualTo(Instant.parse("2026-11-22T04:58:00Z"));
    assertThat(r.answer()).isEqualTo(Instant.parse("2026-11-22T03:58:05Z"));
    assertThat(r.durationSeconds()).isEqualTo(55);
    assertThat(r.disposition()).isEqualTo("ANSWERED");
    assertThat(r.received()).isEqualTo(NOW);
  }

  @Test
  void freeSwitchJsonCdrVariablesWithEpochsAndAnUnansweredCall() {
    CallRecord r =
        CallRecordParser.parse(
            new JsonObject(
                "{\"variables\":{\"sip_call_id\":\"fs-1\",\"accountcode\":\"1001@pbx\","
                    + "\"destination_number\":\"0044207946\",\"start_epoch\":\"1795323480\","
                    + "\"answer_epoch\":\"0\",\"end_stamp\":\"2026-11-22 04:58:30\","
                    + "\"billsec\":\"0\",\"hangup_cause\":\"NO_ANSWER\"},\"callflow\":[]}"),
            NOW);
    assertThat(r.callId()).isEqualTo("fs-1");
    assertThat(r.start()).isEqualTo(Instant.ofEpochSecond(1795323480L));
    assertThat(r.answer()).as("0 means never answered").isNull();
    assertThat(r.end()).isEqualTo(Instant.parse("2026-11-22T04:58:30Z"));
    assertThat(r.durationSeconds()).isZero();
    assertThat(r.disposition()).isEqualTo("NO_ANSWER");
  }

  @Test
  void errorsNameTheField() {
    assertThatThrownBy(() -> CallRecordParser.parse(new JsonObject("{\"account\":\"a\"}"), NOW))
        .hasMessageStartingWith("field 'call_id': required");
    assertThatThrownBy(
            () -> CallRecordParser.parse(new JsonObject("{\"callId\":42,\"account\":\"a\"}"), NOW))
        .hasMessage("field 'callId': a string");
    assertThatThrownBy(
            () ->
                CallRecordParser.parse(
                    new JsonObject("{\"call_id\":\"c\",\"account\":\"a\",\"start\":\"yesterday\"}"),
                    NOW))
        .hasMessageStartingWith("field 'start': a time");
    assertThatThrownBy(
            () ->
                CallRecordParser.parse(
                    new JsonObject("{\"call_id\":\"c\",\"account\":\"a\",\"billsec\":-3}"), NOW))
        .hasMessage("field 'billsec': whole seconds, 0 or more");
    assertThatThrownBy(
            () ->
                CallRecordParser.parse(
                    new JsonObject("{\"call_id\":\"c\\r\\nX-Evil: 1\",\"account\":\"a\"}"), NOW))
        .hasMessage("field 'call_id': no control characters");
    assertThatThrownBy(
            () ->
                CallRecordParser.parse(
                    new JsonObject().put("call_id", "c".repeat(256)).put("account", "a"), NOW))
        .hasMessage("field 'call_id': at most 255 characters");
  }
}
