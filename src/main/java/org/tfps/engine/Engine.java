package org.tfps.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every rule on a call and combines the findings: the most severe action wins, ties go to the
 * highest score, then to the rule listed first.
 */
public final class Engine {

  private final List<Rule> rules;

  public Engine(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Evaluates all rules. Synchronous, no I/O. */
  public Verdict evaluate(CallAttempt attempt, CallFacts facts) {
    List<Finding> findings = null;
    Finding deciding = null;
    boolean authorized = facts.authorizedEntry() != null;
    for (Rule rule : rules) {
      if (authorized && rule.judgesDestination()) {
        continue;
      }
      Finding f = rule.evaluate(attempt, facts);
      if (f == null) {
        continue;
      }
      if (findings == null) {
        findings = new ArrayList<>(2);
      }
      findings.add(f);
      if (deciding == null
          || f.action().compareTo(deciding.action()) > 0
          || (f.action() == deciding.action() && f.score() > deciding.score())) {
        deciding = f;
      }
    }
    if (deciding == null) {
      return Verdict.allow();
    }
    int score = 0;
    for (Finding f : findings) {
      score += f.score();
    }
    return new Verdict(
        deciding.action(), deciding.code(), deciding.rule(), Math.min(100, score), findings);
  }
}
