package org.tfps.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, and {@code --check-config}. */
class MainTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int check(String conf) throws Exception {
    Path file = Files.writeString(dir.resolve("tfps.conf"), conf);
    return Main.check(
        Optional.of(file),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void argumentsAreTheFileAndTheMode() {
    assertThat(Main.parseArgs(new String[] {"--config", "/x.conf", "--check-config"}))
        .isEqualTo(new Main.Args(Optional.of(Path.of("/x.conf")), true));
    assertThat(Main.parseArgs(new String[0])).isEqualTo(new Main.Args(Optional.empty(), false));
    assertThatThrownBy(() -> Main.parseArgs(new String[] {"--check"}))
        .hasMessageContaining("--check");
  }

  @Test
  void aGoodConfigurationIsSaidToBeFine() throws Exception {
    assertThat(check("tfps.sip { mode = redirect }\ntfps.verify.mode = captcha\n")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("configuration OK", "redirect mode", "verify captcha");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aBadKeyIsNamedWithExit2() throws Exception {
    assertThat(check("tfps.sip.mode = sideways\n")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("tfps.sip.mode", "sideways");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aDataFileTheConfigurationNamesIsCheckedToo() throws Exception {
    Path missing = dir.resolve("no-such-deny-list.txt");
    assertThat(check("tfps.engine.ip-deny-list-file = \"" + missing + "\"\n")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ip-deny-list-file");
  }

  @Test
  void missingVerifyPromptsAreAConfigError() throws Exception {
    Path prompts = Files.createDirectories(dir.resolve("prompts"));
    Files.write(prompts.resolve("enter-code.ulaw"), new byte[0]);
    assertThat(check("tfps.verify { mode = captcha, prompts-dir = \"" + prompts + "\" }\n"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("enter-code");
  }
}
