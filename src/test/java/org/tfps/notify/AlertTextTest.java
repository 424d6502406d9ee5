package org.tfps.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AlertTextTest {

  static JsonObject denial() {
    return new JsonObject()
        .put("id", "tfps-a-1-a1")
        .put("node", "tfps-a")
        .put("at", "2026-11-22T03:05:00Z")
        .put("firstAt", "2026-11-22T03:00:00Z")
        .put("kind", "verdict")
        .put("account", "6001@pbx.example.com")
        .put("code", "R06")
        .put("rule", "blocked-country")
        .put("action", "deny")
        .put("score", 100)
        .put("evidence", "destination +5312345678 is in blocked country CU")
        .put("destination", "+5312345679")
        .put("country", "CU")
        .put("sourceIp", "192.0.2.55")
        .put("userAgent", "Asterisk PBX 18\r\nBcc: victim@example.net")
        .put("calls", 3)
        .put("destinations", new JsonArray().add("+5312345678").add("+5312345679"))
        .put(
            "findings",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("code", "R06")
                        .put("rule", "blocked-country")
                        .put("action", "deny")
                        .put("score", 100)
                        .put("evidence", "destination +5312345678 is in blocked country CU"))
                .add(
                    new JsonObject()
                        .put("code", "R25")
                        .put("rule", "new-destination")
                        .put("action", "verify")
                        .put("score", 40)
                        .put("evidence", "first call to CU out of business hours")))
        .put("undo", "tfpsctl authorize 6001@pbx.example.com CU");
  }

  @Test
  void theMailSaysWhatWhoWhichRulesWhatTfpsDidAndHowToUndoIt() {
    String body = AlertText.mail(denial());
    assertThat(body)
        .contains("Account:       6001@pbx.example.com\n")
        .contains("Calls:         3, from 2026-11-22T03:00:00Z to 2026-11-22T03:05:00Z\n")
        .contains("Destinations:  +5312345678, +5312345679\n")
        .contains("What TFPS did: denied the calls\n")
        .contains("Source:        192.0.2.55\n")
        .contains(
            "  R06 blocked-country (deny, score 100): destination +5312345678 is in blocked"
                + " country CU\n")
        .contains(
            "  R25 new-destination (verify, score 40): first call to CU out of business hours")
        .contains("To undo it, run:\n\n  tfpsctl authorize 6001@pbx.example.com CU\n")
        .contains("Alert tfps-a-1-a1 from TFPS node tfps-a");
    assertThat(body).as("a CR LF from SIP stays inside its line").doesNotContain("\nBcc:");
    assertThat(AlertText.subject(denial()))
        .isEqualTo("[TFPS] denied calls of 6001@pbx.example.com (R06)");
  }

  @Test
  void aMonitoredAccountsAlertSaysTheCallsWentThrough() {
    JsonObject a = denial().put("action", "would-deny");
    assertThat(AlertText.subject(a))
        .isEqualTo("[TFPS] would have denied calls of 6001@pbx.example.com (R06)");
    assertThat(AlertText.mail(a))
        .contains(
            "What TFPS did: let the calls through: the account is monitored, not enforced"
                + " (tfpsctl enforce)\n");
  }

  @Test
  void aBlockMailSaysUntilWhenAndHowToUnblock() {
    JsonObject block =
        new JsonObject()
            .put("id", "n-1-a2")
            .put("node", "n")
            .put("at", "2026-11-22T03:00:00Z")
            .put("kind", "block")
            .put("account", "6001@pbx.example.com\r\nBcc: x@y")
            .put("action", "block")
            .put("evidence", "R23 at 2026-11-22T03:00:00Z")
            .put("until", "2026-11-23T03:00:00Z");
    block.put("undo", AlertText.undo(block));
    String body = AlertText.mail(block);
    assertThat(body)
        .contains("What TFPS did: blocked the account until 2026-11-23T03:00:00Z\n")
        .contains("Why:           R23 at 2026-11-22T03:00:00Z\n")
        .contains("tfpsctl unblock '6001@pbx.example.com  Bcc: x@y'")
        .doesNotContain("Rules that fired");
    assertThat(AlertText.subject(block))
        .isEqualTo("[TFPS] blocked account 6001@pbx.example.com  Bcc: x@y")
        .doesNotContain("\n");
  }
}
