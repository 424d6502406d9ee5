package org.tfps.engine;

import java.util.List;

/**
 * The engine's answer: an action, the code and rule that decided it, and every finding.
 *
 * @param score sum of the findings' scores, capped at 100
 */
public record Verdict(Action action, String code, String rule, int score, List<Finding> findings) {

  /** Code of an allow that no rule objected to. */
  public static final String ALLOW_CODE = "R00";

  public Verdict {
    findings = List.copyOf(findings);
  }

  /** An allow with nothing found. */
  public static Verdict allow() {
    return new Verdict(Action.ALLOW, ALLOW_CODE, "none", 0, List.of());
  }

  /** The deciding finding's evidence, or empty for a plain allow. */
  public String evidence() {
    for (Finding f : findings) {
      if (f.code().equals(code)) {
        return f.evidence();
      }
    }
    return "";
  }
}
