package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlayoutTest {

  private static Prompts prompts(Path dir) throws Exception {
    byte[] a = new byte[200];
    Arrays.fill(a, (byte) 0x10);
    byte[] b = new byte[100];
    Arrays.fill(b, (byte) 0x90);
    Files.write(dir.resolve("a.ulaw"), a);
    Files.write(dir.resolve("b.ulaw"), b);
    return Prompts.load("en", dir, List.of());
  }

  @Test
  void promptsFollowEachOtherWithAGapThenSilence(@TempDir Path dir) throws Exception {
    Playout out = new Playout(prompts(dir), SdpAnswer.Codec.PCMU);
    byte[] frame = new byte[RtpStream.FRAME_BYTES];
    assertThat(out.nextFrame(frame, 0)).isFalse();
    assertThat(frame).containsOnly(G711.ULAW_SILENCE);

    out.play(List.of("a", "b"));
    int frames = 0;
    boolean done = false;
    byte[] all = new byte[RtpStream.FRAME_BYTES * 20];
    while (!done) {
      done = out.nextFrame(all, frames * RtpStream.FRAME_BYTES);
      frames++;
    }
    // 200 + 1,200 + 100 samples = 1,500: the 10th frame ends the last prompt.
    assertThat(frames).isEqualTo(10);
    assertThat(out.playing()).isFalse();
    assertThat(all[0]).isEqualTo((byte) 0x10);
    assertThat(all[199]).isEqualTo((byte) 0x10);
    assertThat(all[200]).isEqualTo(G711.ULAW_SILENCE);
    assertThat(all[1_399]).isEqualTo(G711.ULAW_SILENCE);
    assertThat(all[1_400]).isEqualTo((byte) 0x90);
    assertThat(all[1_499]).isEqualTo((byte) 0x90);
    assertThat(all[1_500]).isEqualTo(G711.ULAW_SILENCE);
  }

  @Test
  void pcmaIsTranscodedAndANewListReplacesTheOld(@TempDir Path dir) throws Exception {
    Playout out = new Playout(prompts(dir), SdpAnswer.Codec.PCMA);
    byte[] frame = new byte[RtpStream.FRAME_BYTES];
    out.play(List.of("a"));
    out.nextFrame(frame, 0);
    assertThat(frame).containsOnly(G711.ulawToAlaw((byte) 0x10));
    out.play(List.of("b"));
    assertThat(out.nextFrame(frame, 0)).isTrue();
    assertThat(frame[0]).isEqualTo(G711.ulawToAlaw((byte) 0x90));
    assertThat(frame[100]).isEqualTo(G711.ALAW_SILENCE);
    out.play(List.of());
    assertThat(out.playing()).isFalse();
    assertThatThrownBy(() -> out.play(List.of("nope")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void digitPromptsGetFreshNoiseEveryCallAndOtherPromptsNone(@TempDir Path dir) throws Exception {
    byte[] digit = new byte[RtpStream.FRAME_BYTES];
    Arrays.fill(digit, G711.linearToUlaw(8_000));
    Files.write(dir.resolve("digit-7.ulaw"), digit);
    Prompts p = prompts(dir);
    byte[] one = new byte[RtpStream.FRAME_BYTES];
    byte[] two = new byte[RtpStream.FRAME_BYTES];
    Playout a = new Playout(p, SdpAnswer.Codec.PCMU, new java.util.SplittableRandom(1));
    Playout b = new Playout(p, SdpAnswer.Codec.PCMU, new java.util.SplittableRandom(2));
    a.play(List.of("digit-7"));
    b.play(List.of("digit-7"));
    a.nextFrame(one, 0);
    b.nextFrame(two, 0);
    assertThat(one).isNotEqualTo(two).isNotEqualTo(digit);
    for (byte s : one) {
      // 8,000 plus or minus the noise peak, plus µ-law's step of 256 at that level.
      assertThat(Math.abs(G711.ulawToLinear(s) - 8_000))
          .isLessThanOrEqualTo(Playout.DIGIT_NOISE_PEAK + 256);
    }
    a.play(List.of("a"));
    a.nextFrame(one, 0);
    assertThat(one).containsOnly((byte) 0x10);
  }
}
