package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.tfps.history.CdrFormat.CGRATES;
import static org.tfps.history.Reading.bad;
import static org.tfps.history.Reading.one;
import static org.tfps.history.Reading.read;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CgratesReaderTest {

  private static final String ROW =
      "ee75d91a8877950dd3ef25435b874b2aaa76405f,*default,*voice,a84b4c76e66710@pbx,*postpaid,"
          + "office.example,call,1001,1001,37181000123,2026-09-11T01:12:05+01:00,"
          + "2026-09-11T01:12:06+01:00,1m30s,31.5000";

  @Test
  void readsTheDefaultTemplate() throws IOException {
    HistoricalCall c = one(CGRATES, ROW + "\n");
    assertThat(c.account()).isEqualTo("1001");
    assertThat(c.destination()).isEqualTo("37181000123");
    assertThat(c.start()).isEqualTo(Instant.parse("2026-09-11T00:12:05Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-09-11T00:12:06Z"));
    assertThat(c.billableSeconds()).isEqualTo(90);
    assertThat(c.durationSeconds()).isEqualTo(91);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.callId()).isEqualTo("a84b4c76e66710@pbx");
    assertThat(c.idempotencyKey())
        .isEqualTo("cgrates:cgrid:ee75d91a8877950dd3ef25435b874b2aaa76405f");
  }

  @Test
  void goZeroTimeIsNeverAnsweredAndRunsShareTheirKey() throws IOException {
    String unanswered =
        ROW.replace("2026-09-11T01:12:06+01:00", "0001-01-01T00:00:00Z").replace(",1m30s,", ",0s,");
    HistoricalCall c = one(CGRATES, unanswered + "\n");
    assertThat(c.answer()).isNull();
    assertThat(c.disposition()).isEqualTo(Disposition.NO_ANSWER);
    assertThat(c.durationSeconds()).isZero();
    Collected runs = read(CGRATES, ROW + "\n" + ROW.replace("*default", "*raw") + "\n");
    assertThat(runs.calls)
        .extracting(HistoricalCall::idempotencyKey)
        .containsOnly(c.idempotencyKey());
  }

  @Test
  void usageForms() {
    assertThat(CgratesReader.parseUsage("90")).isEqualTo(90);
    assertThat(CgratesReader.parseUsage("90.6")).isCloseTo(90.6, within(1e-9));
    assertThat(CgratesReader.parseUsage("1m30s")).isEqualTo(90);
    assertThat(CgratesReader.parseUsage("1h0m5.5s")).isCloseTo(3605.5, within(1e-9));
    assertThat(CgratesReader.parseUsage("250ms")).isCloseTo(0.25, within(1e-9));
    assertThat(CgratesReader.parseUsage("90000000000")).as("nanoseconds").isEqualTo(90);
    assertThat(CgratesReader.parseUsage("1x")).isNegative();
    assertThat(CgratesReader.parseUsage("m")).isNegative();
  }

  @Test
  void aHeaderNamesTheColumnsInAnyOrder() throws IOException {
    String text =
        "Destination,Usage,SetupTime,AnswerTime,Account,CGRID,DisconnectCause,Extra\n"
            + "441632960123,0,2026-09-01 10:00:00,,201,abc,USER_BUSY,x\n"
            + "441632960124,42,2026-09-01T10:05:00Z,2026-09-01T10:05:03Z,202,abd,NORMAL_CLEARING,\n";
    Collected got = read(CGRATES, text);
    assertThat(got.bad).isEmpty();
    assertThat(got.calls)
        .extracting(HistoricalCall::disposition)
        .containsExactly(Disposition.BUSY, Disposition.ANSWERED);
    assertThat(got.calls.get(0).start()).isEqualTo(Instant.parse("2026-09-01T09:00:00Z"));
    assertThat(got.calls.get(1).line()).isEqualTo(3);
    BadRow b =
        bad(
            CGRATES,
            "CGRID,Account,Destination,SetupTime,Usage\nabc,201,,2026-09-01 10:00:00,1s\n");
    assertThat(b.columnName()).isEqualTo("Destination");
    assertThat(b.reason()).isEqualTo(BadRow.Reason.MISSING_VALUE);
  }

  @Test
  void aHeaderWithoutUsageIsRefusedWhole() {
    assertThatThrownBy(() -> read(CGRATES, "CGRID,Account,Destination,SetupTime\nabc,1,2,3\n"))
        .isInstanceOf(CdrFileException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("'Usage'");
  }

  @Test
  void otherRecordsAreNotCalls() throws IOException {
    BadRow sms = bad(CGRATES, ROW.replace("*voice", "*sms") + "\n");
    assertThat(sms.reason()).isEqualTo(BadRow.Reason.NOT_A_CALL);
    assertThat(sms.column()).isEqualTo(3);
    assertThat(sms.columnName()).isEqualTo("ToR");
    BadRow usage = bad(CGRATES, ROW.replace("1m30s", "1 minute") + "\n");
    assertThat(usage.reason()).isEqualTo(BadRow.Reason.BAD_NUMBER);
    assertThat(usage.columnName()).isEqualTo("Usage");
  }
}
