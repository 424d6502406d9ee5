package org.tfps.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tfps.engine.Action;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Engine;
import org.tfps.engine.Finding;
import org.tfps.engine.RuleData;
import org.tfps.engine.RuleDataRef;
import org.tfps.numbers.DialPlan;
import org.tfps.numbers.NumberNormalizer;

/**
 * A monitored account's calls: the verdict is what enforcing would give, the call counts as let
 * through, and a blocking rule does not block the account.
 */
class MonitorOnlyTest {

  private static final DialPlan PLAN = new DialPlan("US", List.of("011"), "");
  private static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");

  private final LocalAccountLedger ledger =
      new LocalAccountLedger(
          new LedgerSettings(28, Duration.ofMinutes(3), Duration.ofMinutes(10), 1000));

  private DecisionService decisions(boolean monitor) {
    return new DecisionService(
        name ->
            Future.succeededFuture(
                AccountProfile.withDialPlan(name, PLAN).withMonitorOnly(monitor)),
        ledger,
        SourceReputation.none(),
        new NumberNormalizer(),
        new RuleDataRef(RuleData.blockedCountries(Set.of())),
        // A probing device, as R23 would find it: a rule that blocks the account when enforced.
        new Engine(
            List.of((a, f) -> new Finding("R23", "prefix-probing", Action.DENY, 95, "probing"))),
        AccountProfile.withDialPlan("", PLAN),
        new DecisionSettings(100, 10, Set.of("R23"), Duration.ofHours(24)));
  }

  private static CallAttempt call(String account, String id) {
    return new CallAttempt(account, "2125550100", "192.0.2.1", "", id, AT, -1);
  }

  @Test
  void aMonitoredAccountIsNeverBlockedAndItsCallsCountAsUp() throws Exception {
    Decision d = decisions(true).decide(call("m@pbx", "c-1")).await(5, TimeUnit.SECONDS);
    assertThat(d.verdict().action()).isEqualTo(Action.DENY);
    assertThat(d.monitorOnly()).isTrue();
    assertThat(d.letThrough()).isTrue();
    assertThat(d.wireAction()).isEqualTo("would-deny");
    AccountUsage m = ledger.usage("m@pbx", ZoneOffset.UTC, AT).await(5, TimeUnit.SECONDS);
    assertThat(m.blocked()).isEmpty();
    assertThat(m.allowedToday()).isEqualTo(1);
    assertThat(m.recentlyAllowed()).isEqualTo(1);

    Decision e = decisions(false).decide(call("e@pbx", "c-2")).await(5, TimeUnit.SECONDS);
    assertThat(e.letThrough()).isFalse();
    assertThat(e.wireAction()).isEqualTo("deny");
    AccountUsage en = ledger.usage("e@pbx", ZoneOffset.UTC, AT).await(5, TimeUnit.SECONDS);
    assertThat(en.blocked()).contains("R23");
    assertThat(en.allowedToday()).isZero();
  }
}
