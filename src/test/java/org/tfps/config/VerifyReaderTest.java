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

class VerifyReaderTest {

  @TempDir Path dir;

  private TfpsConfig load(String hocon) throws IOException {
    Path f = dir.resolve("tfps.conf");
    Files.writeString(f, hocon);
    return ConfigLoader.load(Optional.of(f), Map.of(), new Properties());
  }

  @Test
  void offByDefault() throws IOException {
    VerifyConfig v = load("").verify();
    assertThat(v.mode()).isEqualTo(VerifyConfig.Mode.DENY);
    assertThat(v.answers()).isFalse();
    assertThat(v.mediaAddress()).isEqualTo("127.0.0.1");
    assertThat(v.rtpPortMin()).isEqualTo(20000);
    assertThat(v.rtpPortMax()).isEqualTo(20999);
    assertThat(v.maxAttempts()).isEqualTo(3);
    assertThat(v.codeDigits()).isEqualTo(4);
    assertThat(v.interDigitTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(v.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(v.silenceTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(v.symmetricRtp()).isTrue();
    assertThat(v.blockFor()).isEqualTo(Duration.ofHours(1));
    assertThat(v.authorize()).isEqualTo(VerifyConfig.Authorize.COUNTRY);
    assertThat(v.language()).isEqualTo("en");
    assertThat(v.promptsDir()).isNull();
    assertThat(v.pin()).isEmpty();
    assertThat(v.testSeed()).isZero();
  }

  @Test
  void captchaWithItsSettings() throws IOException {
    VerifyConfig v =
        load("tfps.verify { mode = captcha, rtp-ports = [30000, 30010], max-attempts = 5,"
                + " block-for = 10m, authorize = number, pin = \"4711\", test-seed = 42,"
                + " code-digits = 6, inter-digit-timeout = 8s, timeout = 2m,"
                + " silence-timeout = 20s }")
            .verify();
    assertThat(v.codeDigits()).isEqualTo(6);
    assertThat(v.interDigitTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(v.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(v.silenceTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(v.answers()).isTrue();
    assertThat(v.rtpPortMin()).isEqualTo(30000);
    assertThat(v.rtpPortMax()).isEqualTo(30010);
    assertThat(v.maxAttempts()).isEqualTo(5);
    assertThat(v.blockFor()).isEqualTo(Duration.ofMinutes(10));
    assertThat(v.authorize()).isEqualTo(VerifyConfig.Authorize.NUMBER);
    assertThat(v.testSeed()).isEqualTo(42);
    assertThat(v.toString()).doesNotContain("4711");
  }

  @Test
  void thePinIsRedactedFromTheEffectiveConfig() throws IOException {
    TfpsConfig c = load("tfps.verify { mode = pin, pin = \"908172\" }");
    assertThat(c.effective()).doesNotContain("908172").contains("(redacted)");
  }

  @Test
  void badValuesStopStartupWithTheKey() {
    assertThatThrownBy(() -> load("tfps.verify.mode = ask"))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.verify.mode");
    assertThatThrownBy(() -> load("tfps.verify.rtp-ports = [20999, 20000]"))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.verify.rtp-ports");
    assertThatThrownBy(() -> load("tfps.verify.pin = \"12ab\""))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.verify.pin")
        .hasMessageNotContaining("12ab");
    assertThatThrownBy(() -> load("tfps.verify.code-digits = 2"))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.verify.code-digits");
    assertThatThrownBy(() -> load("tfps.verify { inter-digit-timeout = 20s, timeout = 10s }"))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.verify.timeout")
        .hasMessageContaining("inter-digit-timeout");
    assertThatThrownBy(() -> load("tfps.verify.silence-timeout = 1s"))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.verify.silence-timeout");
    // 13 digits: longer than an account's PIN may be (Pins.valid)
    assertThatThrownBy(() -> load("tfps.verify.pin = \"1234567890123\""))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("4 to 12 digits");
    assertThatThrownBy(() -> load("tfps.verify.prompts-dir = \"/nonexistent/tfps\""))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.verify.prompts-dir");
  }
}
