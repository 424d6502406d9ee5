package org.tfps.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyslogLineTest {

  /** RFC 5424 6: HEADER SP STRUCTURED-DATA SP MSG, with the fields this test reads. */
  static final Pattern RFC5424 =
      Pattern.compile(
          "<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\d+|-) (\\S+) (\\[(?:[^\\]\\\\]|\\\\.)*\\]) (.*)",
          Pattern.DOTALL);

  /** The fail2ban filter's failregex of docs/alerts.md, after its prefix, in Java's syntax. */
  static final Pattern FAIL2BAN = Pattern.compile("^TFPS (?:deny|verify) src=(\\S+)(?: |$)");

  static JsonObject alert(String account, String sourceIp) {
    return new JsonObject()
        .put("id", "tfps-a-1-a1")
        .put("node", "tfps-a")
        .put("at", "2026-11-22T03:00:00.123456789Z")
        .put("kind", "verdict")
        .put("account", account)
        .put("code", "R06")
        .put("rule", "blocked-country")
        .put("action", "deny")
        .put("evidence", "destination +5312345678 is in blocked country CU")
        .put("destination", "+5312345678")
        .put("sourceIp", sourceIp)
        .put("calls", 3)
        .put("undo", "tfpsctl authorize 6001@pbx.example.com CU");
  }

  static Matcher parse(byte[] line) {
    Matcher m = RFC5424.matcher(new String(line, StandardCharsets.UTF_8));
    assertThat(m.matches()).as(new String(line, StandardCharsets.UTF_8)).isTrue();
    return m;
  }

  @Test
  void aDenialIsAWarningWithItsFieldsInPlace() {
    Matcher m =
        parse(SyslogLine.format(alert("6001@pbx.example.com", "192.0.2.55"), 4, "tfps", 42));
    assertThat(m.group(1)).as("auth (4) x 8 + warning (4)").isEqualTo("36");
    assertThat(m.group(2)).isEqualTo("2026-11-22T03:00:00.123Z");
    assertThat(m.group(3)).isEqualTo("tfps-a");
    assertThat(m.group(4)).isEqualTo("tfps");
    assertThat(m.group(5)).isEqualTo("42");
    assertThat(m.group(6)).isEqualTo("verdict");
    assertThat(m.group(7))
        .isEqualTo(
            "[tfps@32473 id=\"tfps-a-1-a1\" account=\"6001@pbx.example.com\" action=\"deny\""
                + " code=\"R06\" src=\"192.0.2.55\" dst=\"+5312345678\" calls=\"3\"]");
    assertThat(m.group(8))
        .isEqualTo(
            "TFPS deny src=192.0.2.55 account=6001@pbx.example.com code=R06 dst=+5312345678"
                + " calls=3: destination +5312345678 is in blocked country CU | undo: tfpsctl"
                + " authorize 6001@pbx.example.com CU");
    Matcher f = FAIL2BAN.matcher(m.group(8));
    assertThat(f.find()).isTrue();
    assertThat(f.group(1)).isEqualTo("192.0.2.55");
  }

  @Test
  void whatACallerWritesCannotForgeTheSourceNorALineNorAParameter() {
    JsonObject a = alert("x src=10.9.9.9\r\n<34>1 forged\"] @pbx", "10.0.0.1 src=10.9.9.9");
    byte[] line = SyslogLine.format(a, 16, "tfps", 1);
    String text = new String(line, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r").doesNotContain("\n");
    Matcher m = parse(line);
    assertThat(m.group(7)).contains("account=\"x src=10.9.9.9  <34>1 forged\\\"\\] @pbx\"");
    assertThat(m.group(7)).doesNotContain("src=\"");
    Matcher f = FAIL2BAN.matcher(m.group(8));
    assertThat(f.find()).isTrue();
    assertThat(f.group(1)).as("not an IP literal: no source").isEqualTo("-");
  }

  @Test
  void aBlockIsAWarningWithoutSourceAndALongLineIsCutAtItsEnd() {
    JsonObject block =
        new JsonObject()
            .put("id", "n-1-a2")
            .put("node", "n")
            .put("at", "2026-11-22T03:00:00Z")
            .put("kind", "block")
            .put("account", "6001@pbx.example.com")
            .put("action", "block")
            .put("evidence", "é".repeat(3000))
            .put("until", "2026-11-23T03:00:00Z")
            .put("undo", "tfpsctl unblock 6001@pbx.example.com");
    byte[] line = SyslogLine.format(block, 23, "tfps", 7);
    assertThat(line.length).isLessThanOrEqualTo(SyslogLine.MAX_BYTES);
    Matcher m = parse(line);
    assertThat(m.group(1)).as("local7 (23) x 8 + warning").isEqualTo("188");
    assertThat(m.group(6)).isEqualTo("block");
    assertThat(m.group(8)).startsWith("TFPS block src=- account=6001@pbx.example.com calls=1");
    assertThat(new String(line, StandardCharsets.UTF_8)).doesNotContain("\uFFFD");
    assertThat(FAIL2BAN.matcher(m.group(8)).find()).as("fail2ban bans no block").isFalse();
  }

  @Test
  void aVerifyOrAnAlertIsANotice() {
    JsonObject a = alert("a@x", "192.0.2.1").put("action", "verify");
    assertThat(parse(SyslogLine.format(a, 1, "tfps", 1)).group(1)).isEqualTo("13");
    a.put("action", "allow").put("kind", "alert");
    Matcher m = parse(SyslogLine.format(a, 1, "tfps", 1));
    assertThat(m.group(1)).isEqualTo("13");
    assertThat(FAIL2BAN.matcher(m.group(8)).find()).as("an allowed call is no attack").isFalse();
  }
}
