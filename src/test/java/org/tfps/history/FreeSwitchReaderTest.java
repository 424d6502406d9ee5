package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tfps.history.CdrFormat.FREESWITCH;
import static org.tfps.history.Reading.bad;
import static org.tfps.history.Reading.one;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FreeSwitchReaderTest {

  private static final String EXAMPLE =
      "\"Sales Two\",\"1004\",\"0033142685312\",\"default\",\"2026-09-07 14:02:11\","
          + "\"2026-09-07 14:02:15\",\"2026-09-07 14:05:15\",\"184\",\"180\",\"NORMAL_CLEARING\","
          + "\"1f0e7a1c-3d52-4b8e-9a57-5c3b6f2e9d10\",\"6a1d2c3b-8e7f-4a5b-9c0d-1e2f3a4b5c6d\","
          + "\"1004\",\"PCMA\",\"PCMA\"";

  @Test
  void readsTheExampleTemplate() throws IOException {
    HistoricalCall c = one(FREESWITCH, EXAMPLE + "\n");
    assertThat(c.account()).isEqualTo("1004");
    assertThat(c.callerId()).isEqualTo("1004");
    assertThat(c.destination()).isEqualTo("0033142685312");
    assertThat(c.context()).isEqualTo("default");
    assertThat(c.start()).isEqualTo(Instant.parse("2026-09-07T13:02:11Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-09-07T13:02:15Z"));
    assertThat(c.durationSeconds()).isEqualTo(184);
    assertThat(c.billableSeconds()).isEqualTo(180);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.callId()).isEqualTo("1f0e7a1c-3d52-4b8e-9a57-5c3b6f2e9d10");
    assertThat(c.idempotencyKey())
        .isEqualTo("freeswitch:uuid:1f0e7a1c-3d52-4b8e-9a57-5c3b6f2e9d10");
  }

  @Test
  void thirteenColumnsWithoutCodecsAndTheCallerAsAccount() throws IOException {
    String thirteen =
        EXAMPLE.substring(0, EXAMPLE.indexOf(",\"PCMA\"")).replace(",\"1004\"", ",\"\"");
    // the first ,"1004" replaced is caller_id_number: put it back, keep accountcode empty
    thirteen = thirteen.replaceFirst("\"Sales Two\",\"\"", "\"Sales Two\",\"1004\"");
    HistoricalCall c = one(FREESWITCH, thirteen + "\n");
    assertThat(c.account()).isEqualTo("1004");
  }

  @Test
  void hangupCausesMapWithTheAnswer() throws IOException {
    String unanswered =
        EXAMPLE
            .replace("\"2026-09-07 14:02:15\"", "\"\"")
            .replace("\"184\",\"180\"", "\"25\",\"0\"");
    String[][] cases = {
      {"ORIGINATOR_CANCEL", "NO_ANSWER"},
      {"NO_ANSWER", "NO_ANSWER"},
      {"USER_BUSY", "BUSY"},
      {"CALL_REJECTED", "FAILED"},
      {"NO_ROUTE_DESTINATION", "FAILED"},
      {"RECOVERY_ON_TIMER_EXPIRE", "FAILED"}
    };
    for (String[] k : cases) {
      HistoricalCall c = one(FREESWITCH, unanswered.replace("NORMAL_CLEARING", k[0]) + "\n");
      assertThat(c.answer()).isNull();
      assertThat(c.disposition().name()).as(k[0]).isEqualTo(k[1]);
    }
    assertThat(
            one(FREESWITCH, EXAMPLE.replace("NORMAL_CLEARING", "USER_BUSY") + "\n").disposition())
        .as("answered, whatever cleared it")
        .isEqualTo(Disposition.ANSWERED);
    BadRow b = bad(FREESWITCH, EXAMPLE.replace("NORMAL_CLEARING", "normal clearing") + "\n");
    assertThat(b.reason()).isEqualTo(BadRow.Reason.BAD_DISPOSITION);
    assertThat(b.columnName()).isEqualTo("hangup_cause");
  }

  @Test
  void withoutUuidTheRowIsHashed() throws IOException {
    HistoricalCall c =
        one(FREESWITCH, EXAMPLE.replace("\"1f0e7a1c-3d52-4b8e-9a57-5c3b6f2e9d10\"", "\"\"") + "\n");
    assertThat(c.idempotencyKey()).matches("freeswitch:h:[0-9a-f]{32}");
    assertThat(c.callId()).isEmpty();
  }

  @Test
  void badValuesAreNamed() throws IOException {
    BadRow tooLong = bad(FREESWITCH, EXAMPLE.replace("0033142685312", "1".repeat(200)) + "\n");
    assertThat(tooLong.reason()).isEqualTo(BadRow.Reason.VALUE_TOO_LONG);
    assertThat(tooLong.columnName()).isEqualTo("destination_number");
    assertThat(tooLong.detail()).contains("(200 characters)");
    BadRow control = bad(FREESWITCH, EXAMPLE.replace("0033142685312", "0033\u0001") + "\n");
    assertThat(control.reason()).isEqualTo(BadRow.Reason.CONTROL_CHARACTER);
    assertThat(control.detail()).contains("\\x01");
    BadRow sixteen = bad(FREESWITCH, EXAMPLE + ",\"x\"\n");
    assertThat(sixteen.reason()).isEqualTo(BadRow.Reason.TOO_MANY_COLUMNS);
    assertThat(sixteen.column()).isEqualTo(16);
    BadRow duration = bad(FREESWITCH, EXAMPLE.replace("\"184\"", "\"1e3\"") + "\n");
    assertThat(duration.reason()).isEqualTo(BadRow.Reason.BAD_NUMBER);
    assertThat(duration.column()).isEqualTo(8);
    assertThat(duration.columnName()).isEqualTo("duration");
  }
}
