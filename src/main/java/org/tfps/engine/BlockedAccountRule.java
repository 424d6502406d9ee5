package org.tfps.engine;

/**
 * R13: the account is blocked by a rule that blocks accounts (by default R23, prefix probing: a
 * hacked device stays blocked after its probe is caught), or by an operator (POST
 * /v1/accounts/{account}/block).
 */
public final class BlockedAccountRule implements Rule {

  public static final String CODE = "R13";

  @Override
  public Finding evaluate(CallAttempt attempt, CallFacts facts) {
    String why = facts.account().blocked();
    if (why.isEmpty()) {
      return null;
    }
    return new Finding(CODE, "blocked-account", Action.DENY, 100, "account blocked: " + why);
  }
}
