package org.tfps.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.AccountSettings;
import org.tfps.engine.BusinessHours;
import org.tfps.engine.Limits;
import org.tfps.numbers.DialPlan;

class AccountJsonTest {

  static final AccountProfile DEFAULTS =
      new AccountProfile(
          "",
          new DialPlan("US", List.of("011"), ""),
          ZoneId.of("America/New_York"),
          BusinessHours.always(),
          new Limits(30, 5, 60, 10, 5000, 300, 1.0, 50, 200));

  static AccountJson.Request read(String json) {
    return AccountJson.read(new JsonObject(json), AccountSettings.bare("a@b.example"));
  }

  @Test
  void absentFieldsTakeTheDefaults() {
    AccountProfile p =
        read("{\"homeCountry\":\"gb\",\"limits\":{\"callsPerDay\":{\"total\":7}}}")
            .settings()
            .over(DEFAULTS);
    assertThat(p.dialPlan().homeCountry()).isEqualTo("GB");
    assertThat(p.dialPlan().internationalPrefixes()).containsExactly("011");
    assertThat(p.limits().perDay()).isEqualTo(7);
    assertThat(p.limits().perDayOffHours()).isEqualTo(300);
    assertThat(p.limits().maxSpendPerDay()).isEqualTo(200);
    assertThat(p.zone()).isEqualTo(ZoneId.of("America/New_York"));
  }

  @Test
  void aPatchKeepsWhatItDoesNotNameAndNullResets() {
    AccountSettings base =
        read("{\"timeZone\":\"Europe/Paris\",\"limits\":{\"callsPerDay\":{\"total\":7,\"offHours\":1}}}")
            .settings();
    AccountSettings patched =
        AccountJson.read(new JsonObject("{\"limits\":{\"callsPerDay\":{\"offHours\":null}}}"), base)
            .settings();
    assertThat(patched.timeZone()).isEqualTo("Europe/Paris");
    assertThat(patched.limits().perDay()).isEqualTo(7);
    assertThat(patched.limits().perDayOffHours()).isNull();
    AccountSettings reset =
        AccountJson.read(new JsonObject("{\"timeZone\":null}"), patched).settings();
    assertThat(reset.timeZone()).isNull();
    AccountSettings contacts =
        read("{\"contacts\":{\"emails\":[\"a@x.example\"],\"webhooks\":[\"https://h.example/1\"]}}")
            .settings();
    AccountSettings emailsOnly =
        AccountJson.read(new JsonObject("{\"contacts\":{\"emails\":[\"b@x.example\"]}}"), contacts)
            .settings();
    assertThat(emailsOnly.emails()).containsExactly("b@x.example");
    assertThat(emailsOnly.webhooks()).containsExactly("https://h.example/1");
  }

  @Test
  void thePinIsReadButNeverWritten() {
    AccountJson.Request r = read("{\"pin\":\"123456\"}");
    assertThat(r.pin()).isEqualTo("123456");
    JsonObject shown = AccountJson.write(r.settings());
    assertThat(shown.encode()).doesNotContain("123456");
    assertThat(shown.getBoolean("hasPin")).isFalse();
    assertThat(read("{\"pin\":null}").clearPin()).isTrue();
  }

  @Test
  void aGetBodyReadsBackUnchanged() {
    AccountSettings s =
        read("{\"homeCountry\":\"DE\",\"internationalPrefixes\":[\"00\"],\"outsideLinePrefix\":\"0\","
                + "\"businessHours\":[],\"limits\":{\"maxRatePerMinute\":0.5},"
                + "\"contacts\":{\"emails\":[\"noc@example.net\"],\"webhooks\":[\"https://h.example/x\"]}}")
            .settings();
    AccountSettings again =
        AccountJson.read(AccountJson.write(s), AccountSettings.bare("a@b.example")).settings();
    assertThat(again).isEqualTo(s);
  }

  @Test
  void eachBadFieldIsNamed() {
    String[][] cases = {
      {"{\"homeCountry\":\"ZZ\"}", "homeCountry"},
      {"{\"homeCountry\":7}", "homeCountry"},
      {"{\"internationalPrefixes\":[\"+0\"]}", "internationalPrefixes"},
      {"{\"outsideLinePrefix\":\"x\"}", "outsideLinePrefix"},
      {"{\"timeZone\":\"Nowhere/City\"}", "timeZone"},
      {"{\"businessHours\":\"always\"}", "businessHours"},
      {"{\"limits\":{\"callsPerDay\":{\"total\":1.5}}}", "limits.callsPerDay.total"},
      {"{\"limits\":{\"callsPerDay\":{\"all\":1}}}", "limits.callsPerDay.all"},
      {"{\"limits\":{\"perDay\":1}}", "limits.perDay"},
      {"{\"limits\":{\"maxSpendPerDay\":-1}}", "limits.maxSpendPerDay"},
      {"{\"contacts\":{\"emails\":[\"not-an-address\"]}}", "contacts.emails"},
      {"{\"contacts\":{\"emails\":[\"Eve <eve@x.example>\"]}}", "contacts.emails"},
      {"{\"contacts\":{\"emails\":[\"a@x.example,b@y.example\"]}}", "contacts.emails"},
      {"{\"monitorOnly\":\"yes\"}", "monitorOnly"},
      {"{\"contacts\":{\"webhooks\":[\"ftp://x\"]}}", "contacts.webhooks"},
      {"{\"contacts\":{\"sms\":[]}}", "contacts.sms"},
      {"{\"pin\":1234}", "pin"},
      {"{\"pin\":\"12a4\"}", "pin"},
      {"{\"account\":\"other@b.example\"}", "account"},
      {"{\"nickname\":\"x\"}", "nickname"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> read(c[0]))
          .as(c[0])
          .isInstanceOf(AccountJson.BadField.class)
          .hasMessageStartingWith("field '" + c[1] + "'");
    }
  }

  @Test
  void theAccountIsNamedAsSipNamesIt() {
    assertThat(AccountJson.account("Alice@PBX.Example")).isEqualTo("Alice@pbx.example");
    assertThat(AccountJson.account("a@b@C")).isEqualTo("a@b@c");
    for (String bad :
        new String[] {"", "alice", "@pbx", "alice@", "a\nb@c", "x".repeat(256) + "@c"}) {
      assertThatThrownBy(() -> AccountJson.account(bad))
          .as(bad)
          .isInstanceOf(AccountJson.BadField.class);
    }
  }
}
