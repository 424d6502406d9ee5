package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.DayCount;
import org.tfps.engine.BusinessHours;
import org.tfps.engine.Limits;
import org.tfps.numbers.DialPlan;
import org.tfps.numbers.NumberNormalizer;

/** What an import keeps and seeds: outbound calls once, by account and day. */
class CdrImportTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final String FILE =
      "account,destination,start,duration,disposition,context,call_id\n"
          // Two calls up at once in business hours, to GB and FR.
          + "202@office.example,+442079460123,2026-09-01T10:00:00+01:00,300,ANSWERED,from-internal,a1\n"
          + "202@office.example,+33142278186,2026-09-01T10:01:00+01:00,60,ANSWERED,from-internal,a2\n"
          // After the first two ended; at night, so out of hours.
          + "202@office.example,+442079460124,2026-09-01T23:30:00+01:00,60,NO ANSWER,from-internal,a3\n"
          // Inbound, and an internal extension: not the account's outbound traffic.
          + "202@office.example,+442079460125,2026-09-02T10:00:00+01:00,60,ANSWERED,from-trunk,a4\n"
          + "202@office.example,204,2026-09-02T10:05:00+01:00,60,ANSWERED,from-internal,a5\n"
          // Today's call is the ledger's, not the history's.
          + "202@office.example,+442079460126,2026-11-22T09:00:00Z,60,ANSWERED,from-internal,a6\n"
          + "202@office.example,+442079460127,not-a-time,60,ANSWERED,from-internal,a7\n";

  private final Set<String> kept = new HashSet<>();
  private final List<DayCount> seeded = new ArrayList<>();

  private CdrImport importer() {
    AccountProfile office =
        new AccountProfile(
            "",
            new DialPlan("GB", List.of("00"), "9"),
            LONDON,
            BusinessHours.parse(
                List.of("DTSTART:20200106T080000 DTEND:20200106T180000 RRULE:FREQ=DAILY"), LONDON),
            Limits.none());
    return new CdrImport(
        office::forAccount,
        new NumberNormalizer(),
        keys -> {
          BitSet fresh = new BitSet();
          for (int i = 0; i < keys.size(); i++) {
            // As the store keeps them: the key at its start as written.
            if (kept.add(keys.get(i).writtenStart() + " " + keys.get(i).key())) {
              fresh.set(i);
            }
          }
          return java.util.concurrent.CompletableFuture.completedFuture(fresh);
        },
        seeded::addAll);
  }

  private CdrImport.Result run() throws Exception {
    return run(FILE, LONDON);
  }

  private CdrImport.Result run(String file, ZoneId zone) throws Exception {
    return importer()
        .run(
            new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
            CdrFormat.GENERIC,
            zone,
            "",
            LocalDate.of(2026, 11, 22),
            c -> {});
  }

  @Test
  void outboundCallsAreCountedByDayOnceWithTheirPeakHoursAndCountries() throws Exception {
    CdrImport.Result r = run();
    assertThat(r.counts().records()).isEqualTo(7);
    assertThat(r.counts().badRows()).isEqualTo(1);
    assertThat(r.badRows()).singleElement().satisfies(b -> assertThat(b.line()).isEqualTo(8));
    assertThat(r.notOutbound()).isEqualTo(2);
    assertThat(r.imported()).isEqualTo(4);
    assertThat(seeded)
        .containsExactly(
            new DayCount(
                "202@office.example", LocalDate.of(2026, 9, 1), 3, 1, 3, 0, 2, "FR,GB", null));
    assertThat(r.accounts()).isEqualTo(1);
    assertThat(r.days()).isEqualTo(1);

    seeded.clear();
    CdrImport.Result again = run();
    assertThat(again.imported()).isZero();
    assertThat(again.duplicates()).isEqualTo(4);
    assertThat(seeded).as("nothing new to seed").isEmpty();
  }

  /**
   * The keys of a file's records are the same whatever zone it is read in (the start as written,
   * not the instant): a file imported again with another --zone adds nothing twice.
   */
  @Test
  void aFileImportedAgainInAnotherZoneAddsNothing() throws Exception {
    String local =
        "account,destination,start,duration,disposition,call_id\n"
            + "202@office.example,+442079460123,2026-09-01 10:00:00,300,ANSWERED,b1\n"
            + "202@office.example,+442079460124,2026-09-01 23:30:00,60,NO ANSWER,b2\n"
            + "202@office.example,+442079460125,2026-09-02T10:00:00+01:00,60,BUSY,b3\n";
    assertThat(run(local, LONDON).imported()).isEqualTo(3);
    CdrImport.Result again = run(local, ZoneId.of("America/New_York"));
    assertThat(again.imported()).isZero();
    assertThat(again.duplicates()).isEqualTo(3);
  }
}
