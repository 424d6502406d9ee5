package org.tfps.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.decision.Decision;
import org.tfps.engine.Action;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Finding;
import org.tfps.engine.Verdict;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;

class IncidentsTest {

  final List<JsonObject> alerts = new ArrayList<>();
  final Incidents incidents =
      new Incidents(Duration.ofMinutes(15), "n1", Instant.EPOCH, alerts::add);
  Instant now = Instant.parse("2026-11-22T03:00:00Z");

  void call(String account, String number, Action action, String code) {
    List<Finding> findings =
        action == Action.ALLOW && code.equals("R00")
            ? List.of()
            : List.of(new Finding(code, "rule", action, 90, "why"));
    incidents.decided(
        new Decision(
            new CallAttempt(account, number, "192.0.2.1", "UA", "c", now, -1),
            new Destination(number, number, "CU", "+", NumberType.FIXED_LINE, true),
            new Verdict(action, code, "rule", 90, findings),
            true));
  }

  @Test
  void oneAlertPerAccountAndRuleWithinTheThrottleThenTheCount() {
    call("a@x", "+5312345678", Action.DENY, "R06");
    call("a@x", "+5312345679", Action.DENY, "R06");
    call("a@x", "+5312345679", Action.DENY, "R06");
    call("b@x", "+5312345678", Action.DENY, "R06");
    call("a@x", "+12125550101", Action.ALLOW, "R00");
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0).getInteger("calls")).isEqualTo(1);
    now = now.plus(Duration.ofMinutes(16));
    call("a@x", "+5312345670", Action.DENY, "R06");
    assertThat(alerts).hasSize(3);
    JsonObject third = alerts.get(2);
    assertThat(third.getInteger("calls")).as("two held back and this one").isEqualTo(3);
    assertThat(third.getString("firstAt")).isEqualTo("2026-11-22T03:00:00Z");
    assertThat(third.getJsonArray("destinations").getList())
        .containsExactly("+5312345679", "+5312345670");
    assertThat(third.getString("undo")).isEqualTo("tfpsctl authorize a@x CU");
    assertThat(alerts.stream().map(a -> a.getString("id")).distinct()).hasSize(3);
  }

  @Test
  void blocksAndAlertsOnlyFindingsAreAlertsToo() {
    call("a@x", "+12125550101", Action.ALLOW, "R26");
    incidents.blocked("a@x", "R23 at ...", now, now.plus(Duration.ofDays(1)));
    assertThat(alerts).extracting(a -> a.getString("kind")).containsExactly("alert", "block");
    assertThat(alerts.get(1).getString("undo")).isEqualTo("tfpsctl unblock a@x");
  }

  @Test
  void verifyOutcomesRaiseAlertsButAHangUpDoesNot() {
    Decision d =
        new Decision(
            new CallAttempt("a@x", "+5312345678", "192.0.2.1", "UA", "c", now, -1),
            new Destination("+5312345678", "+5312345678", "CU", "+", NumberType.FIXED_LINE, true),
            new Verdict(Action.VERIFY, "R24", "sequential", 50, List.of()),
            true);
    incidents.verified(d, "hung-up", "nothing changed", now);
    incidents.verified(d, "failed", "blocked +5312345678 for 3600 s", now);
    incidents.verified(d, "solved", "authorized CU", now);
    assertThat(alerts)
        .extracting(a -> a.getString("action"))
        .containsExactly("verify-failed", "verify-solved");
    assertThat(alerts.get(0).getString("kind")).isEqualTo("verify");
    assertThat(alerts.get(0).getString("destination")).isEqualTo("+5312345678");
    assertThat(alerts.get(1).getString("evidence")).isEqualTo("authorized CU");
  }

  @Test
  void undoCommandsAreSafeToPasteIntoAShell() {
    assertThat(AlertText.quote("o'hara@pbx")).isEqualTo("'o'\\''hara@pbx'");
    assertThat(AlertText.quote("6001@pbx.example.com")).isEqualTo("6001@pbx.example.com");
    assertThat(AlertText.quote("$(rm -rf /)@x")).isEqualTo("'$(rm -rf /)@x'");
    JsonObject limit =
        new JsonObject()
            .put("account", "6001@pbx.example.com")
            .put("code", "R11")
            .put("kind", "verdict");
    assertThat(AlertText.undo(limit)).isEqualTo("tfpsctl reset 6001 pbx.example.com");
  }
}
