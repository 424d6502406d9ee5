package org.tfps.testing;

import java.time.Duration;
import java.util.Set;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.Accounts;
import org.tfps.decision.DecisionService;
import org.tfps.decision.DecisionSettings;
import org.tfps.decision.LedgerSettings;
import org.tfps.decision.LocalAccountLedger;
import org.tfps.decision.SourceReputation;
import org.tfps.engine.Engine;
import org.tfps.engine.RuleData;
import org.tfps.engine.RuleDataRef;
import org.tfps.numbers.DialPlan;
import org.tfps.numbers.NumberNormalizer;

/** A decision use case around a hand-picked engine, for tests of the SIP layer. */
public final class Decisions {

  private Decisions() {}

  /**
   * Decisions with {@code accounts} and {@code engine}, in-memory history and ledger, no source
   * reputation, no rates, no account blocking.
   */
  public static DecisionService of(
      Accounts accounts, Engine engine, DialPlan plan, long deadlineMillis) {
    return new DecisionService(
        accounts,
        new LocalAccountLedger(
            new LedgerSettings(28, Duration.ofMinutes(3), Duration.ofMinutes(10), 1000)),
        SourceReputation.none(),
        new NumberNormalizer(),
        new RuleDataRef(RuleData.blockedCountries(Set.of())),
        engine,
        AccountProfile.withDialPlan("", plan),
        new DecisionSettings(deadlineMillis, 10, Set.of(), Duration.ofHours(1)));
  }
}
