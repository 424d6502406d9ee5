package org.tfps.ivr;

import org.tfps.decision.Decision;

/**
 * Port: where a verify call's outcome goes (the account's lists, events, alerts), implemented by
 * {@code app}. Called on the SIP event loop; implementations must not block.
 */
public interface VerifyOutcomes {

  /**
   * The caller typed the right code or PIN: {@code entry} (a country or an E.164 number, per {@code
   * tfps.verify.authorize}) is to be authorized for the account.
   */
  void solved(Decision decision, String entry);

  /**
   * The challenge failed (wrong entries or no input) or the caller went away.
   *
   * @param outcome FAILED, TIMED_OUT or HUNG_UP
   */
  void failed(Decision decision, Challenge.Outcome outcome);
}
