package org.tfps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private TfpsConfig load(String hocon) throws IOException {
    return load(hocon, Map.of());
  }

  private TfpsConfig load(String hocon, Map<String, String> env) throws IOException {
    Path f = dir.resolve("tfps.conf");
    Files.writeString(f, hocon);
    return ConfigLoader.load(Optional.of(f), env, new Properties());
  }

  @Test
  void defaultsNeedNoFile() throws IOException {
    TfpsConfig c = load("");
    assertThat(c.sip().bind()).isEqualTo("127.0.0.1");
    assertThat(c.sip().udpPort()).isEqualTo(5060);
    assertThat(c.sip().tcpPort()).isEqualTo(5060);
    assertThat(c.sip().mode()).isEqualTo(SipMode.FAILOVER);
    assertThat(c.sip().allowPrefix()).isEqualTo("A00");
    assertThat(c.sip().trustedPeers())
        .containsExactly(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1"));
    assertThat(c.sip().t1()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.sip().udpReceiveBuffer()).isEqualTo(16 << 20);
    assertThat(c.sip().maxQueueDelay()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.api().port()).isEqualTo(8080);
    assertThat(c.engine().blockedCountries())
        .containsExactlyInAnyOrder(
            "CU", "LV", "TN", "DZ", "MA", "AF", "IQ", "LK", "MV", "TD", "GN", "EE", "MG")
        .doesNotContain("LH");
    assertThat(c.nodeName()).isNotBlank();
  }

  @Test
  void tfpsV2DefaultBlacklistWithLhIsRefusedByName() {
    assertThatThrownBy(() -> load("tfps.engine.blocked-countries = [CU, LV, LH, TN]"))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.engine.blocked-countries")
        .hasMessageContaining("'LH'")
        .hasMessageContaining("ISO 3166-1 alpha-2");
  }

  @Test
  void lowerCaseCountryIsRefused() {
    assertThatThrownBy(() -> load("tfps.engine.blocked-countries = [cu]"))
        .hasMessageContaining("'cu'");
  }

  @Test
  void operatorFileOverridesDefaults() throws IOException {
    TfpsConfig c =
        load(
            """
            tfps.sip { mode = redirect, udp-port = 5070, trusted-peers = ["10.1.2.0/24"] }
            tfps.numbers.home-country = GB
            """);
    assertThat(c.sip().mode()).isEqualTo(SipMode.REDIRECT);
    assertThat(c.sip().udpPort()).isEqualTo(5070);
    assertThat(c.sip().tcpPort()).isEqualTo(5060);
    assertThat(c.sip().trustedPeers()).containsExactly(Cidr.parse("10.1.2.0/24"));
    assertThat(c.numbers().homeCountry()).isEqualTo("GB");
  }

  @Test
  void environmentOverridesTheFile() throws IOException {
    TfpsConfig c =
        load(
            "tfps.sip.udp-port = 5070",
            Map.of(
                "CONFIG_FORCE_tfps_sip_udp__port", "5080",
                "CONFIG_FORCE_tfps_engine_blocked__countries", "CU, KP",
                "PATH", "/usr/bin"));
    assertThat(c.sip().udpPort()).isEqualTo(5080);
    assertThat(c.engine().blockedCountries()).containsExactlyInAnyOrder("CU", "KP");
  }

  @Test
  void systemPropertiesOverrideEverything() throws IOException {
    Path f = dir.resolve("p.conf");
    Files.writeString(f, "tfps.api.port = 9000");
    Properties p = new Properties();
    p.setProperty("tfps.api.port", "9001");
    p.setProperty("user.home", "/root");
    assertThat(ConfigLoader.load(Optional.of(f), Map.of(), p).api().port()).isEqualTo(9001);
  }

  @Test
  void kosovoCanBeBlockedAndPrefixesAreDigits() throws IOException {
    assertThat(load("tfps.engine.blocked-countries = [XK]").engine().blockedCountries())
        .containsExactly("XK");
    assertThatThrownBy(() -> load("tfps.numbers.international-prefixes = [\"+00\"]"))
        .hasMessageContaining("'+00'");
    assertThatThrownBy(() -> load("tfps.sip.contact-host = \"bad host\""))
        .hasMessageContaining("tfps.sip.contact-host = 'bad host'");
  }

  @Test
  void unknownKeyIsRefused() {
    assertThatThrownBy(() -> load("tfps.sip.udp-prot = 5070"))
        .hasMessageStartingWith("tfps.sip.udp-prot: unknown key");
  }

  @Test
  void badPortNamesKeyValueAndRange() {
    assertThatThrownBy(() -> load("tfps.sip.udp-port = 70000"))
        .hasMessage("tfps.sip.udp-port = 70000: a port 0..65535");
    assertThatThrownBy(() -> load("tfps.api.port = http"))
        .hasMessage("tfps.api.port = 'http': a port 0..65535");
  }

  @Test
  void badModeListsTheValidOnes() {
    assertThatThrownBy(() -> load("tfps.sip.mode = proxy"))
        .hasMessage("tfps.sip.mode = 'proxy': one of failover, redirect");
  }

  @Test
  void badTrustedPeerIsRefused() {
    assertThatThrownBy(() -> load("tfps.sip.trusted-peers = [\"10.0.0.0/33\"]"))
        .hasMessageContaining("tfps.sip.trusted-peers = '10.0.0.0/33'");
    assertThatThrownBy(() -> load("tfps.sip.trusted-peers = [\"softswitch.example.com\"]"))
        .hasMessageContaining("not a literal IP address");
  }

  @Test
  void badBindAddressAndHomeCountryAndPrefix() {
    assertThatThrownBy(() -> load("tfps.sip.bind = localhost"))
        .hasMessageContaining("tfps.sip.bind = 'localhost'");
    assertThatThrownBy(() -> load("tfps.numbers.home-country = XX"))
        .hasMessageContaining("tfps.numbers.home-country = 'XX'");
    assertThatThrownBy(() -> load("tfps.numbers.international-prefixes = [\"00\", \"x1\"]"))
        .hasMessageContaining("'x1'");
    assertThatThrownBy(() -> load("tfps.sip.allow-prefix = \"A 0\""))
        .hasMessageContaining("tfps.sip.allow-prefix");
  }

  @Test
  void badDurationAndTimerOrder() {
    assertThatThrownBy(() -> load("tfps.sip.timers.t1 = soon"))
        .hasMessageContaining("tfps.sip.timers.t1 = 'soon'");
    assertThatThrownBy(() -> load("tfps.sip.timers { t1 = 2s, t2 = 1s }"))
        .hasMessageContaining("tfps.sip.timers.t2");
  }

  @Test
  void queueDelayIsOffOrAtLeastFiftyMilliseconds() throws Exception {
    assertThat(load("tfps.sip.max-queue-delay = 0").sip().maxQueueDelay()).isZero();
    assertThat(load("tfps.sip.max-queue-delay = 1s").sip().maxQueueDelay())
        .isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> load("tfps.sip.max-queue-delay = 10ms"))
        .hasMessage("tfps.sip.max-queue-delay = '10ms': 0 (off) or a duration from 50ms to 10s");
    assertThatThrownBy(() -> load("tfps.sip.max-queue-delay = 1m"))
        .hasMessageContaining("tfps.sip.max-queue-delay = '1m'");
  }

  @Test
  void syntaxErrorNamesTheFile() {
    assertThatThrownBy(() -> load("tfps.sip { mode = "))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.conf");
  }

  @Test
  void missingFileIsRefused() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.of(dir.resolve("nope.conf")), Map.of(), new Properties()))
        .hasMessageContaining("--config")
        .hasMessageContaining("nope.conf");
  }

  @Test
  void messageIsOneLine() {
    assertThatThrownBy(() -> load("tfps.sip {\n mode = \n}\n\n"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void accountDefaultsAreAnOfficeInNewYorkWithLimits() throws IOException {
    TfpsConfig c = load("");
    assertThat(c.accounts().zone()).isEqualTo(java.time.ZoneId.of("America/New_York"));
    // Monday 2026-11-23 10:00 and 19:00 New York.
    assertThat(c.accounts().hours().contains(java.time.Instant.parse("2026-11-23T15:00:00Z")))
        .isTrue();
    assertThat(c.accounts().hours().contains(java.time.Instant.parse("2026-11-24T00:00:00Z")))
        .isFalse();
    assertThat(c.accounts().limits().concurrentOffHours()).isEqualTo(5);
    assertThat(c.accounts().limits().maxSpendPerHour()).isEqualTo(50.0);
    assertThat(c.engine().learning().windowDays()).isEqualTo(28);
    assertThat(c.engine().blockAccount().codes()).containsExactly("R23");
    assertThat(load("tfps.accounts.business-hours = []").accounts().hours().specs()).isEmpty();
  }

  @Test
  void badAccountSettingsNameTheKey() {
    assertThatThrownBy(() -> load("tfps.accounts.time-zone = \"Mars/Olympus\""))
        .hasMessageStartingWith("tfps.accounts.time-zone = 'Mars/Olympus': an IANA time zone");
    assertThatThrownBy(
            () ->
                load(
                    "tfps.accounts.business-hours ="
                        + " [\"America/New_York|20210104T090000|21000104T170000||WEEKLY|||MO,XX\"]"))
        .hasMessageStartingWith("tfps.accounts.business-hours = ")
        .hasMessageContaining("XX")
        .hasMessageContaining("docs/business-hours.md");
    assertThatThrownBy(() -> load("tfps.accounts.limits.max-spend-per-hour = -1"))
        .hasMessageStartingWith("tfps.accounts.limits.max-spend-per-hour = -1:");
    assertThatThrownBy(() -> load("tfps.accounts.limits.concurrent-calls.business = lots"))
        .hasMessageStartingWith("tfps.accounts.limits.concurrent-calls.business = 'lots'");
    assertThatThrownBy(() -> load("tfps.engine.learning.window = 36h"))
        .hasMessage("tfps.engine.learning.window = '36h': whole days, e.g. 28d");
    assertThatThrownBy(() -> load("tfps.engine.block-account.on = [R13]"))
        .hasMessageStartingWith("tfps.engine.block-account.on = 'R13': a code of a rule that can");
    assertThatThrownBy(() -> load("tfps.engine.limit-actions.spend = block"))
        .hasMessage("tfps.engine.limit-actions.spend = 'block': one of deny, verify, alert");
    assertThatThrownBy(() -> load("tfps.engine.reload-interval = 2d"))
        .hasMessage(
            "tfps.engine.reload-interval = '2d': a duration from 0ms to 1d (a number and a unit: ms, s, m, h or d)");
  }

  @Test
  void databaseSettingsAreCheckedAndPasswordsNeverShown() throws IOException {
    TfpsConfig c = load("");
    assertThat(c.db().url()).isEmpty();
    assertThat(c.db().dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.db().snapshotInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(
            load("tfps.db.url = \"mysql://tfps:s3cret@db.example.com:3306/tfps\"").db().safeUrl())
        .isEqualTo("mysql://tfps:***@db.example.com:3306/tfps");
    assertThatThrownBy(() -> load("tfps.db.url = \"postgres://tfps:s3cret@db:5432/tfps\""))
        .hasMessageStartingWith("tfps.db.url = 'postgres://tfps:***@db:5432/tfps': empty")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> load("tfps.db.url = \"mysql://tfps:pass@db:99999/tfps\""))
        .hasMessage("tfps.db.url = 'mysql://tfps:***@db:99999/tfps': the port must be 1..65535");
    // An '@' in a password must be percent-encoded (%40); unencoded, it is refused, still masked.
    assertThatThrownBy(() -> load("tfps.db.url = \"mysql://tfps:p@ss@db:3306/tfps\""))
        .hasMessageStartingWith("tfps.db.url = 'mysql://tfps:***@db:3306/tfps': empty")
        .hasMessageNotContaining("p@ss");
    assertThatThrownBy(() -> load("tfps.db.snapshot-interval = 0s"))
        .hasMessageStartingWith("tfps.db.snapshot-interval = '0s'");
    assertThatThrownBy(() -> load("tfps.node-name = \"" + "n".repeat(65) + "\""))
        .hasMessageEndingWith("at most 64 characters (it names every record)");
  }

  @Test
  void reputationSourcesAreOffByDefaultAndCheckedWhenOn() throws IOException {
    TfpsConfig.Intel off = load("").intel();
    assertThat(off.abuseIpDb()).isNull();
    assertThat(off.apiBan()).isNull();
    assertThat(off.sentryPeer()).isNull();
    assertThat(off.failClosed()).isFalse();
    assertThat(off.deadline()).isLessThan(load("").decision().deadline());
    TfpsConfig.Intel on =
        load("tfps.intel { on-miss = closed, abuseipdb { enabled = true, key = \"k-1\" },"
                + " lists = [{ name = voipbl, url = \"https://lists.example.net/voipbl.txt\" }] }")
            .intel();
    assertThat(on.failClosed()).isTrue();
    assertThat(on.abuseIpDb().maxAgeDays()).isEqualTo(90);
    assertThat(on.abuseIpDb().toString()).doesNotContain("k-1");
    assertThat(on.lists().get(0).refresh()).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> load("tfps.intel.on-miss = maybe"))
        .hasMessageStartingWith("tfps.intel.on-miss = 'maybe': open");
    assertThatThrownBy(() -> load("tfps.intel.abuseipdb.enabled = true"))
        .hasMessage(
            "tfps.intel.abuseipdb.key: is empty: the source is enabled, so it needs the API key of"
                + " your AbuseIPDB account");
    assertThatThrownBy(
            () ->
                load(
                    "tfps.intel.sentrypeer { enabled = true, client-id = a,"
                        + " client-secret = [\"sekret-value\"] }"))
        .hasMessageStartingWith("tfps.intel.sentrypeer.client-secret: must be")
        .hasMessageNotContaining("sekret-value");
    assertThatThrownBy(() -> load("tfps.intel.deadline = 50ms"))
        .hasMessageStartingWith(
            "tfps.intel.deadline = '50ms': shorter than tfps.decision.deadline");
    assertThatThrownBy(
            () -> load("tfps.intel.lists = [{ name = x, url = \"ftp://h/secret-path\" }]"))
        .hasMessageStartingWith("tfps.intel.lists.0.url = '(url)'")
        .hasMessageNotContaining("secret-path");
    assertThatThrownBy(() -> load("tfps.intel.apiban { enabled = true, key = k, refresh = 1s }"))
        .hasMessageStartingWith("tfps.intel.apiban.refresh = '1s'");
    String shown =
        load("tfps.intel { abuseipdb { enabled = true, key = \"abuse-k3y\" },"
                + " lists = [{ name = l, url = \"https://h.example/pathsecret\" }] }")
            .effective();
    assertThat(shown).doesNotContain("abuse-k3y").doesNotContain("pathsecret");
  }

  @Test
  void theEffectiveConfigShowsEveryKeyButNoSecret() throws IOException {
    String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    String shown =
        load("tfps.db.url = \"mysql://tfps:s3cr3t-pw@10.0.0.5:3306/tfps\"\n"
                + "tfps.api.tokens = [{ name = noc, scopes = [read], sha256 = \""
                + hash
                + "\" }]")
            .effective();
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(shown);
    assertThat(json.getJsonObject("sip").getString("mode")).isEqualTo("failover");
    assertThat(json.getJsonObject("db").getString("url"))
        .isEqualTo("mysql://tfps:(redacted)@10.0.0.5:3306/tfps");
    assertThat(json.getJsonObject("api").getJsonArray("tokens").getJsonObject(0).getString("name"))
        .isEqualTo("noc");
    assertThat(shown).doesNotContain("s3cr3t-pw").doesNotContain(hash);
    String hooks =
        load("tfps.alerts.webhooks = [{ url = \"https://h.example/x\", secret = \"hook-s3cret\" }]")
            .effective();
    assertThat(hooks).contains("https://h.example/...", "(redacted)").doesNotContain("hook-s3cret");
    assertThat(
            load("tfps.alerts.webhooks = [{ url = \"https://hooks.slack.com/services/T0/B0/XYZ\" }]")
                .effective())
        .contains("https://hooks.slack.com/...")
        .doesNotContain("XYZ");
  }

  @Test
  void tlsNeedsReadablePemFiles() throws IOException {
    assertThat(load("").sip().tls()).isNull();
    assertThat(load("").api().tls()).isNull();
    assertThatThrownBy(() -> load("tfps.sip.tls-port = 5061"))
        .hasMessageStartingWith("tfps.sip.tls.cert = ''");
    assertThatThrownBy(
            () -> load("tfps.api.tls { cert = /nowhere/cert.pem, key = /nowhere/key.pem }"))
        .hasMessage(
            "tfps.api.tls.cert = '/nowhere/cert.pem': a PEM file TFPS can read (not found or not"
                + " readable)");
  }

  @Test
  void apiTokensAreHashesWithKnownScopes() throws IOException {
    String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    TfpsConfig.Api api =
        load("tfps.api.tokens = [{ name = noc, scopes = [read], sha256 = \""
                + hash.toUpperCase()
                + "\" }]")
            .api();
    assertThat(api.tokens()).hasSize(1);
    assertThat(api.tokens().get(0).sha256()).isEqualTo(hash);
    assertThat(api.tokens().get(0).scopes()).containsExactly("read");
    assertThat(load("tfps.db.data-dir = /var/lib/tfps").api().tokenFile())
        .isEqualTo(java.nio.file.Path.of("/var/lib/tfps/api-token"));
    // A token pasted where its hash belongs is refused without being shown.
    assertThatThrownBy(
            () ->
                load(
                    "tfps.api.tokens = [{ name = noc, scopes = [read], sha256 = \"tfps_secret\" }]"))
        .hasMessageStartingWith("tfps.api.tokens.0.sha256 = '(11 characters, not shown)'")
        .hasMessageNotContaining("tfps_secret");
    assertThatThrownBy(
            () ->
                load(
                    "tfps.api.tokens = [{ name = noc, scopes = [root], sha256 = \""
                        + hash
                        + "\" }]"))
        .hasMessageStartingWith("tfps.api.tokens.0.scopes = '[root]'");
    assertThatThrownBy(
            () ->
                load(
                    "tfps.api.tokens = [{ name = a, scopes = [read], sha256 = \""
                        + hash
                        + "\" }, { name = a, scopes = [read], sha256 = \""
                        + hash
                        + "\" }]"))
        .hasMessageStartingWith("tfps.api.tokens.1.name = 'a'");
    assertThatThrownBy(
            () ->
                load("tfps.api.tokens = [{ name = a, scopes = read, sha256 = \"" + hash + "\" }]"))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("tfps.api.tokens.0 = '(not shown)'");
    assertThatThrownBy(
            () ->
                load(
                    "tfps.api.tokens = [{ name = a, scopes = [read], token = x, sha256 = \""
                        + hash
                        + "\" }]"))
        .hasMessageStartingWith("tfps.api.tokens.0.token = '(not shown)'");
    assertThatThrownBy(() -> load("tfps.api.tokens = secret"))
        .hasMessageStartingWith("tfps.api.tokens = '(not shown)'")
        .hasMessageNotContaining("secret");
  }

  @Test
  void theClusterIsOffWithoutMembersAndEachMemberAddressIsChecked() throws IOException {
    assertThat(load("").cluster().enabled()).isFalse();
    TfpsConfig.Cluster pair =
        load("tfps.cluster { members = [\"10.0.0.1:5701\", \"10.0.0.2:5701\"],"
                + " bind = \"10.0.0.1\", name = ha-1 }")
            .cluster();
    assertThat(pair.enabled()).isTrue();
    assertThat(pair.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(pair.port()).isEqualTo(5701);
    assertThat(pair.batchInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(load("tfps.cluster.batch-interval = 1ms").cluster().batchInterval())
        .isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> load("tfps.cluster.batch-interval = 500ms"))
        .hasMessageStartingWith("tfps.cluster.batch-interval = '500ms': a duration from 1ms to");
    assertThatThrownBy(() -> load("tfps.cluster.batch-interval = soon"))
        .hasMessageStartingWith("tfps.cluster.batch-interval = 'soon'");
    // Environment overrides give a comma-separated string.
    assertThat(
            load("", Map.of("CONFIG_FORCE_tfps_cluster_members", "10.0.0.1:5701,10.0.0.2:5701"))
                .cluster()
                .members())
        .hasSize(2);
    assertThatThrownBy(() -> load("tfps.cluster.members = [\"tfps-b:5701\"]"))
        .hasMessage("tfps.cluster.members = 'tfps-b:5701': members as IP:port, e.g. 10.0.0.2:5701");
    assertThatThrownBy(() -> load("tfps.cluster.members = [\"10.0.0.2:0\"]"))
        .hasMessageStartingWith("tfps.cluster.members = '10.0.0.2:0'");
    assertThatThrownBy(() -> load("tfps.cluster.bind = \"0.0.0.0\""))
        .hasMessage(
            "tfps.cluster.bind = '0.0.0.0': this node's own address on the cluster network, e.g."
                + " 10.0.0.1");
    assertThatThrownBy(() -> load("tfps.cluster.port = 0"))
        .hasMessageStartingWith("tfps.cluster.port = 0");
    assertThatThrownBy(() -> load("tfps.cluster.bind = \"tfps-a\""))
        .hasMessageEndingWith("this node's own address on the cluster network, e.g. 10.0.0.1");
    assertThatThrownBy(() -> load("tfps.cluster.name = \"two words\""))
        .hasMessageStartingWith("tfps.cluster.name = 'two words'");
  }
}
