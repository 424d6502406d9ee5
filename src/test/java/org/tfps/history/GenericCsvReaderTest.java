package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tfps.history.CdrFormat.GENERIC;
import static org.tfps.history.Reading.bad;
import static org.tfps.history.Reading.one;
import static org.tfps.history.Reading.read;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GenericCsvReaderTest {

  @Test
  void readsTheDocumentedColumnsInAnyOrderAndCase() throws IOException {
    HistoricalCall c =
        one(
            GENERIC,
            "Disposition,START,account,destination,duration,source_ip,caller_id,context\n"
                + "no answer,2026-09-01 10:00:00,204@office.example,+37181000123,22,203.0.113.66,"
                + "\"\"\"Sales, Two\"\" <204>\",outbound\n");
    assertThat(c.account()).isEqualTo("204@office.example");
    assertThat(c.destination()).isEqualTo("+37181000123");
    assertThat(c.start()).isEqualTo(Instant.parse("2026-09-01T09:00:00Z"));
    assertThat(c.disposition()).isEqualTo(Disposition.NO_ANSWER);
    assertThat(c.durationSeconds()).isEqualTo(22);
    assertThat(c.billableSeconds()).as("not answered: nothing billed").isZero();
    assertThat(c.sourceIp()).isEqualTo("203.0.113.66");
    assertThat(c.callerId()).isEqualTo("\"Sales, Two\" <204>");
    assertThat(c.context()).isEqualTo("outbound");
    assertThat(c.line()).isEqualTo(2);
  }

  @Test
  void timesMayBeEpochOrCarryAnOffset() throws IOException {
    Collected got =
        read(
            GENERIC,
            "account,destination,start,answer,duration,disposition\n"
                + "a,1,1788250502,1788250505,63,ANSWERED\n"
                + "a,1,2026-09-01T08:15:02Z,,0,FAILED\n");
    assertThat(got.calls)
        .extracting(HistoricalCall::start)
        .containsOnly(Instant.ofEpochSecond(1788250502L));
    assertThat(got.calls.get(0).answer()).isEqualTo(Instant.ofEpochSecond(1788250505L));
    assertThat(got.calls.get(0).billableSeconds()).as("billsec absent: duration").isEqualTo(63);
  }

  @Test
  void theHashKeyDoesNotDependOnColumnOrderButCallIdWins() throws IOException {
    String k1 =
        one(GENERIC, "account,destination,start,duration,disposition\na,1,1788250502,5,BUSY\n")
            .idempotencyKey();
    String k2 =
        one(GENERIC, "disposition,duration,start,destination,account\nBUSY,5,1788250502,1,a\n")
            .idempotencyKey();
    String k3 =
        one(GENERIC, "disposition,duration,start,destination,account\nBUSY,6,1788250502,1,a\n")
            .idempotencyKey();
    assertThat(k1).matches("generic:h:[0-9a-f]{32}").isEqualTo(k2).isNotEqualTo(k3);
    assertThat(
            one(
                    GENERIC,
                    "account,destination,start,duration,disposition,call_id\n"
                        + "a,1,1788250502,5,BUSY,c-17\n")
                .idempotencyKey())
        .isEqualTo("generic:id:c-17");
  }

  @Test
  void theHashIsTheDocumentedSha256() throws Exception {
    String key =
        one(
                GENERIC,
                "account,destination,start,duration,disposition\nzo\u00eb, 1 ,1788250502,5,BUSY\n")
            .idempotencyKey();
    // docs/cdr-import.md: fields trimmed, UTF-8, each followed by 0x1F; absent optional ones empty
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(
                "zo\u00eb\u001f1\u001f1788250502\u001f5\u001fBUSY\u001f\u001f\u001f\u001f\u001f\u001f"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(key).isEqualTo("generic:h:" + java.util.HexFormat.of().formatHex(digest, 0, 16));
  }

  @Test
  void aHeaderIsRequiredAndChecked() {
    assertThatThrownBy(() -> read(GENERIC, "a,1,1788250502,5,BUSY\n"))
        .isInstanceOf(CdrFileException.class)
        .hasMessageContaining("'account'");
    assertThatThrownBy(
            () -> read(GENERIC, "account,destination,start,duration,disposition,Account\n"))
        .isInstanceOf(CdrFileException.class)
        .hasMessageContaining("repeats 'Account'");
  }

  @Test
  void rowsAreCheckedAgainstTheHeader() throws IOException {
    String header = "account,destination,start,duration,disposition\n";
    BadRow extra = bad(GENERIC, header + "a,1,1788250502,5,BUSY,surprise\n");
    assertThat(extra.reason()).isEqualTo(BadRow.Reason.TOO_MANY_COLUMNS);
    assertThat(extra.column()).isEqualTo(6);
    BadRow missing = bad(GENERIC, header + "a,1,1788250502,5\n");
    assertThat(missing.reason()).isEqualTo(BadRow.Reason.MISSING_COLUMN);
    assertThat(missing.columnName()).isEqualTo("disposition");
    BadRow word = bad(GENERIC, header + "a,1,1788250502,5,NORMAL_CLEARING\n");
    assertThat(word.reason()).isEqualTo(BadRow.Reason.BAD_DISPOSITION);
    Collected noAccount =
        read(
            GENERIC,
            "account,destination,start,duration,disposition,context\n"
                + "a,1,1788250502,5,BUSY,\n"
                + ",1,1788250502,5,BUSY,\n");
    assertThat(noAccount.bad)
        .as("an empty account after an empty context is still missing")
        .extracting(BadRow::reason, BadRow::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(BadRow.Reason.MISSING_VALUE, 3L));
    BadRow when = bad(GENERIC, header + "a,1,yesterday,5,BUSY\n");
    assertThat(when.reason()).isEqualTo(BadRow.Reason.BAD_TIME);
    assertThat(when.columnName()).isEqualTo("start");
    assertThat(when.line()).isEqualTo(2);
  }
}
