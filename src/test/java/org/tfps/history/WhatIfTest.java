package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.Accounts;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionService;
import org.tfps.engine.Action;
import org.tfps.engine.Engine;
import org.tfps.numbers.DialPlan;
import org.tfps.testing.Decisions;

/**
 * The what-if replay on small generic files written here: what it replays and skips, the report's
 * JSON shape and Markdown tables, its bounds, the period, the order of decisions and the calls'
 * ends. Decided by the use case as production wires it, for the test month's office ({@link
 * WhatIfMonthTest#officeDecisions}).
 */
class WhatIfTest {

  static final String HEADER =
      "account,destination,start,answer,duration,billsec,disposition,context,call_id";
  static final String CUBA = "+5378123456";
  static final String LONDON = "+442079460123";

  @Test
  void countsEveryRecordSkipAndVerdict() throws IOException {
    String file =
        csv(
            row("201@office", LONDON, "2026-09-01T09:00:00+01:00", 60, "ANSWERED", "", "c1"),
            row("201@office", "+442079460124", "2026-09-01T09:05:00+01:00", 0, "BUSY", "", "c2"),
            row("202@office", CUBA, "2026-09-01T09:10:00+01:00", 120, "ANSWERED", "", "c3"),
            row("203@office", "202", "2026-09-01T09:11:00+01:00", 30, "ANSWERED", "", "c4"),
            row(
                "203@office",
                LONDON,
                "2026-09-01T09:12:00+01:00",
                30,
                "ANSWERED",
                "from-trunk",
                "c5"),
            "203@office,+442079460125,2026-09-31T09:13:00+01:00,,5,0,ANSWERED,,c6");

    WhatIfReport r = replay(file, WhatIfOptions.defaults());

    WhatIfReport.Totals t = r.totals();
    assertThat(t.records()).isEqualTo(6);
    assertThat(t.calls()).isEqualTo(5);
    assertThat(t.badRows()).isEqualTo(1);
    assertThat(t.replayed()).isEqualTo(3);
    assertThat(t.answered()).isEqualTo(2);
    assertThat(t.allowed()).isEqualTo(2);
    assertThat(t.denied()).isEqualTo(1);
    assertThat(t.deniedAnswered()).isEqualTo(1);
    assertThat(t.verified()).isZero();
    assertThat(t.accounts()).isEqualTo(2);
    assertThat(t.accountsAffected()).isEqualTo(1);
    assertThat(r.badRows()).containsEntry(BadRow.Reason.BAD_TIME, 1L);
    assertThat(r.skipped())
        .containsEntry(WhatIfReport.Skip.INTERNAL, 1L)
        .containsEntry(WhatIfReport.Skip.INBOUND, 1L)
        .containsEntry(WhatIfReport.Skip.OUTSIDE_PERIOD, 0L);
    assertThat(r.rules()).hasSize(1);
    WhatIfReport.RuleLine cuba = r.rules().get(0);
    assertThat(cuba.code()).isEqualTo("R06");
    assertThat(cuba.rule()).isEqualTo("blocked-country");
    assertThat(cuba.denied()).isEqualTo(1);
    assertThat(cuba.first()).isEqualTo(cuba.last()).isEqualTo(at("2026-09-01T08:10:00Z"));
    WhatIfReport.Example e = cuba.examples().get(0);
    assertThat(e.account()).isEqualTo("202@office");
    assertThat(e.e164()).isEqualTo(CUBA);
    assertThat(e.action()).isEqualTo("deny");
    assertThat(e.evidence()).contains("blocked country CU");
    assertThat(e.answered()).isTrue();
    assertThat(e.line()).isEqualTo(4);
    assertThat(r.accounts())
        .extracting(WhatIfReport.AccountLine::account)
        .containsExactly("202@office");
    assertThat(r.period().first()).isEqualTo(at("2026-09-01T08:00:00Z"));
    assertThat(r.period().last()).isEqualTo(at("2026-09-01T08:10:00Z"));
  }

  @Test
  void jsonHasTheDocumentedShape() throws IOException {
    JsonObject j =
        replay(
                csv(
                    row(
                        "202@office",
                        CUBA,
                        "2026-09-01T09:10:00+01:00",
                        120,
                        "ANSWERED",
                        "",
                        "c3")),
                WhatIfOptions.defaults())
            .toJson();
    // docs/what-if.md, "The report as JSON": a field added there is added here
    assertThat(j.fieldNames())
        .containsExactly(
            "version", "options", "period", "totals", "badRows", "skipped", "rules", "accounts");
    assertThat(j.getJsonObject("options"))
        .isEqualTo(
            new JsonObject()
                .put(
                    "inboundContexts",
                    new JsonArray(WhatIfOptions.INBOUND_CONTEXTS.stream().sorted().toList()))
                .put("extensionDigits", 5)
                .put("e164Formats", new JsonArray().add("cgrates"))
                .put("endCalls", true)
                .put("reorderWindowSeconds", 4 * 3600L)
                .put("maxHeld", WhatIfOptions.MAX_HELD)
                .put("examplesPerRule", 5)
                .put("topAccounts", 20));
    assertThat(j.getInteger("version")).isEqualTo(WhatIfReport.JSON_VERSION);
    assertThat(j.getJsonObject("period").fieldNames())
        .containsExactly("from", "to", "first", "last");
    assertThat(j.getJsonObject("period").getString("from")).isNull();
    assertThat(j.getJsonObject("period").getString("first")).isEqualTo("2026-09-01T08:10:00Z");
    assertThat(j.getJsonObject("totals").fieldNames())
        .containsExactly(
            "records",
            "calls",
            "badRows",
            "replayed",
            "answered",
            "allowed",
            "alerted",
            "denied",
            "verified",
            "deniedAnswered",
            "verifiedAnswered",
            "monitored",
            "outOfOrder",
            "accounts",
            "accountsAffected");
    assertThat(j.getJsonObject("badRows").fieldNames())
        .as("every reason, zeros included")
        .hasSize(BadRow.Reason.values().length);
    assertThat(j.getJsonObject("skipped").fieldNames())
        .containsExactly("OUTSIDE_PERIOD", "INBOUND", "INTERNAL");
    JsonObject rule = j.getJsonArray("rules").getJsonObject(0);
    assertThat(rule.fieldNames())
        .containsExactly(
            "code",
            "rule",
            "denied",
            "verified",
            "alerted",
            "answered",
            "fired",
            "accounts",
            "first",
            "last",
            "examples");
    assertThat(rule.getJsonArray("examples").getJsonObject(0).fieldNames())
        .containsExactly(
            "at",
            "account",
            "dialed",
            "e164",
            "action",
            "code",
            "score",
            "evidence",
            "codes",
            "answered",
            "line");
    assertThat(rule.getJsonArray("examples").getJsonObject(0).getJsonArray("codes"))
        .contains("R06");
    JsonObject account = j.getJsonArray("accounts").getJsonObject(0);
    assertThat(account.fieldNames())
        .containsExactly("account", "calls", "denied", "verified", "first", "last", "codes");
    assertThat(account.getJsonArray("codes")).isEqualTo(new JsonArray().add("R06"));
    assertThat(new JsonObject(j.encode())).as("survives encoding").isEqualTo(j);
  }

  @Test
  void markdownHasATableRowPerRuleAndAccountAndEscapesCells() throws IOException {
    String file =
        csv(
            row("ops|night", CUBA, "2026-09-01T09:10:00+01:00", 120, "ANSWERED", "", "c1"),
            row("201@office", LONDON, "2026-09-01T09:11:00+01:00", 60, "ANSWERED", "", "c2"));
    String md = replay(file, WhatIfOptions.defaults()).toMarkdown();

    assertThat(md).contains("| would deny | 1 | 1 |");
    assertThat(md).contains("Calls reordered by start within 4 h, each up until its end.");
    assertThat(md).contains("| R06 | blocked-country | 1 | 0 | 0 | 1 | 1 | 2026-09-01T08:10:00Z");
    assertThat(md).contains("| ops\\|night | 1 | 1 | 0 |").doesNotContain("| ops|night");
    // every row of a table has as many unescaped pipes as its header
    List<String> lines = md.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("|") && (i == 0 || !lines.get(i - 1).startsWith("|"))) {
        int cells = cells(lines.get(i));
        for (int k = i; k < lines.size() && lines.get(k).startsWith("|"); k++) {
          assertThat(cells(lines.get(k))).as("line: %s", lines.get(k)).isEqualTo(cells);
        }
      }
    }
  }

  @Test
  void keepsAtMostTheExamplesAndAccountsAskedFor() throws IOException {
    List<String> rows = new ArrayList<>();
    Instant t = at("2026-09-01T08:00:00Z");
    for (int account = 1; account <= 4; account++) {
      for (int call = 0; call < account; call++) {
        t = t.plus(Duration.ofMinutes(3));
        rows.add(
            row(
                "a" + account,
                "+537812340" + account + call,
                t.toString(),
                60,
                "ANSWERED",
                "",
                "c" + rows.size()));
      }
    }
    WhatIfReport r = replay(csv(rows.toArray(String[]::new)), WhatIfOptions.defaults().keep(3, 2));

    WhatIfReport.RuleLine cuba = r.rules().get(0);
    assertThat(cuba.denied()).isEqualTo(10);
    assertThat(cuba.accounts()).isEqualTo(4);
    assertThat(cuba.examples()).hasSize(3);
    assertThat(cuba.examples())
        .as("equal scores: the earliest, in order")
        .extracting(WhatIfReport.Example::at)
        .containsExactly(
            at("2026-09-01T08:03:00Z"), at("2026-09-01T08:06:00Z"), at("2026-09-01T08:09:00Z"));
    assertThat(r.accounts())
        .extracting(WhatIfReport.AccountLine::account, WhatIfReport.AccountLine::denied)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a4", 4L),
            org.assertj.core.groups.Tuple.tuple("a3", 3L));
    assertThat(r.totals().accountsAffected()).isEqualTo(4);
    assertThat(r.toMarkdown()).contains("The 2 accounts with the most denied calls of 4.");
  }

  @Test
  void replaysOnlyThePeriodAskedForItsEndExcluded() throws IOException {
    String file =
        csv(
            row("201@office", CUBA, "2026-09-01T09:00:00Z", 60, "ANSWERED", "", "c1"),
            row("201@office", CUBA, "2026-09-02T09:00:00Z", 60, "ANSWERED", "", "c2"),
            row("201@office", CUBA, "2026-09-03T09:00:00Z", 60, "ANSWERED", "", "c3"));
    Instant from = at("2026-09-02T09:00:00Z");
    Instant to = at("2026-09-03T09:00:00Z");
    WhatIfReport r = replay(file, WhatIfOptions.defaults().period(from, to));

    assertThat(r.totals().replayed()).isEqualTo(1);
    assertThat(r.skipped()).containsEntry(WhatIfReport.Skip.OUTSIDE_PERIOD, 2L);
    assertThat(r.period()).isEqualTo(new WhatIfReport.Period(from, to, from, from));
    assertThat(r.toJson().getJsonObject("period").getString("to"))
        .isEqualTo("2026-09-03T09:00:00Z");
    assertThatThrownBy(() -> WhatIfOptions.defaults().period(to, from))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void monitorOnlyAccountsAreCountedByTheirVerdict() throws IOException {
    String file =
        csv(row("202@office", CUBA, "2026-09-01T09:10:00+01:00", 60, "ANSWERED", "", "c"));
    DecisionService monitored =
        WhatIfMonthTest.officeDecisions(Map.of("tfps.accounts.monitor-only", "true"));
    WhatIfReport r = replay(monitored, file, WhatIfOptions.defaults(), (c, d) -> {});

    assertThat(r.totals().monitored()).isEqualTo(1);
    assertThat(r.totals().denied()).isEqualTo(1);
    assertThat(r.totals().allowed()).isZero();
  }

  @Test
  void decidesInOrderOfStartWithinTheWindow() throws IOException {
    // a softswitch writes a record when the call ends: the long call started first, ends last
    String file =
        csv(
            row("201@office", "+442079460124", "2026-09-01T09:10:00Z", 60, "ANSWERED", "", "b"),
            row("201@office", LONDON, "2026-09-01T09:00:00Z", 1800, "ANSWERED", "", "a"));
    List<String> order = new ArrayList<>();
    WhatIfReport reordered =
        replay(decisions(), file, WhatIfOptions.defaults(), (c, d) -> order.add(c.callId()));
    assertThat(order).containsExactly("a", "b");
    assertThat(reordered.totals().outOfOrder()).isZero();

    order.clear();
    WhatIfReport fileOrder =
        replay(
            decisions(),
            file,
            WhatIfOptions.defaults().reorder(Duration.ZERO, 1),
            (c, d) -> order.add(c.callId()));
    assertThat(order).containsExactly("b", "a");
    assertThat(fileOrder.totals().outOfOrder()).isEqualTo(1);

    // three calls: with one held at most, the third (started first) comes too late for the first
    String three =
        csv(
            row("201@office", "+442079460124", "2026-09-01T09:10:00Z", 60, "ANSWERED", "", "b"),
            row("201@office", "+442079460125", "2026-09-01T09:20:00Z", 60, "ANSWERED", "", "c"),
            row("201@office", LONDON, "2026-09-01T09:00:00Z", 1800, "ANSWERED", "", "a"));
    order.clear();
    replay(decisions(), three, WhatIfOptions.defaults(), (c, d) -> order.add(c.callId()));
    assertThat(order).containsExactly("a", "b", "c");
    order.clear();
    WhatIfReport bounded =
        replay(
            decisions(),
            three,
            WhatIfOptions.defaults().reorder(Duration.ofDays(1), 1),
            (c, d) -> order.add(c.callId()));
    assertThat(order).as("at most one call held").containsExactly("b", "a", "c");
    assertThat(bounded.totals().outOfOrder()).isEqualTo(1);
  }

  @Test
  void anAllowedCallIsUpUntilItsEnd() throws IOException {
    // six short calls a minute apart at night, to a London number: one up at a time in truth
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(
          row(
              "201@office",
              "+44207946012" + i,
              "2026-09-02T00:0" + i + ":00Z",
              10,
              "ANSWERED",
              "",
              "n" + i));
    }
    String file = csv(rows.toArray(String[]::new));
    // the operator posts records, so leases last the longest call (rules.md: concurrency-window)
    Map<String, String> posting = Map.of("tfps.engine.concurrency-window", "1h");
    List<Decision> ended = new ArrayList<>();
    replay(
        WhatIfMonthTest.officeDecisions(posting),
        file,
        WhatIfOptions.defaults(),
        (c, d) -> ended.add(d));
    assertThat(ended).allSatisfy(d -> assertThat(d.verdict().action()).isEqualTo(Action.ALLOW));

    List<Decision> notEnded = new ArrayList<>();
    replay(
        WhatIfMonthTest.officeDecisions(posting),
        file,
        WhatIfOptions.defaults().endCalls(false),
        (c, d) -> notEnded.add(d));
    assertThat(notEnded.get(5).verdict().code())
        .as("six up at once out of hours, against a limit of 5")
        .isEqualTo("R10");
  }

  @Test
  void cgratesDestinationsAreInternationalNumbers() throws IOException {
    String row =
        "3a0cb7d9,*default,*voice,o-1@pbx,*postpaid,office.example,call,201,201,5378123456,"
            + "2026-09-01T09:10:00+01:00,2026-09-01T09:10:05+01:00,60s,0.35";
    WhatIfReport r =
        WhatIf.replay(
            new ByteArrayInputStream((row + "\n").getBytes(StandardCharsets.UTF_8)),
            CdrFormat.CGRATES,
            Reading.LONDON,
            decisions(),
            WhatIfOptions.defaults());
    assertThat(r.rules().get(0).examples().get(0).e164()).isEqualTo(CUBA);
    assertThat(r.rules().get(0).code()).isEqualTo("R06");
  }

  @Test
  void aReportedReplayTakesNoMoreCalls() throws IOException {
    WhatIf replay = new WhatIf(decisions(), WhatIfOptions.defaults());
    replay.report(new ReadCounts(0, 0, 0, 0, 0, 0, 0));
    HistoricalCall call =
        Reading.one(
            CdrFormat.GENERIC,
            csv(row("201@office", LONDON, "2026-09-01T09:00:00Z", 60, "ANSWERED", "", "c")));
    assertThatThrownBy(() -> replay.accept(call)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failsRatherThanWaitForADecision() throws IOException {
    // a port that has not answered: DecisionService would wait for it up to its deadline
    Accounts slow = account -> Promise.<AccountProfile>promise().future();
    DecisionService waiting =
        Decisions.of(slow, new Engine(List.of()), new DialPlan("GB", List.of("00"), ""), 60_000);
    String file = csv(row("201@office", LONDON, "2026-09-01T09:00:00Z", 60, "ANSWERED", "", "c"));
    assertThatThrownBy(() -> replay(waiting, file, WhatIfOptions.defaults(), (c, d) -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answer at once");
  }

  private static int cells(String line) {
    return line.split("(?<!\\\\)" + Pattern.quote("|"), -1).length;
  }

  static String row(
      String account,
      String destination,
      String start,
      int duration,
      String disposition,
      String context,
      String callId) {
    return String.join(
        ",",
        account,
        destination,
        start,
        "",
        String.valueOf(duration),
        disposition.equals("ANSWERED") ? String.valueOf(duration) : "0",
        disposition,
        context,
        callId);
  }

  static String csv(String... rows) {
    return HEADER + "\n" + String.join("\n", rows) + "\n";
  }

  static Instant at(String text) {
    return Instant.parse(text);
  }

  static DecisionService decisions() {
    return WhatIfMonthTest.officeDecisions();
  }

  static WhatIfReport replay(String file, WhatIfOptions options) throws IOException {
    return replay(decisions(), file, options, (c, d) -> {});
  }

  static WhatIfReport replay(
      DecisionService decisions,
      String file,
      WhatIfOptions options,
      java.util.function.BiConsumer<HistoricalCall, Decision> each)
      throws IOException {
    WhatIf replay = new WhatIf(decisions, options, each);
    ReadCounts counts =
        CdrReaders.read(
            new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
            CdrFormat.GENERIC,
            Reading.LONDON,
            replay);
    return replay.report(counts);
  }
}
