package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CdrReadersTest {

  private static CdrFormat detect(String text) throws IOException {
    BufferedReader r = new BufferedReader(new StringReader(text));
    CdrFormat f = CdrReaders.detect(r);
    assertThat(r.readLine())
        .as("the reader is left at its start")
        .isEqualTo(text.lines().findFirst().orElse(null));
    return f;
  }

  @Test
  void recognisesEachTestFile() throws IOException {
    String[][] files = {
      {"asterisk-Master.csv", "ASTERISK"}, {"freeswitch-Master.csv", "FREESWITCH"},
      {"cgrates-cdre.csv", "CGRATES"}, {"generic.csv", "GENERIC"}
    };
    for (String[] f : files) {
      try (InputStream in = CdrFilesTest.resource(f[0])) {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        assertThat(CdrReaders.detect(r).name()).as(f[0]).isEqualTo(f[1]);
      }
    }
  }

  @Test
  void badRowsAtTheTopDoNotHideTheFormat() throws IOException {
    assertThat(
            detect(
                "\"unclosed\n,,\n\"\",\"201\",\"900\",\"c\",\"\",\"PJSIP/201-1\",\"\",\"Dial\",\"\","
                    + "\"2026-09-01 09:15:02\",\"\",\"2026-09-01 09:15:03\",1,0,\"FAILED\","
                    + "\"DOCUMENTATION\"\n"))
        .isEqualTo(CdrFormat.ASTERISK);
    assertThat(detect("CGRID,Account,Destination,SetupTime,Usage\n")).isEqualTo(CdrFormat.CGRATES);
  }

  @Test
  void anUnknownFileIsRefusedAndTheOverrideWins() throws IOException {
    assertThatThrownBy(() -> detect("name,phone\nbob,123\n"))
        .isInstanceOf(CdrFileException.class)
        .hasMessageContaining("give the format");
    // a generic file read as Asterisk: every row is bad, none is lost
    byte[] generic =
        "account,destination,start,duration,disposition\na,1,1788250502,5,BUSY\n"
            .getBytes(StandardCharsets.UTF_8);
    Collected got = new Collected();
    ReadCounts counts =
        CdrReaders.read(
            new ByteArrayInputStream(generic), CdrFormat.ASTERISK, ZoneId.of("UTC"), got);
    assertThat(counts.records()).isEqualTo(2);
    assertThat(got.bad).extracting(BadRow::reason).containsOnly(BadRow.Reason.MISSING_COLUMN);
  }

  @Test
  void progressIsToldEvery65536RecordsAndAtTheEnd() throws IOException {
    StringBuilder text = new StringBuilder("account,destination,start,duration,disposition\n");
    for (int i = 0; i < 70_000; i++) {
      text.append("a,")
          .append(i)
          .append(",1788250502,5,")
          .append(i % 2 == 0 ? "BUSY" : "?")
          .append('\n');
    }
    Collected got = new Collected();
    ReadCounts counts =
        CdrReaders.of(CdrFormat.GENERIC, ZoneId.of("UTC"))
            .read(new StringReader(text.toString()), got);
    assertThat(got.progress).hasSize(2);
    assertThat(got.progress.get(0).records()).isEqualTo(CdrReader.PROGRESS_EVERY);
    assertThat(got.progress.get(0).calls() + got.progress.get(0).badRows())
        .isEqualTo(CdrReader.PROGRESS_EVERY);
    assertThat(got.progress.get(1)).isEqualTo(counts);
    assertThat(counts)
        .isEqualTo(new ReadCounts(70_000, 35_000, 35_000, 1, 0, 70_001, text.length()));
    assertThat(got.progress.get(0).chars()).isBetween(1L, (long) text.length() - 1);
  }

  @Test
  void formatsHaveTheirCommandLineNames() {
    assertThat(CdrFormat.of(" FreeSWITCH ")).isEqualTo(CdrFormat.FREESWITCH);
    assertThatThrownBy(() -> CdrFormat.of("csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asterisk, freeswitch, cgrates or generic");
  }

  @Test
  void bytesThatAreNotUtf8DoNotMakeARowBad() throws IOException {
    byte[] latin1 =
        "account,destination,start,duration,disposition,caller_id\na,1,1788250502,5,BUSY,M\u00fcller\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    Collected got = new Collected();
    CdrReaders.read(new ByteArrayInputStream(latin1), null, ZoneId.of("UTC"), got);
    assertThat(got.calls)
        .singleElement()
        .satisfies(c -> assertThat(c.callerId()).isEqualTo("M\ufffdller"));
  }
}
