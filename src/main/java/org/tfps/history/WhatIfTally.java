package org.tfps.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tfps.decision.Decision;
import org.tfps.engine.Action;
import org.tfps.engine.Finding;
import org.tfps.engine.Verdict;

/**
 * The counts of a replay as it goes. Bounded but for the accounts: a fixed number of counters, one
 * line per rule code (a few dozen), {@code examplesPerRule} examples per code in a heap; and per
 * account its counts and, per code, the accounts it decided (both grow with the accounts replayed,
 * about 100 bytes each). Not thread-safe: one replay, one thread.
 */
final class WhatIfTally {

  /** Worst example first, so the heap drops it: lowest score, then latest, then last in file. */
  private static final Comparator<WhatIfReport.Example> WORST_FIRST =
      Comparator.comparingInt(WhatIfReport.Example::score)
          .thenComparing(WhatIfReport.Example::at, Comparator.reverseOrder())
          .thenComparing(WhatIfReport.Example::line, Comparator.reverseOrder());

  private final WhatIfOptions options;
  private final Map<BadRow.Reason, Long> badRows = new EnumMap<>(BadRow.Reason.class);
  private final Map<WhatIfReport.Skip, Long> skipped = new EnumMap<>(WhatIfReport.Skip.class);
  private final Map<String, Rule> rules = new TreeMap<>();
  private final Map<String, Account> accounts = new HashMap<>();
  private final Map<String, Long> fired = new HashMap<>();
  private long replayed;
  private long answered;
  private long allowed;
  private long alerted;
  private long denied;
  private long verified;
  private long deniedAnswered;
  private long verifiedAnswered;
  private long monitored;
  private long outOfOrder;
  private long accountsAffected;
  private Instant first;
  private Instant last;

  WhatIfTally(WhatIfOptions options) {
    this.options = options;
    for (BadRow.Reason r : BadRow.Reason.values()) {
      badRows.put(r, 0L);
    }
    for (WhatIfReport.Skip s : WhatIfReport.Skip.values()) {
      skipped.put(s, 0L);
    }
  }

  void badRow(BadRow row) {
    badRows.merge(row.reason(), 1L, Long::sum);
  }

  void skipped(WhatIfReport.Skip why) {
    skipped.merge(why, 1L, Long::sum);
  }

  void outOfOrder() {
    outOfOrder++;
  }

  /** Counts one decided call. */
  void decided(HistoricalCall call, Decision decision) {
    Verdict v = decision.verdict();
    Instant at = call.start();
    boolean wasAnswered = call.disposition() == Disposition.ANSWERED;
    replayed++;
    if (first == null || at.isBefore(first)) {
      first = at;
    }
    if (last == null || at.isAfter(last)) {
      last = at;
    }
    if (wasAnswered) {
      answered++;
    }
    if (decision.monitorOnly()) {
      monitored++;
    }
    for (Finding f : v.findings()) {
      fired.merge(f.code(), 1L, Long::sum);
    }
    Account account = accounts.computeIfAbsent(call.account(), a -> new Account());
    account.calls++;
    switch (v.action()) {
      case ALLOW -> {
        allowed++;
        if (!v.findings().isEmpty()) {
          alerted++;
        }
      }
      case DENY -> {
        denied++;
        if (wasAnswered) {
          deniedAnswered++;
        }
      }
      case VERIFY -> {
        verified++;
        if (wasAnswered) {
          verifiedAnswered++;
        }
      }
    }
    if (v.findings().isEmpty()) {
      return;
    }
    rules
        .computeIfAbsent(v.code(), c -> new Rule(v.rule()))
        .count(call, decision, wasAnswered, options.examplesPerRule());
    if (v.action() != Action.ALLOW) {
      if (account.denied + account.verified == 0) {
        accountsAffected++;
      }
      if (account.first == null || at.isBefore(account.first)) {
        account.first = at;
      }
      if (account.last == null || at.isAfter(account.last)) {
        account.last = at;
      }
      account.codes.add(v.code());
      if (v.action() == Action.DENY) {
        account.denied++;
      } else {
        account.verified++;
      }
    }
  }

  WhatIfReport report(ReadCounts counts) {
    List<WhatIfReport.RuleLine> ruleLines = new ArrayList<>();
    rules.forEach((code, r) -> ruleLines.add(r.line(code, fired.getOrDefault(code, 0L))));
    ruleLines.sort(
        Comparator.comparingLong(WhatIfReport.RuleLine::denied)
            .thenComparingLong(WhatIfReport.RuleLine::verified)
            .thenComparingLong(WhatIfReport.RuleLine::alerted)
            .reversed()
            .thenComparing(WhatIfReport.RuleLine::code));
    // least denied first, ties: the later name first, so the heap keeps the earlier names
    Comparator<Map.Entry<String, Account>> least =
        Comparator.<Map.Entry<String, Account>, Account>comparing(
                Map.Entry::getValue, Account.LEAST_FIRST)
            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());
    PriorityQueue<Map.Entry<String, Account>> top = new PriorityQueue<>(least);
    for (Map.Entry<String, Account> e : accounts.entrySet()) {
      Account a = e.getValue();
      if (a.denied + a.verified == 0 || options.topAccounts() == 0) {
        continue;
      }
      top.add(e);
      if (top.size() > options.topAccounts()) {
        top.poll();
      }
    }
    List<WhatIfReport.AccountLine> accountLines = new ArrayList<>();
    while (!top.isEmpty()) {
      Map.Entry<String, Account> e = top.poll();
      Account a = e.getValue();
      accountLines.add(
          0,
          new WhatIfReport.AccountLine(
              e.getKey(), a.calls, a.denied, a.verified, a.first, a.last, List.copyOf(a.codes)));
    }
    return new WhatIfReport(
        options,
        new WhatIfReport.Period(options.from(), options.to(), first, last),
        new WhatIfReport.Totals(
            counts.records(),
            counts.calls(),
            counts.badRows(),
            replayed,
            answered,
            allowed,
            alerted,
            denied,
            verified,
            deniedAnswered,
            verifiedAnswered,
            monitored,
            outOfOrder,
            accounts.size(),
            accountsAffected),
        badRows,
        skipped,
        ruleLines,
        accountLines);
  }

  /** One deciding code's counts, accounts and examples. */
  private static final class Rule {
    final String name;
    final Set<String> accounts = new HashSet<>();
    final PriorityQueue<WhatIfReport.Example> examples = new PriorityQueue<>(WORST_FIRST);
    long denied;
    long verified;
    long alerted;
    long answered;
    Instant first;
    Instant last;

    Rule(String name) {
      this.name = name;
    }

    void count(HistoricalCall call, Decision decision, boolean wasAnswered, int keep) {
      Verdict v = decision.verdict();
      switch (v.action()) {
        case DENY -> denied++;
        case VERIFY -> verified++;
        case ALLOW -> alerted++;
      }
      if (wasAnswered) {
        answered++;
      }
      accounts.add(call.account());
      Instant at = call.start();
      if (first == null || at.isBefore(first)) {
        first = at;
      }
      if (last == null || at.isAfter(last)) {
        last = at;
      }
      if (keep == 0) {
        return;
      }
      if (examples.size() == keep) {
        WhatIfReport.Example worst = examples.peek();
        if (v.score() < worst.score() || v.score() == worst.score() && !at.isBefore(worst.at())) {
          return; // not better than the worst kept: no example built
        }
        examples.poll();
      }
      examples.add(example(call, decision, wasAnswered));
    }

    WhatIfReport.RuleLine line(String code, long fired) {
      List<WhatIfReport.Example> best = new ArrayList<>(examples);
      best.sort(WORST_FIRST.reversed());
      return new WhatIfReport.RuleLine(
          code,
          name,
          denied,
          verified,
          alerted,
          answered,
          fired,
          accounts.size(),
          first,
          last,
          best);
    }
  }

  private static WhatIfReport.Example example(
      HistoricalCall call, Decision decision, boolean wasAnswered) {
    Verdict v = decision.verdict();
    return new WhatIfReport.Example(
        call.start(),
        call.account(),
        call.destination(),
        decision.destination().e164(),
        v.action().wireName(),
        v.code(),
        v.score(),
        v.evidence(),
        v.findings().stream().map(Finding::code).toList(),
        wasAnswered,
        call.line());
  }

  /** One account's counts. */
  private static final class Account {
    static final Comparator<Account> LEAST_FIRST =
        Comparator.<Account>comparingLong(a -> a.denied).thenComparingLong(a -> a.verified);
    final Set<String> codes = new TreeSet<>();
    long calls;
    long denied;
    long verified;
    Instant first;
    Instant last;
  }
}
