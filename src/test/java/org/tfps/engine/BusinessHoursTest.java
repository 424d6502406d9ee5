package org.tfps.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** TFPS v2's documented example: 09:00-17:00 New York time, Monday to Friday, until 2100. */
  private static final String TFPS_EXAMPLE =
      "America/New_York|20210104T090000|21000104T170000||WEEKLY|||MO,TU,WE,TH,FR";

  private static final String PARIS_WEEKDAYS =
      "DTSTART;TZID=Europe/Paris:20240101T083000 DTEND;TZID=Europe/Paris:20240101T173000"
          + " RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";

  private static BusinessHours hours(ZoneId defaultZone, String... specs) {
    return BusinessHours.parse(List.of(specs), defaultZone);
  }

  private static BusinessHours hours(String... specs) {
    return hours(ZoneOffset.UTC, specs);
  }

  private static Instant at(ZoneId zone, String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }

  private static Instant ny(String localDateTime) {
    return at(NEW_YORK, localDateTime);
  }

  private static Instant paris(String localDateTime) {
    return at(PARIS, localDateTime);
  }

  private static String message(List<String> specs) {
    try {
      BusinessHours.parse(specs, ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.getMessage();
    }
    throw new AssertionError("no error for " + specs);
  }

  private static String message(String spec) {
    return message(List.of(spec));
  }

  // ---- the TFPS v2 / OpenSIPS form ----

  @Test
  void tfpsExampleIsWeekdayOfficeHoursInNewYork() {
    BusinessHours h = hours(TFPS_EXAMPLE);
    assertThat(h.contains(ny("2026-01-05T10:00"))).isTrue();
    assertThat(h.contains(ny("2026-01-05T09:00"))).as("start is inclusive").isTrue();
    assertThat(h.contains(ny("2026-01-05T08:59"))).isFalse();
    assertThat(h.contains(ny("2026-01-05T08:59:59.999"))).isFalse();
    assertThat(h.contains(ny("2026-01-05T16:59:59.999"))).isTrue();
    assertThat(h.contains(ny("2026-01-05T17:00"))).as("end is exclusive").isFalse();
    assertThat(h.contains(ny("2026-01-09T12:00"))).as("Friday").isTrue();
    assertThat(h.contains(ny("2026-01-10T12:00"))).as("Saturday").isFalse();
    assertThat(h.contains(ny("2026-01-11T12:00"))).as("Sunday").isFalse();
  }

  @Test
  void tfpsExampleReadsALateDtendAsDailyEndAndLastDay() {
    BusinessHours h = hours(TFPS_EXAMPLE);
    assertThat(h.contains(ny("2021-01-04T08:00"))).isFalse();
    assertThat(h.contains(ny("2021-01-04T16:00"))).as("first day").isTrue();
    assertThat(h.contains(ny("2021-01-04T18:00")))
        .as("not one 79-year interval: 18:00 on the first day is outside")
        .isFalse();
    assertThat(h.contains(ny("2100-01-04T10:00"))).as("dtend's date is the last day").isTrue();
    assertThat(h.contains(ny("2100-01-04T17:00"))).isFalse();
    assertThat(h.contains(ny("2100-01-05T10:00"))).as("after dtend: never").isFalse();
    assertThat(h.contains(ny("2020-12-31T10:00"))).as("before dtstart").isFalse();
  }

  @Test
  void weekdayHoursFollowBothNewYorkDstTransitions() {
    BusinessHours h = hours(TFPS_EXAMPLE);
    // Friday before spring forward: 09:00 EST is 14:00Z.
    assertThat(h.contains(Instant.parse("2026-03-06T14:00:00Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-03-06T13:59:59Z"))).isFalse();
    // Monday after (2026-03-08): 09:00 EDT is 13:00Z, 17:00 EDT is 21:00Z.
    assertThat(h.contains(Instant.parse("2026-03-09T13:00:00Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-03-09T12:59:59Z"))).isFalse();
    assertThat(h.contains(Instant.parse("2026-03-09T20:59:59Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-03-09T21:00:00Z"))).isFalse();
    // Friday before fall back: still EDT.
    assertThat(h.contains(Instant.parse("2026-10-30T13:00:00Z"))).isTrue();
    // Monday after (2026-11-01): 09:00 EST is 14:00Z again, 17:00 EST is 22:00Z.
    assertThat(h.contains(Instant.parse("2026-11-02T13:30:00Z"))).isFalse();
    assertThat(h.contains(Instant.parse("2026-11-02T14:00:00Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-11-02T21:59:59Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-11-02T22:00:00Z"))).isFalse();
  }

  @Test
  void dailyHoursOnTheTransitionDaysThemselves() {
    BusinessHours h = hours("America/New_York|20210104T090000|20210104T170000||DAILY");
    // 2026-03-08: 09:00 EDT = 13:00Z.
    assertThat(h.contains(Instant.parse("2026-03-08T12:59:59Z"))).isFalse();
    assertThat(h.contains(Instant.parse("2026-03-08T13:00:00Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-03-08T21:00:00Z"))).isFalse();
    // 2026-11-01: 09:00 EST = 14:00Z, 17:00 EST = 22:00Z.
    assertThat(h.contains(Instant.parse("2026-11-01T13:59:59Z"))).isFalse();
    assertThat(h.contains(Instant.parse("2026-11-01T14:00:00Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-11-01T21:59:59Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-11-01T22:00:00Z"))).isFalse();
  }

  @Test
  void overnightShiftCrossesMidnight() {
    for (String spec :
        List.of(
            "Europe/Paris|20240101T220000|20240102T060000||DAILY",
            "Europe/Paris|20240101T220000|21000101T060000||DAILY",
            "DTSTART;TZID=Europe/Paris:20240101T220000 DURATION:PT8H RRULE:FREQ=DAILY")) {
      BusinessHours h = hours(spec);
      assertThat(h.contains(paris("2025-06-10T21:59:59"))).as(spec).isFalse();
      assertThat(h.contains(paris("2025-06-10T22:00"))).as(spec).isTrue();
      assertThat(h.contains(paris("2025-06-10T23:59:59"))).as(spec).isTrue();
      assertThat(h.contains(paris("2025-06-11T00:00"))).as(spec).isTrue();
      assertThat(h.contains(paris("2025-06-11T05:59:59"))).as(spec).isTrue();
      assertThat(h.contains(paris("2025-06-11T06:00"))).as(spec).isFalse();
      assertThat(h.contains(paris("2025-06-11T12:00"))).as(spec).isFalse();
    }
  }

  @Test
  void overnightShiftEndsAtTheWallClockTimeAcrossDst() {
    BusinessHours h = hours("America/New_York|20210104T220000|20210105T060000||DAILY");
    // Saturday 22:00 EST (03:00Z) to Sunday 06:00 EDT (10:00Z): 7 hours that night.
    assertThat(h.contains(Instant.parse("2026-03-08T03:00:00Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-03-08T09:59:59Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2026-03-08T10:00:00Z"))).isFalse();
  }

  @Test
  void openSipsFormWithoutTzFieldAndBareDuration() {
    BusinessHours h = hours(NEW_YORK, "20210104T090000||8H|WEEKLY|||MO,TU,WE,TH,FR");
    assertThat(h.contains(ny("2026-01-05T09:00"))).isTrue();
    assertThat(h.contains(ny("2026-01-05T16:59"))).isTrue();
    assertThat(h.contains(ny("2026-01-05T17:00"))).isFalse();
    assertThat(h.contains(ny("2026-01-10T10:00"))).isFalse();
  }

  @Test
  void emptyTzFieldUsesTheDefaultZone() {
    BusinessHours h = hours(PARIS, "|20240101T090000|20240101T120000||DAILY");
    assertThat(h.contains(paris("2025-02-03T09:30"))).isTrue();
    assertThat(h.contains(Instant.parse("2025-02-03T09:30:00Z"))).as("10:30 Paris").isTrue();
    assertThat(h.contains(Instant.parse("2025-02-03T11:30:00Z"))).as("12:30 Paris").isFalse();
  }

  @Test
  void monthlyByDayWithPosition() {
    BusinessHours h = hours("Europe/Paris|20240101T090000|20240101T120000||MONTHLY|||-1FR");
    assertThat(h.contains(paris("2025-01-31T10:00"))).as("last Friday of January").isTrue();
    assertThat(h.contains(paris("2025-01-24T10:00"))).as("an earlier Friday").isFalse();
    assertThat(h.contains(paris("2025-02-28T10:00"))).isTrue();
  }

  @Test
  void intervalAndByMonth() {
    // Every second week, Mondays, in June only.
    BusinessHours h = hours("Europe/Paris|20250602T090000|20250602T100000||WEEKLY||2|MO||||6");
    assertThat(h.contains(paris("2025-06-02T09:30"))).isTrue();
    assertThat(h.contains(paris("2025-06-09T09:30"))).as("odd week").isFalse();
    assertThat(h.contains(paris("2025-06-16T09:30"))).isTrue();
    assertThat(h.contains(paris("2025-07-14T09:30"))).as("July").isFalse();
  }

  @Test
  void untilInThePastMeansNeverInsideAfterwards() {
    BusinessHours h =
        hours(
            "America/New_York|20210104T090000|20210104T170000||WEEKLY|20210301T000000||MO,TU,WE,TH,FR");
    assertThat(h.contains(ny("2021-02-26T10:00"))).as("last Friday before until").isTrue();
    assertThat(h.contains(ny("2021-03-01T10:00"))).isFalse();
    assertThat(h.contains(ny("2026-01-05T10:00"))).isFalse();
    assertThat(h.contains(ny("2099-01-05T10:00"))).isFalse();
  }

  @Test
  void untilCutsAnIntervalItFallsIn() {
    BusinessHours h =
        hours("America/New_York|20210104T090000|20210104T170000||DAILY|20210226T120000");
    assertThat(h.contains(ny("2021-02-26T11:59:59"))).isTrue();
    assertThat(h.contains(ny("2021-02-26T12:00:00.500"))).as("until is inclusive").isTrue();
    assertThat(h.contains(ny("2021-02-26T12:00:01"))).isFalse();
    BusinessHours day = hours("America/New_York|20210104T090000|20210104T170000||DAILY|20210226");
    assertThat(day.contains(ny("2021-02-26T16:00"))).as("a date: through that day").isTrue();
    assertThat(day.contains(ny("2021-02-27T10:00"))).isFalse();
  }

  // ---- the RFC 5545 form ----

  @Test
  void parisRruleWithDtend() {
    BusinessHours h = hours(PARIS_WEEKDAYS);
    assertThat(h.contains(paris("2025-07-15T08:29:59"))).isFalse();
    assertThat(h.contains(paris("2025-07-15T08:30"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T17:29:59"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T17:30"))).isFalse();
    assertThat(h.contains(paris("2025-01-14T12:00"))).as("winter").isTrue();
    assertThat(h.contains(paris("2025-07-19T12:00"))).as("Saturday").isFalse();
  }

  @Test
  void parisRruleWithDurationOnSeparateLines() {
    BusinessHours h =
        hours(
            "DTSTART;TZID=Europe/Paris:20240101T083000\n"
                + "DURATION:PT9H\n"
                + "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\n");
    assertThat(h.contains(paris("2025-07-15T08:29:59"))).isFalse();
    assertThat(h.contains(paris("2025-07-15T08:30"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T17:29:59"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T17:30"))).isFalse();
    assertThat(h.contains(paris("2025-07-20T12:00"))).as("Sunday").isFalse();
  }

  @Test
  void floatingDtstartUsesTheDefaultZone() {
    BusinessHours h =
        hours(ZoneId.of("Asia/Tokyo"), "DTSTART:20240101T090000 DURATION:PT8H RRULE:FREQ=DAILY");
    assertThat(h.contains(Instant.parse("2025-01-01T00:30:00Z"))).as("09:30 Tokyo").isTrue();
    assertThat(h.contains(Instant.parse("2025-01-01T09:30:00Z"))).as("18:30 Tokyo").isFalse();
  }

  @Test
  void utcDtstartAndDateUntil() {
    BusinessHours h =
        hours("DTSTART:20250101T090000Z DURATION:PT1H RRULE:FREQ=DAILY;UNTIL=20250110");
    assertThat(h.contains(Instant.parse("2025-01-10T09:30:00Z"))).isTrue();
    assertThat(h.contains(Instant.parse("2025-01-10T10:00:00Z"))).isFalse();
    assertThat(h.contains(Instant.parse("2025-01-11T09:30:00Z"))).isFalse();
  }

  @Test
  void exdateRemovesOneOccurrence() {
    BusinessHours h = hours(PARIS_WEEKDAYS + " EXDATE;TZID=Europe/Paris:20250714T083000");
    assertThat(h.contains(paris("2025-07-14T10:00"))).as("Bastille Day").isFalse();
    assertThat(h.contains(paris("2025-07-15T10:00"))).isTrue();
    assertThat(h.contains(paris("2025-07-07T10:00"))).isTrue();
  }

  @Test
  void singleIntervalWithoutRule() {
    BusinessHours h =
        hours("DTSTART;TZID=Europe/Paris:20250101T000000 DTEND;TZID=Europe/Paris:20250401T000000");
    assertThat(h.contains(paris("2025-02-15T03:00"))).isTrue();
    assertThat(h.contains(paris("2025-04-01T00:00"))).isFalse();
    assertThat(h.contains(paris("2024-12-31T23:59"))).isFalse();
  }

  // ---- union and the cache ----

  @Test
  void unionOfMorningAndAfternoonLeavesTheLunchBreakOut() {
    String morning = "Europe/Paris|20240101T083000|20240101T120000||WEEKLY|||MO,TU,WE,TH,FR";
    String afternoon =
        "DTSTART;TZID=Europe/Paris:20240101T133000 DURATION:PT4H RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";
    BusinessHours h = hours(morning, afternoon);
    assertThat(h.specs()).containsExactly(morning, afternoon);
    assertThat(h.contains(paris("2025-07-15T08:30"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T11:59:59"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T12:00"))).isFalse();
    assertThat(h.contains(paris("2025-07-15T13:29:59"))).isFalse();
    assertThat(h.contains(paris("2025-07-15T13:30"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T17:29:59"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T17:30"))).isFalse();
    assertThat(h.contains(paris("2025-07-19T10:00"))).isFalse();
    assertThat(hours(morning).contains(paris("2025-07-15T14:00"))).isFalse();
    assertThat(hours(afternoon).contains(paris("2025-07-15T10:00"))).isFalse();
  }

  @Test
  void touchingIntervalsOfTwoSpecsAreOneStretch() {
    BusinessHours h =
        hours(
            "Europe/Paris|20240101T090000|20240101T120000||DAILY",
            "Europe/Paris|20240101T120000|20240101T170000||DAILY");
    assertThat(h.contains(paris("2025-07-15T11:59:59"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T12:00"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T16:59:59"))).isTrue();
    assertThat(h.contains(paris("2025-07-15T17:00"))).isFalse();
    assertThat(h.contains(paris("2025-07-15T08:59:59"))).isFalse();
  }

  @Test
  void cacheIsRightWhenTheClockJumpsBackAndForth() {
    BusinessHours h = hours(TFPS_EXAMPLE);
    assertThat(h.contains(ny("2026-01-05T10:00"))).isTrue();
    assertThat(h.contains(ny("2026-01-10T10:00"))).isFalse();
    assertThat(h.contains(ny("2026-01-05T10:05"))).isTrue();
    assertThat(h.contains(ny("2026-01-05T08:00"))).isFalse();
    assertThat(h.contains(ny("2026-01-05T09:30"))).isTrue();
    assertThat(h.contains(ny("2020-06-01T10:00"))).isFalse();
    assertThat(h.contains(ny("2026-01-06T10:00"))).isTrue();
    assertThat(h.contains(ny("2026-01-05T16:59"))).isTrue();
    assertThat(h.contains(ny("2026-01-05T17:00"))).isFalse();
    assertThat(h.contains(ny("2026-01-05T16:59:59"))).isTrue();
    assertThat(h.contains(ny("2026-01-04T23:00"))).isFalse();
  }

  @Test
  void cachedAnswersMatchAnIndependentOracleInRandomOrder() {
    BusinessHours h = hours(TFPS_EXAMPLE);
    Random random = new Random(42);
    List<Instant> instants = new ArrayList<>();
    Instant base = ny("2026-02-20T00:00");
    for (int i = 0; i < 3000; i++) {
      instants.add(base.plusSeconds(random.nextInt(60 * 86_400)));
    }
    for (int day = 0; day < 60; day++) { // every boundary and its neighbours
      for (String time : List.of("09:00", "17:00")) {
        Instant b = ny("2026-02-20T" + time).atZone(NEW_YORK).plusDays(day).toInstant();
        instants.add(b);
        instants.add(b.minusMillis(1));
        instants.add(b.plusMillis(1));
      }
    }
    Collections.shuffle(instants, random);
    for (Instant i : instants) {
      assertThat(h.contains(i)).as("%s", i.atZone(NEW_YORK)).isEqualTo(officeHours(i));
    }
  }

  @Test
  void concurrentCallersAgreeWithTheOracle() throws Exception {
    BusinessHours h = hours(TFPS_EXAMPLE);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long seed = t;
        results.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed);
                  Instant base = ny("2026-03-01T00:00");
                  int wrong = 0;
                  for (int i = 0; i < 2000; i++) {
                    Instant at = base.plusSeconds(random.nextInt(20 * 86_400));
                    if (h.contains(at) != officeHours(at)) {
                      wrong++;
                    }
                  }
                  return wrong;
                }));
      }
      for (Future<Integer> r : results) {
        assertThat(r.get(1, TimeUnit.MINUTES)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The TFPS example computed with java.time only. */
  private static boolean officeHours(Instant at) {
    ZonedDateTime local = at.atZone(NEW_YORK);
    DayOfWeek day = local.getDayOfWeek();
    LocalTime time = local.toLocalTime();
    return day != DayOfWeek.SATURDAY
        && day != DayOfWeek.SUNDAY
        && !time.isBefore(LocalTime.of(9, 0))
        && time.isBefore(LocalTime.of(17, 0));
  }

  @Test
  void alwaysIsInsideEverywhere() {
    BusinessHours h = BusinessHours.always();
    assertThat(h.specs()).isEmpty();
    assertThat(h.contains(ny("2026-01-10T03:00"))).isTrue();
    assertThat(h.contains(Instant.MIN)).isTrue();
    assertThat(h.contains(Instant.MAX)).isTrue();
  }

  @Test
  void extremeInstantsDoNotOverflow() {
    BusinessHours h = hours(TFPS_EXAMPLE);
    assertThat(h.contains(Instant.MIN)).isFalse();
    assertThat(h.contains(Instant.MAX)).isFalse();
    assertThat(h.contains(ny("2026-01-05T10:00"))).isTrue();
  }

  // ---- errors an operator can act on ----

  @Test
  void unknownTimeZone() {
    assertThat(message("America/New_Yrk|20210104T090000|20210104T170000||DAILY"))
        .contains("tz 'America/New_Yrk'")
        .contains("not a known time zone");
    assertThat(message("DTSTART;TZID=Europe/Pariss:20240101T083000 DURATION:PT9H"))
        .contains("TZID 'Europe/Pariss'")
        .contains("not a known time zone");
  }

  @Test
  void badDate() {
    assertThat(message("America/New_York|20210230T090000|20210230T170000||DAILY"))
        .contains("dtstart '20210230T090000'")
        .contains("YYYYMMDDTHHMMSS");
    assertThat(message("America/New_York|20210104T090000|2021-01-04 17:00||DAILY"))
        .contains("dtend '2021-01-04 17:00'");
    assertThat(message("America/New_York|20210104T090000|20210104T170000||DAILY|20211301"))
        .contains("until '20211301'");
    assertThat(message("DTSTART;TZID=Europe/Paris:20241301T083000 DURATION:PT9H"))
        .contains("DTSTART '20241301T083000'");
  }

  @Test
  void unknownFreq() {
    assertThat(message("America/New_York|20210104T090000|20210104T170000||FORTNIGHTLY"))
        .contains("freq 'FORTNIGHTLY'")
        .contains("daily, weekly, monthly, yearly");
    assertThat(message("DTSTART:20240101T083000 DURATION:PT9H RRULE:FREQ=FORTNIGHTLY"))
        .contains("RRULE 'FREQ=FORTNIGHTLY'")
        .contains("FORTNIGHTLY");
    assertThat(message("DTSTART:20240101T083000 DURATION:PT9H RRULE:FREQ=MINUTELY"))
        .contains("FREQ=MINUTELY is too fine");
  }

  @Test
  void unknownByDay() {
    assertThat(message("America/New_York|20210104T090000|20210104T170000||WEEKLY|||MO,XX"))
        .contains("byday 'XX'")
        .contains("MO, TU, WE, TH, FR, SA or SU");
    assertThat(message("DTSTART:20240101T083000 DURATION:PT9H RRULE:FREQ=WEEKLY;BYDAY=MO,XX"))
        .contains("RRULE 'FREQ=WEEKLY;BYDAY=MO,XX'")
        .contains("'XX'");
    assertThat(message("America/New_York|20210104T090000|20210104T170000||WEEKLY|||-1FR"))
        .contains("BYDAY=-1FR")
        .contains("MONTHLY or YEARLY");
  }

  @Test
  void missingDtstart() {
    assertThat(message("America/New_York||20210104T170000||DAILY")).contains("dtstart is missing");
    assertThat(message("DTEND:20240101T173000 RRULE:FREQ=DAILY")).contains("DTSTART is missing");
  }

  @Test
  void emptySpec() {
    assertThat(message(List.of())).contains("no business hours spec");
    assertThat(message("   ")).contains("the spec is empty");
    assertThat(message(List.of(TFPS_EXAMPLE, ""))).isEqualTo("spec 2: the spec is empty");
  }

  @Test
  void otherMistakesNameTheField() {
    assertThat(message("America/New_York|20210104T090000|||DAILY"))
        .contains("dtend or duration is needed");
    assertThat(message("America/New_York|20210104T090000|20210104T170000|PT8H|DAILY"))
        .contains("not both");
    assertThat(message("America/New_York|20210104T090000|20210104T080000||DAILY"))
        .contains("dtend '20210104T080000' is not after the start");
    assertThat(message("America/New_York|20210104T090000||8X|DAILY")).contains("duration '8X'");
    assertThat(message("America/New_York|20210104T090000||PT8H|DAILY||0")).contains("interval '0'");
    assertThat(message("America/New_York|20210104T090000||PT8H|DAILY||||32"))
        .contains("bymonthday '32'");
    assertThat(message("America/New_York|20210104T090000||PT8H||20220101"))
        .contains("until '20220101' needs a freq");
    assertThat(message("America/New_York|20210104T090000|20210104T170000||DAILY|||||||1|2"))
        .contains("too many '|' fields");
    assertThat(message("DTSTART:20240101T083000 RRULE:FREQ=DAILY"))
        .contains("DTEND or DURATION is needed");
    assertThat(message("DTSTART:20240101T083000 DURATION:PT9H SUMMARY:office"))
        .contains("'SUMMARY' is not supported");
    assertThat(message("office hours")).contains("'office' is not a NAME:VALUE content line");
    assertThat(message("DTSTART:20240101T083000 DURATION:P100D RRULE:FREQ=YEARLY"))
        .contains("100 days");
    assertThat(message(List.of(TFPS_EXAMPLE, "Mars/Olympus|20210104T090000||PT8H|DAILY")))
        .startsWith("spec 2: tz 'Mars/Olympus'");
  }
}
