package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsTest {

  @Test
  void theShippedEnglishSetHoldsEveryPromptTheChallengeAsksFor() throws Exception {
    Prompts p = Prompts.load("en", null, Challenge.promptNames());
    assertThat(p.names()).containsExactlyInAnyOrderElementsOf(Challenge.promptNames());
    for (String name : Challenge.promptNames()) {
      // At least a quarter of a second of speech, at most 8 s: generated, not truncated.
      assertThat(p.samples(name)).as(name).isBetween(2_000, 64_000);
    }
    assertThat(p.audio("nope")).isNull();
  }

  @Test
  void theDigitsAreSpeechWithNoiseNotSilence() throws Exception {
    Prompts p = Prompts.load("en", null, Challenge.promptNames());
    for (int d = 0; d <= 9; d++) {
      var audio = p.audio(Challenge.digitPrompt(d));
      long energy = 0;
      int quiet = 0;
      while (audio.hasRemaining()) {
        short s = G711.ulawToLinear(audio.get());
        energy += Math.abs(s);
        if (s == 0) {
          quiet++;
        }
      }
      assertThat(energy / p.samples(Challenge.digitPrompt(d))).as("digit %d", d).isGreaterThan(300);
      // Noise is mixed in: even the padding before and after the word is not digital silence.
      assertThat(quiet).as("digit %d", d).isLessThan(p.samples(Challenge.digitPrompt(d)) / 10);
    }
  }

  @Test
  void aDirectoryOverridesByNameAndAddsPrompts(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("goodbye.ulaw"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("welcome.ulaw"), new byte[] {4});
    Files.write(dir.resolve("notes.txt"), new byte[] {5});
    Prompts p = Prompts.load("en", dir, Challenge.promptNames());
    assertThat(p.samples("goodbye")).isEqualTo(3);
    assertThat(p.samples("welcome")).isEqualTo(1);
    assertThat(p.samples("enter-code")).isGreaterThan(3);
    assertThat(p.names()).doesNotContain("notes");
  }

  @Test
  void aLanguageWithoutFilesIsMissingItsPrompts() {
    assertThatThrownBy(() -> Prompts.load("xx", null, List.of("goodbye")))
        .isInstanceOfSatisfying(
            PromptException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(PromptException.Reason.MISSING);
              assertThat(e.prompt()).isEqualTo("goodbye");
              assertThat(e.getMessage()).contains("classpath:/prompts/xx/goodbye.ulaw");
            });
  }

  @Test
  void badFilesAreRefused(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Files.write(empty.resolve("goodbye.ulaw"), new byte[0]);
    assertThatThrownBy(() -> Prompts.load("en", empty, List.of("goodbye")))
        .isInstanceOfSatisfying(
            PromptException.class,
            e -> assertThat(e.reason()).isEqualTo(PromptException.Reason.EMPTY));
    Path large = Files.createDirectory(dir.resolve("large"));
    Files.write(large.resolve("goodbye.ulaw"), new byte[Prompts.MAX_PROMPT_BYTES + 1]);
    assertThatThrownBy(() -> Prompts.load("en", large, List.of("goodbye")))
        .isInstanceOfSatisfying(
            PromptException.class,
            e -> assertThat(e.reason()).isEqualTo(PromptException.Reason.TOO_LARGE));
    Path badName = Files.createDirectory(dir.resolve("bad-name"));
    Files.write(badName.resolve("Good Bye.ulaw"), new byte[] {1});
    assertThatThrownBy(() -> Prompts.load("en", badName, List.of("goodbye")))
        .isInstanceOfSatisfying(
            PromptException.class,
            e -> assertThat(e.reason()).isEqualTo(PromptException.Reason.BAD_NAME));
    assertThatThrownBy(() -> Prompts.load("en", dir.resolve("absent"), List.of("goodbye")))
        .isInstanceOfSatisfying(
            PromptException.class,
            e -> assertThat(e.reason()).isEqualTo(PromptException.Reason.UNREADABLE));
  }
}
