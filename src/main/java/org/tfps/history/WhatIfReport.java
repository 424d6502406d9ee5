package org.tfps.history;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the current policy would have done with a period of call history (docs/what-if.md): the
 * totals, each deciding rule with its examples, the accounts with the most refused calls. The
 * actions are the engine's verdicts, whatever an account's monitor-only mode. {@link #toJson()} has
 * the shape docs/what-if.md documents; {@link #toMarkdown()} is a readable summary.
 *
 * @param options what was replayed and kept (the selection rules, the bounds)
 * @param period the period asked for and the one the replayed calls covered
 * @param totals counts of records, calls, skips and verdicts
 * @param badRows bad rows by reason (all reasons, zeros included)
 * @param skipped calls read but not replayed, by why (all reasons, zeros included)
 * @param rules one line per deciding code other than R00, most denied first
 * @param accounts the accounts with a deny or a verify, most denied first, at most the option's
 *     {@code topAccounts}
 */
public record WhatIfReport(
    WhatIfOptions options,
    Period period,
    Totals totals,
    Map<BadRow.Reason, Long> badRows,
    Map<Skip, Long> skipped,
    List<RuleLine> rules,
    List<AccountLine> accounts) {

  /** The version of {@link #toJson()}'s shape, raised when a field changes meaning or goes. */
  public static final int JSON_VERSION = 1;

  public WhatIfReport {
    badRows = Map.copyOf(badRows);
    skipped = Map.copyOf(skipped);
    rules = List.copyOf(rules);
    accounts = List.copyOf(accounts);
  }

  /** Why a call read from the file was not decided. */
  public enum Skip {
    /** Its start is outside the period asked for. */
    OUTSIDE_PERIOD,
    /** Its context is an inbound one ({@link WhatIfOptions#inboundContexts()}). */
    INBOUND,
    /**
     * Its destination is an extension or a short code ({@link WhatIfOptions#extensionDigits()}).
     */
    INTERNAL
  }

  /**
   * @param from the start asked for, or null (the file's beginning)
   * @param to the end asked for (excluded), or null (the file's end)
   * @param first the start of the earliest call replayed, or null when none was
   * @param last the start of the latest call replayed, or null when none was
   */
  public record Period(Instant from, Instant to, Instant first, Instant last) {}

  /**
   * @param records records in the file ({@code calls + badRows})
   * @param calls records read as calls
   * @param badRows records that could not be read
   * @param replayed calls decided: {@code calls - skipped}
   * @param answered replayed calls the file says were answered
   * @param allowed replayed calls the policy allows (alerts included)
   * @param alerted allowed calls with a finding ({@code alert} actions, rules still learning)
   * @param denied replayed calls the policy would deny
   * @param verified replayed calls the policy would send to verify
   * @param deniedAnswered denied calls that were answered: the ones that cost money
   * @param verifiedAnswered verified calls that were answered
   * @param monitored replayed calls of accounts in monitor-only mode (counted by verdict all the
   *     same)
   * @param outOfOrder calls decided after a call that started later (longer than the reorder
   *     window, or past the held bound)
   * @param accounts distinct accounts replayed
   * @param accountsAffected distinct accounts with at least one call denied or verified
   */
  public record Totals(
      long records,
      long calls,
      long badRows,
      long replayed,
      long answered,
      long allowed,
      long alerted,
      long denied,
      long verified,
      long deniedAnswered,
      long verifiedAnswered,
      long monitored,
      long outOfOrder,
      long accounts,
      long accountsAffected) {}

  /**
   * One deciding code.
   *
   * @param code the code (R06)
   * @param rule the rule's name (blocked-country)
   * @param denied calls it decided as deny
   * @param verified calls it decided as verify
   * @param alerted calls it decided as allow (an alert)
   * @param answered of those calls, the answered ones
   * @param fired calls where it fired, deciding or not
   * @param accounts distinct accounts of the calls it decided
   * @param first the earliest call it decided
   * @param last the latest call it decided
   * @param examples its calls with the highest scores, earliest first among equals
   */
  public record RuleLine(
      String code,
      String rule,
      long denied,
      long verified,
      long alerted,
      long answered,
      long fired,
      long accounts,
      Instant first,
      Instant last,
      List<Example> examples) {

    public RuleLine {
      examples = List.copyOf(examples);
    }
  }

  /**
   * One account with refused calls.
   *
   * @param account the account
   * @param calls its calls replayed
   * @param denied its calls denied
   * @param verified its calls sent to verify
   * @param first the first of its calls denied or verified
   * @param last the last of them
   * @param codes the deciding codes of its denials and verifies, in code order
   */
  public record AccountLine(
      String account,
      long calls,
      long denied,
      long verified,
      Instant first,
      Instant last,
      List<String> codes) {

    public AccountLine {
      codes = List.copyOf(codes);
    }
  }

  /**
   * One decided call, as evidence.
   *
   * @param at the call's start, when it was decided
   * @param account the account
   * @param dialed the destination as the file has it
   * @param e164 the destination normalized, or empty when it is not a number
   * @param action deny, verify or allow
   * @param code the deciding code
   * @param score the verdict's score
   * @param evidence the deciding finding's evidence
   * @param codes every code that fired
   * @param answered whether the file says the call was answered
   * @param line the record's line in the file
   */
  public record Example(
      Instant at,
      String account,
      String dialed,
      String e164,
      String action,
      String code,
      int score,
      String evidence,
      List<String> codes,
      boolean answered,
      long line) {

    public Example {
      codes = List.copyOf(codes);
    }
  }

  /** The report as JSON (docs/what-if.md, "The report as JSON"); times as RFC 3339 UTC. */
  public JsonObject toJson() {
    JsonObject bad = new JsonObject();
    for (BadRow.Reason r : BadRow.Reason.values()) {
      bad.put(r.name(), badRows.getOrDefault(r, 0L));
    }
    JsonObject skips = new JsonObject();
    for (Skip s : Skip.values()) {
      skips.put(s.name(), skipped.getOrDefault(s, 0L));
    }
    JsonArray ruleArray = new JsonArray();
    for (RuleLine r : rules) {
      JsonArray examples = new JsonArray();
      r.examples().forEach(e -> examples.add(json(e)));
      ruleArray.add(
          new JsonObject()
              .put("code", r.code())
              .put("rule", r.rule())
              .put("denied", r.denied())
              .put("verified", r.verified())
              .put("alerted", r.alerted())
              .put("answered", r.answered())
              .put("fired", r.fired())
              .put("accounts", r.accounts())
              .put("first", text(r.first()))
              .put("last", text(r.last()))
              .put("examples", examples));
    }
    JsonArray accountArray = new JsonArray();
    for (AccountLine a : accounts) {
      accountArray.add(
          new JsonObject()
              .put("account", a.account())
              .put("calls", a.calls())
              .put("denied", a.denied())
              .put("verified", a.verified())
              .put("first", text(a.first()))
              .put("last", text(a.last()))
              .put("codes", new JsonArray(a.codes())));
    }
    Totals t = totals;
    return new JsonObject()
        .put("version", JSON_VERSION)
        .put("options", json(options))
        .put(
            "period",
            new JsonObject()
                .put("from", text(period.from()))
                .put("to", text(period.to()))
                .put("first", text(period.first()))
                .put("last", text(period.last())))
        .put(
            "totals",
            new JsonObject()
                .put("records", t.records())
                .put("calls", t.calls())
                .put("badRows", t.badRows())
                .put("replayed", t.replayed())
                .put("answered", t.answered())
                .put("allowed", t.allowed())
                .put("alerted", t.alerted())
                .put("denied", t.denied())
                .put("verified", t.verified())
                .put("deniedAnswered", t.deniedAnswered())
                .put("verifiedAnswered", t.verifiedAnswered())
                .put("monitored", t.monitored())
                .put("outOfOrder", t.outOfOrder())
                .put("accounts", t.accounts())
                .put("accountsAffected", t.accountsAffected()))
        .put("badRows", bad)
        .put("skipped", skips)
        .put("rules", ruleArray)
        .put("accounts", accountArray);
  }

  private static JsonObject json(WhatIfOptions o) {
    return new JsonObject()
        .put("inboundContexts", new JsonArray(o.inboundContexts().stream().sorted().toList()))
        .put("extensionDigits", o.extensionDigits())
        .put(
            "e164Formats",
            new JsonArray(o.e164Formats().stream().map(CdrFormat::id).sorted().toList()))
        .put("endCalls", o.endCalls())
        .put("reorderWindowSeconds", o.reorderWindow().toSeconds())
        .put("maxHeld", o.maxHeld())
        .put("examplesPerRule", o.examplesPerRule())
        .put("topAccounts", o.topAccounts());
  }

  private static JsonObject json(Example e) {
    return new JsonObject()
        .put("at", text(e.at()))
        .put("account", e.account())
        .put("dialed", e.dialed())
        .put("e164", e.e164())
        .put("action", e.action())
        .put("code", e.code())
        .put("score", e.score())
        .put("evidence", e.evidence())
        .put("codes", new JsonArray(e.codes()))
        .put("answered", e.answered())
        .put("line", e.line());
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  /** A readable summary: the totals, then tables of the rules, examples and accounts. */
  public String toMarkdown() {
    return WhatIfMarkdown.of(this);
  }
}
