package org.tfps.engine;

/** Policy words of data files and configuration: deny, verify, alert (= allow, with a finding). */
public final class Actions {

  private Actions() {}

  /** deny, verify or alert; anything else is a programming error (inputs are validated on load). */
  public static Action parse(String word) {
    return switch (word) {
      case "deny" -> Action.DENY;
      case "verify" -> Action.VERIFY;
      case "alert" -> Action.ALLOW;
      default -> throw new IllegalArgumentException("not an action: " + word);
    };
  }
}
