package org.tfps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsReaderTest {

  /** Also in test-secrets.txt: no log of the run may show it. */
  static final String PASSWORD = "smtp-pw-not-a-secret-7Q";

  @TempDir Path dir;

  private TfpsConfig load(String hocon) throws IOException {
    Path f = dir.resolve("tfps.conf");
    Files.writeString(f, hocon);
    return ConfigLoader.load(Optional.of(f), Map.of(), new Properties());
  }

  @Test
  void emailAndSyslogAreOffByDefault() throws IOException {
    TfpsConfig.Alerts a = load("").alerts();
    assertThat(a.email().enabled()).isFalse();
    assertThat(a.email().port()).isEqualTo(587);
    assertThat(a.email().starttls()).isEqualTo(TfpsConfig.StartTls.REQUIRED);
    assertThat(a.syslog().enabled()).isFalse();
    assertThat(a.syslog().protocol()).isEqualTo(TfpsConfig.SyslogProtocol.UDP);
    assertThat(a.syslog().facility()).as("auth").isEqualTo(4);
    assertThat(a.syslog().appName()).isEqualTo("tfps");
  }

  @Test
  void aFullEmailAndSyslogConfiguration() throws IOException {
    TfpsConfig.Alerts a =
        load("tfps.alerts { email { host = smtp.example.net, port = 465, ssl = true, starttls ="
                + " disabled, username = tfps, password = \""
                + PASSWORD
                + "\", from = \"tfps@example.net\", to = [\"noc@example.net\","
                + " \"soc@example.net\"] }\n"
                + "syslog { host = \"10.0.0.5\", port = 6514, protocol = TCP, facility = local3,"
                + " app-name = tfps-a } }")
            .alerts();
    assertThat(a.email().enabled()).isTrue();
    assertThat(a.email().ssl()).isTrue();
    assertThat(a.email().starttls()).isEqualTo(TfpsConfig.StartTls.DISABLED);
    assertThat(a.email().to()).containsExactly("noc@example.net", "soc@example.net");
    assertThat(a.email().toString()).doesNotContain(PASSWORD);
    assertThat(a.syslog().protocol()).isEqualTo(TfpsConfig.SyslogProtocol.TCP);
    assertThat(a.syslog().facility()).isEqualTo(19);
    assertThat(a.syslog().port()).isEqualTo(6514);
  }

  @Test
  void theSmtpPasswordIsRedactedAndNeverInAnError() throws IOException {
    String shown =
        load("tfps.alerts.email { host = smtp.example.net, username = tfps, password = \""
                + PASSWORD
                + "\", from = \"tfps@example.net\" }")
            .effective();
    JsonObject email = new JsonObject(shown).getJsonObject("alerts").getJsonObject("email");
    assertThat(email.getString("password")).isEqualTo("(redacted)");
    assertThat(email.getString("username")).isEqualTo("tfps");
    assertThat(shown).doesNotContain(PASSWORD);
    assertThatThrownBy(() -> load("tfps.alerts.email.password = [\"" + PASSWORD + "\"]"))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("tfps.alerts.email.password")
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(
            () ->
                load(
                    "tfps.alerts.email { host = smtp.example.net, password = \""
                        + PASSWORD
                        + "\", from = \"tfps@example.net\" }"))
        .hasMessageStartingWith("tfps.alerts.email.username")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void wrongEmailValuesNameTheKeyAndWhatIsValid() {
    assertThatThrownBy(() -> load("tfps.alerts.email.starttls = always"))
        .hasMessage("tfps.alerts.email.starttls = 'always': one of required, optional, disabled");
    assertThatThrownBy(() -> load("tfps.alerts.email.host = smtp.example.net"))
        .hasMessageStartingWith("tfps.alerts.email.from = '': the sender's address");
    assertThatThrownBy(() -> load("tfps.alerts.email.to = [\"NOC <noc@example.net>\"]"))
        .hasMessageStartingWith("tfps.alerts.email.to = 'NOC <noc@example.net>'");
    assertThatThrownBy(() -> load("tfps.alerts.email.to = [\"a@b\\r\\nRCPT TO:<x@y>\"]"))
        .hasMessageStartingWith("tfps.alerts.email.to");
    assertThatThrownBy(() -> load("tfps.alerts.email.port = 0"))
        .hasMessage("tfps.alerts.email.port = 0: a whole number 1..65535");
    assertThatThrownBy(() -> load("tfps.alerts.email.host = \"smtp example\""))
        .hasMessageStartingWith("tfps.alerts.email.host = 'smtp example': empty (off)");
    assertThatThrownBy(() -> load("tfps.alerts.email.trust = /nonexistent/ca.pem"))
        .hasMessageStartingWith("tfps.alerts.email.trust = '/nonexistent/ca.pem'");
  }

  @Test
  void wrongSyslogValuesNameTheKeyAndWhatIsValid() {
    assertThatThrownBy(() -> load("tfps.alerts.syslog.protocol = tls"))
        .hasMessage("tfps.alerts.syslog.protocol = 'tls': one of udp, tcp");
    assertThatThrownBy(() -> load("tfps.alerts.syslog.facility = security"))
        .hasMessageStartingWith("tfps.alerts.syslog.facility = 'security': one of kern, user,")
        .hasMessageContaining("local7");
    assertThatThrownBy(() -> load("tfps.alerts.syslog.app-name = \"t f p s\""))
        .hasMessageStartingWith("tfps.alerts.syslog.app-name = 't f p s': 1 to 48 printable");
    assertThatThrownBy(() -> load("tfps.alerts.syslog.port = 70000"))
        .hasMessage("tfps.alerts.syslog.port = 70000: a whole number 1..65535");
  }

  @Test
  void onlyBareAddressesAreAddresses() {
    assertThat(TfpsConfig.Email.isAddress("noc@example.net")).isTrue();
    assertThat(TfpsConfig.Email.isAddress("first.last+tfps@mail.example.co.uk")).isTrue();
    assertThat(TfpsConfig.Email.isAddress("a@b>\r\nDATA")).isFalse();
    assertThat(TfpsConfig.Email.isAddress("a,b@example.net")).isFalse();
    assertThat(TfpsConfig.Email.isAddress("a@example.net;x@y")).isFalse();
    assertThat(TfpsConfig.Email.isAddress("<a@example.net>")).isFalse();
  }
}
