package org.tfps.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the appliance's {@code bin/tfps-provision} writes is a configuration TFPS starts with: the
 * TFPS v2 example (appliance/examples/defines.m4) with its verify keys, and an appliance env file.
 */
class ProvisionedConfigTest {

  @TempDir Path dir;

  private TfpsConfig provision(String inputFlag, String input) throws Exception {
    Path conf = dir.resolve("tfps.conf");
    Process p =
        new ProcessBuilder(
                List.of(
                    "python3",
                    "bin/tfps-provision",
                    inputFlag,
                    input,
                    "--db-url",
                    "none",
                    "--conf-out",
                    conf.toString(),
                    "--nft-out",
                    dir.resolve("tfps.nft").toString(),
                    "--group",
                    "root"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("provision.out").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as("tfps-provision: %s", Files.readString(dir.resolve("provision.out")))
        .isZero();
    return ConfigLoader.load(Optional.of(conf), Map.of(), new Properties());
  }

  @Test
  void theV2ExampleStartsTfpsWithItsVerifySettings() throws Exception {
    TfpsConfig c = provision("--defines-m4", "appliance/examples/defines.m4");
    assertThat(c.verify().mode()).isEqualTo(VerifyConfig.Mode.CAPTCHA);
    assertThat(c.verify().mediaAddress()).isEqualTo("192.0.2.10");
    assertThat(c.verify().rtpPortMin()).isEqualTo(10000);
    assertThat(c.verify().rtpPortMax()).isEqualTo(20000);
    assertThat(c.verify().maxAttempts()).isEqualTo(3);
    assertThat(c.verify().blockFor()).hasSeconds(3600);
    assertThat(c.verify().pin()).isEqualTo("0000");
    assertThat(c.sip().mode()).isEqualTo(SipMode.REDIRECT);
  }

  @Test
  void anApplianceBoundToEveryInterfaceKeepsVerifyOff() throws Exception {
    Path env = dir.resolve("appliance.env");
    Files.writeString(env, "SOFTSWITCHES=192.0.2.20\nRTP_PORTS=30000-30999\n");
    TfpsConfig c = provision("--env", env.toString());
    assertThat(c.verify().mode()).isEqualTo(VerifyConfig.Mode.DENY);
    assertThat(c.verify().rtpPortMin()).isEqualTo(30000);
    assertThat(c.verify().rtpPortMax()).isEqualTo(30999);
  }
}
