package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.config.SipMode;
import org.tfps.decision.Decision;
import org.tfps.engine.Action;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Finding;
import org.tfps.engine.Verdict;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberType;

/** Verdicts to SIP answers, enforced and monitored, in both integration modes. */
class VerdictAnswersTest {

  private static Decision decision(Action action, boolean monitored) {
    Verdict v =
        new Verdict(
            action,
            "R06",
            "blocked-country",
            95,
            List.of(new Finding("R06", "blocked-country", action, 95, "destination in CU")));
    return new Decision(
        new CallAttempt("1001@pbx", "5372345678", "192.0.2.1", "", "c-1", Instant.EPOCH, -1),
        new Destination("5372345678", "+5372345678", "CU", "", NumberType.FIXED_LINE, true),
        v,
        true,
        monitored);
  }

  private static String header(Answer a, String name) {
    return a.headers().stream().filter(h -> h.startsWith(name + ":")).findFirst().orElse("");
  }

  @Test
  void enforcedVerdictsDeclineAndMonitoredOnesGoThroughNamingWhatEnforcingWouldDo() {
    VerdictAnswers failover = new VerdictAnswers(SipMode.FAILOVER, "A00", false, "", "127.0.0.1");
    Answer denied = failover.answer(decision(Action.DENY, false), "5372345678", "gw");
    assertThat(denied.status()).isEqualTo(603);
    assertThat(header(denied, "X-TFPS-Verdict"))
        .isEqualTo("X-TFPS-Verdict: deny; code=R06; rule=blocked-country");
    Answer monitored = failover.answer(decision(Action.DENY, true), "5372345678", "gw");
    assertThat(monitored.status()).isEqualTo(503);
    assertThat(header(monitored, "X-TFPS-Verdict"))
        .isEqualTo("X-TFPS-Verdict: would-deny; code=R06; rule=blocked-country");
    assertThat(header(monitored, "Reason")).contains("R06");

    VerdictAnswers redirect = new VerdictAnswers(SipMode.REDIRECT, "A00", true, "", "127.0.0.1");
    Answer verify = redirect.answer(decision(Action.VERIFY, true), "5372345678", "gw");
    assertThat(verify.status()).isEqualTo(302);
    assertThat(header(verify, "Contact")).isEqualTo("Contact: <sip:A005372345678@gw>");
    assertThat(header(verify, "X-TFPS-Verdict")).startsWith("X-TFPS-Verdict: would-verify;");
    Answer allow = redirect.answer(decision(Action.ALLOW, true), "5372345678", "gw");
    assertThat(header(allow, "X-TFPS-Verdict")).startsWith("X-TFPS-Verdict: allow;");
  }
}
