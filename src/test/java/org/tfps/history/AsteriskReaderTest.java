package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tfps.history.CdrFormat.ASTERISK;
import static org.tfps.history.Reading.bad;
import static org.tfps.history.Reading.one;
import static org.tfps.history.Reading.read;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AsteriskReaderTest {

  private static final String BASE =
      "\"\",\"201\",\"901632960123\",\"from-internal\",\"\"\"Reception\"\" <201>\","
          + "\"PJSIP/201-0000002a\",\"PJSIP/trunk-0000002b\",\"Dial\","
          + "\"PJSIP/01632960123@trunk,300,Tt\",\"2026-09-01 09:15:02\",\"2026-09-01 09:15:06\","
          + "\"2026-09-01 09:17:06\",124,120,\"ANSWERED\",\"DOCUMENTATION\"";

  @Test
  void readsTheSixteenColumnsOfMasterCsv() throws IOException {
    HistoricalCall c = one(ASTERISK, BASE + "\n");
    assertThat(c.format()).isEqualTo(ASTERISK);
    assertThat(c.line()).isEqualTo(1);
    assertThat(c.account()).as("accountcode empty: the channel's peer").isEqualTo("201");
    assertThat(c.destination()).isEqualTo("901632960123");
    assertThat(c.callerId()).isEqualTo("201");
    assertThat(c.sourceIp()).isEmpty();
    assertThat(c.context()).isEqualTo("from-internal");
    assertThat(c.start()).as("BST").isEqualTo(Instant.parse("2026-09-01T08:15:02Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-09-01T08:15:06Z"));
    assertThat(c.durationSeconds()).isEqualTo(124);
    assertThat(c.billableSeconds()).isEqualTo(120);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.callId()).isEmpty();
    assertThat(c.idempotencyKey()).matches("asterisk:h:[0-9a-f]{32}");
    assertThat(c.toAttempt().dialed()).isEqualTo("901632960123");
    assertThat(c.toAttempt().at()).isEqualTo(c.start());
  }

  @Test
  void theAccountCodeWinsAndUsegmtimeIsTheUtcZone() throws IOException {
    HistoricalCall c =
        Reading.read(ASTERISK, ZoneId.of("UTC"), "\"acme\"" + BASE.substring(2) + "\n")
            .calls
            .get(0);
    assertThat(c.account()).isEqualTo("acme");
    assertThat(c.start()).isEqualTo(Instant.parse("2026-09-01T09:15:02Z"));
  }

  @Test
  void dispositionsMapToOneSet() throws IOException {
    for (String[] d :
        new String[][] {
          {"NO ANSWER", "NO_ANSWER"},
          {"BUSY", "BUSY"},
          {"FAILED", "FAILED"},
          {"CONGESTION", "FAILED"},
          {"answered", "ANSWERED"}
        }) {
      HistoricalCall c = one(ASTERISK, BASE.replace("\"ANSWERED\"", "\"" + d[0] + "\"") + "\n");
      assertThat(c.disposition().name()).as(d[0]).isEqualTo(d[1]);
    }
    BadRow b = bad(ASTERISK, BASE.replace("\"ANSWERED\"", "\"NORMAL_CLEARING\"") + "\n");
    assertThat(b.reason()).isEqualTo(BadRow.Reason.BAD_DISPOSITION);
    assertThat(b.column()).isEqualTo(15);
    assertThat(b.columnName()).isEqualTo("disposition");
  }

  @Test
  void optionalColumnsAreToldApartByCountAndShape() throws IOException {
    HistoricalCall uid = one(ASTERISK, BASE + ",\"1725178502.42\"\n");
    assertThat(uid.callId()).isEqualTo("1725178502.42");
    assertThat(uid.idempotencyKey())
        .as("a uniqueid alone does not identify a record")
        .startsWith("asterisk:h:");
    HistoricalCall user = one(ASTERISK, BASE + ",\"billing note\"\n");
    assertThat(user.callId()).isEmpty();
    HistoricalCall both = one(ASTERISK, BASE + ",\"pbx1-1725178502.42\",\"\"\n");
    assertThat(both.callId()).isEqualTo("pbx1-1725178502.42");
    HistoricalCall all =
        one(ASTERISK, BASE + ",\"pbx1-1725178502.42\",\"\",\"\",\"pbx1-1725178502.40\",7\n");
    assertThat(all.callId()).isEqualTo("pbx1-1725178502.42");
    assertThat(all.idempotencyKey()).isEqualTo("asterisk:uid:pbx1-1725178502.42/7");
    HistoricalCall newOnly = one(ASTERISK, BASE + ",\"\",\"1725178502.40\",3\n");
    assertThat(newOnly.callId()).isEmpty();
    assertThat(newOnly.idempotencyKey()).startsWith("asterisk:h:");
  }

  @Test
  void theKeyIsTheSameForTheSameRowAndDiffersForAnother() throws IOException {
    String k1 = one(ASTERISK, BASE + "\n").idempotencyKey();
    String k2 = one(ASTERISK, BASE.replace(",124,", ", 124 ,") + "\r\n").idempotencyKey();
    String other =
        one(ASTERISK, BASE.replace("trunk-0000002b", "trunk-0000002c") + "\n").idempotencyKey();
    assertThat(k2).as("spaces around values and CRLF are not part of the row").isEqualTo(k1);
    BadRow spaced = Reading.bad(ASTERISK, "  " + BASE + "\n");
    assertThat(spaced.reason())
        .as("RFC 4180: a quote after spaces")
        .isEqualTo(BadRow.Reason.BAD_QUOTE);
    assertThat(other).isNotEqualTo(k1);
  }

  @Test
  void badRowsNameTheirColumn() throws IOException {
    String fifteen = BASE.substring(0, BASE.lastIndexOf(','));
    BadRow missing = bad(ASTERISK, fifteen + "\n");
    assertThat(missing.reason()).isEqualTo(BadRow.Reason.MISSING_COLUMN);
    assertThat(missing.column()).isEqualTo(16);
    assertThat(missing.columnName()).isEqualTo("amaflags");

    BadRow wide = bad(ASTERISK, BASE + ",\"a\",\"b\",\"c\",\"d\",5,\"f\"\n");
    assertThat(wide.reason()).isEqualTo(BadRow.Reason.TOO_MANY_COLUMNS);
    assertThat(wide.column()).isEqualTo(22);

    BadRow billsec = bad(ASTERISK, BASE.replace(",124,120,", ",124,x,") + "\n");
    assertThat(billsec.reason()).isEqualTo(BadRow.Reason.BAD_NUMBER);
    assertThat(billsec.columnName()).isEqualTo("billsec");
    assertThat(billsec.detail()).contains("\"x\"");

    BadRow answer =
        bad(ASTERISK, BASE.replace("\"2026-09-01 09:15:06\"", "\"2026-02-30 09:15:06\"") + "\n");
    assertThat(answer.reason()).isEqualTo(BadRow.Reason.BAD_TIME);
    assertThat(answer.column()).isEqualTo(11);

    BadRow noAccount = bad(ASTERISK, BASE.replace("\"PJSIP/201-0000002a\"", "\"\"") + "\n");
    assertThat(noAccount.reason()).isEqualTo(BadRow.Reason.MISSING_VALUE);
    assertThat(noAccount.column()).isEqualTo(1);

    BadRow noStart = bad(ASTERISK, BASE.replace("\"2026-09-01 09:15:02\"", "\"\"") + "\n");
    assertThat(noStart.reason()).isEqualTo(BadRow.Reason.MISSING_VALUE);
    assertThat(noStart.columnName()).isEqualTo("start");
  }

  @Test
  void aGoodRowAfterBadOnesIsStillRead() throws IOException {
    Collected got =
        read(ASTERISK, "garbage\n" + BASE.replace("ANSWERED", "OOPS") + "\n\n" + BASE + "\n");
    assertThat(got.bad).extracting(BadRow::line).containsExactly(1L, 2L);
    assertThat(got.calls).extracting(HistoricalCall::line).containsExactly(4L);
  }
}
