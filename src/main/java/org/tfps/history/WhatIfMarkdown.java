package org.tfps.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** {@link WhatIfReport#toMarkdown()}: GitHub-flavoured Markdown, tables escaped. */
final class WhatIfMarkdown {

  private WhatIfMarkdown() {}

  static String of(WhatIfReport r) {
    StringBuilder b = new StringBuilder(4096);
    WhatIfReport.Totals t = r.totals();
    WhatIfReport.Period p = r.period();
    b.append("# What-if replay\n\n");
    b.append("Calls from ")
        .append(time(p.first()))
        .append(" to ")
        .append(time(p.last()))
        .append(" (period asked: ")
        .append(p.from() == null ? "the file's beginning" : time(p.from()))
        .append(" to ")
        .append(p.to() == null ? "its end" : time(p.to()) + ", excluded")
        .append("), decided by the current policy.\n\n");
    b.append("| | calls | answered |\n|---|---:|---:|\n");
    row(b, "replayed", t.replayed(), t.answered());
    row(b, "would deny", t.denied(), t.deniedAnswered());
    row(b, "would verify", t.verified(), t.verifiedAnswered());
    row(b, "allowed", t.allowed(), t.answered() - t.deniedAnswered() - t.verifiedAnswered());
    b.append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "%,d records read: %,d calls, %,d bad rows. Not replayed: %,d outside the period, %,d"
                + " inbound, %,d internal. %,d of %,d accounts had a call denied or sent to"
                + " verify. Allowed calls with an alert: %,d.",
            t.records(),
            t.calls(),
            t.badRows(),
            r.skipped().getOrDefault(WhatIfReport.Skip.OUTSIDE_PERIOD, 0L),
            r.skipped().getOrDefault(WhatIfReport.Skip.INBOUND, 0L),
            r.skipped().getOrDefault(WhatIfReport.Skip.INTERNAL, 0L),
            t.accountsAffected(),
            t.accounts(),
            t.alerted()));
    if (t.monitored() > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              " %,d calls were of monitor-only accounts: counted by the verdict enforcing would"
                  + " give.",
              t.monitored()));
    }
    WhatIfOptions o = r.options();
    b.append(
        String.format(
            Locale.ROOT,
            " Not outbound: destinations of at most %d digits (extensions), and the contexts %s."
                + " Calls reordered by start within %s%s.",
            o.extensionDigits(),
            cell(String.join(", ", o.inboundContexts().stream().sorted().toList())),
            span(o.reorderWindow()),
            o.endCalls() ? ", each up until its end" : ""));
    if (t.outOfOrder() > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              " %,d calls were decided after a call that started later (longer than the reorder"
                  + " window).",
              t.outOfOrder()));
    }
    b.append("\n\n## By rule\n\n");
    if (r.rules().isEmpty()) {
      b.append("No rule fired.\n");
    } else {
      b.append("| code | rule | deny | verify | alert | answered | accounts | first | last |\n");
      b.append("|---|---|---:|---:|---:|---:|---:|---|---|\n");
      for (WhatIfReport.RuleLine l : r.rules()) {
        b.append("| ")
            .append(l.code())
            .append(" | ")
            .append(cell(l.rule()))
            .append(
                String.format(
                    Locale.ROOT,
                    " | %,d | %,d | %,d | %,d | %,d | ",
                    l.denied(),
                    l.verified(),
                    l.alerted(),
                    l.answered(),
                    l.accounts()))
            .append(time(l.first()))
            .append(" | ")
            .append(time(l.last()))
            .append(" |\n");
      }
      b.append("\n## Examples\n");
      for (WhatIfReport.RuleLine l : r.rules()) {
        if (l.examples().isEmpty()) {
          continue;
        }
        b.append("\n### ").append(l.code()).append(' ').append(cell(l.rule())).append("\n\n");
        b.append("| time | account | dialled | action | score | answered | evidence |\n");
        b.append("|---|---|---|---|---:|---|---|\n");
        for (WhatIfReport.Example e : l.examples()) {
          b.append("| ")
              .append(time(e.at()))
              .append(" | ")
              .append(cell(e.account()))
              .append(" | ")
              .append(cell(e.dialed()))
              .append(" | ")
              .append(e.action())
              .append(" | ")
              .append(e.score())
              .append(" | ")
              .append(e.answered() ? "yes" : "no")
              .append(" | ")
              .append(cell(e.evidence()))
              .append(" |\n");
        }
      }
    }
    b.append("\n## Accounts\n\n");
    if (r.accounts().isEmpty()) {
      b.append("No account had a call denied or sent to verify.\n");
    } else {
      b.append("| account | calls | deny | verify | first | last | codes |\n");
      b.append("|---|---:|---:|---:|---|---|---|\n");
      for (WhatIfReport.AccountLine a : r.accounts()) {
        b.append("| ")
            .append(cell(a.account()))
            .append(
                String.format(
                    Locale.ROOT, " | %,d | %,d | %,d | ", a.calls(), a.denied(), a.verified()))
            .append(time(a.first()))
            .append(" | ")
            .append(time(a.last()))
            .append(" | ")
            .append(String.join(", ", a.codes()))
            .append(" |\n");
      }
      if (r.accounts().size() < t.accountsAffected()) {
        b.append(
            String.format(
                Locale.ROOT,
                "\nThe %,d accounts with the most denied calls of %,d.\n",
                r.accounts().size(),
                t.accountsAffected()));
      }
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String what, long calls, long answered) {
    b.append(String.format(Locale.ROOT, "| %s | %,d | %,d |\n", what, calls, answered));
  }

  private static String span(Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min" : s + " s";
  }

  private static String time(Instant t) {
    return t == null ? "-" : t.toString();
  }

  /**
   * A value in a table cell: a pipe would end the cell and a line break the row; backslashes and
   * backquotes are escaped so a value cannot open a code span across cells.
   */
  static String cell(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '|', '\\', '`', '*', '_', '<', '>', '[', ']' -> b.append('\\').append(c);
        case '\n', '\r' -> b.append(' ');
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
