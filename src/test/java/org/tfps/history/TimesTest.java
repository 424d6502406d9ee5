package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class TimesTest {

  private static long parse(Times t, String s, boolean epoch) {
    char[] c = s.toCharArray();
    return t.parse(c, 0, c.length, epoch);
  }

  @Test
  void localTimesAreReadAsJavaTimeReadsThemAcrossTransitions() {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    for (String zone : new String[] {"Europe/London", "America/New_York", "Australia/Lord_Howe"}) {
      ZoneId z = ZoneId.of(zone);
      Times times = new Times(z);
      // every 7 minutes 13 seconds of two years, overlaps and gaps included
      for (LocalDateTime t = LocalDateTime.of(2025, 1, 1, 0, 0, 0);
          t.getYear() < 2027;
          t = t.plusSeconds(433)) {
        long expected = ZonedDateTime.ofLocal(t, z, null).toEpochSecond();
        assertThat(parse(times, f.format(t), false)).as(zone + " " + t).isEqualTo(expected);
      }
    }
  }

  @Test
  void offsetsFractionsAndEpochSeconds() {
    Times utc = new Times(ZoneId.of("UTC"));
    assertThat(parse(utc, "2026-09-01T09:15:02+01:00", false)).isEqualTo(1788250502L);
    assertThat(parse(utc, "2026-09-01T08:15:02Z", false)).isEqualTo(1788250502L);
    assertThat(parse(utc, "2026-09-01 08:15:02.123456", false)).isEqualTo(1788250502L);
    assertThat(parse(utc, "2026-09-01T10:15:02+0200", false)).isEqualTo(1788250502L);
    assertThat(parse(utc, " 1788250502 ", true)).isEqualTo(1788250502L);
    assertThat(parse(utc, "1788250502", false)).isEqualTo(Times.NOT_A_TIME);
    for (String bad :
        new String[] {
          "2026-09-31 10:00:00", "2026-02-29 10:00:00", "2026-13-01 10:00:00",
              "2026-09-01 24:00:00",
          "2026-09-01 10:60:00", "2026/09/01 10:00:00", "2026-09-01 10:00", "2026-09-01T10:00:00+1",
          "2026-09-01 10:00:00.", "11/09/2026 10:00", ""
        }) {
      assertThat(parse(utc, bad, true)).as(bad).isEqualTo(Times.NOT_A_TIME);
    }
    assertThat(parse(utc, "2028-02-29 00:00:00", false)).isEqualTo(1835395200L);
  }

  /** What the import orders its keys by: the time as written, whatever the import's zone. */
  @Test
  void theTimeAsWrittenDoesNotDependOnTheZone() {
    for (String zone : new String[] {"UTC", "Europe/London", "Pacific/Kiritimati"}) {
      Times times = new Times(ZoneId.of(zone));
      parse(times, "2026-09-01 09:15:02", false);
      assertThat(times.written()).as(zone).isEqualTo(1788254102L);
      parse(times, "2026-09-01T09:15:02.5+01:00", false);
      assertThat(times.written()).as(zone).isEqualTo(1788250502L);
      parse(times, "2026-09-01T08:15:02Z", false);
      assertThat(times.written()).as(zone).isEqualTo(1788250502L);
      parse(times, "1788250502", true);
      assertThat(times.written()).as(zone).isEqualTo(1788250502L);
      // In London's spring-forward gap the instant moves on an hour; the time as written does not.
      parse(times, "2026-03-29 01:30:00", false);
      assertThat(times.written()).as(zone).isEqualTo(1774747800L);
    }
  }

  @Test
  void epochDaysMatchLocalDate() {
    for (long d = -800_000; d < 800_000; d += 997) {
      java.time.LocalDate date = java.time.LocalDate.ofEpochDay(d);
      assertThat(Times.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
          .isEqualTo(d);
    }
  }
}
