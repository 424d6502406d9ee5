package org.tfps.ivr;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Turns the prompts a {@link Challenge.Step} names into 20 ms G.711 frames for an {@link
 * RtpStream}: prompt after prompt with {@link #GAP_SAMPLES} of silence between them, µ-law
 * transcoded to A-law when the answer chose PCMA, silence when nothing plays (RTP keeps flowing so
 * NATs and the caller's jitter buffer stay up). Not thread-safe: one per call.
 */
public final class Playout {

  /** Silence between two prompts: 150 ms, so spoken digits are heard as separate words. */
  public static final int GAP_SAMPLES = 1_200;

  /**
   * Peak of the noise added to digit prompts, in 16-bit linear units: 1,000 is -30 dBFS, about the
   * noise already mixed into the files, so the sum stays easy for a person to understand.
   */
  public static final int DIGIT_NOISE_PEAK = 1_000;

  private final Prompts prompts;
  private final boolean alaw;
  private final byte silence;
  private List<String> queue = List.of();
  private int index;
  private ByteBuffer current;
  private int gap;
  private final RandomGenerator noise;
  private boolean noisy;

  /** A playout without added noise. */
  public Playout(Prompts prompts, SdpAnswer.Codec codec) {
    this(prompts, codec, null);
  }

  /**
   * @param noise where the digit prompts' noise comes from (a SecureRandom-seeded generator per
   *     call in production), or null for none
   */
  public Playout(Prompts prompts, SdpAnswer.Codec codec, RandomGenerator noise) {
    this.noise = noise;
    this.prompts = prompts;
    this.alaw = codec == SdpAnswer.Codec.PCMA;
    this.silence = alaw ? G711.ALAW_SILENCE : G711.ULAW_SILENCE;
  }

  /**
   * Plays these prompts from the next frame on, replacing whatever was playing; an empty list
   * changes nothing (a {@link Challenge.Step} with no prompts means "carry on").
   *
   * @throws IllegalArgumentException for a name the prompt set does not hold
   */
  public void play(List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    for (String name : names) {
      if (prompts.samples(name) < 0) {
        throw new IllegalArgumentException("no prompt " + name);
      }
    }
    queue = List.copyOf(names);
    index = 0;
    current = prompts.audio(queue.get(0));
    noisy = isDigit(queue.get(0));
    gap = 0;
  }

  /** True while prompts remain to be played. */
  public boolean playing() {
    return current != null;
  }

  /**
   * Writes the next frame ({@link RtpStream#FRAME_BYTES} bytes) at {@code dst[off]}.
   *
   * @return true when this frame finished the last prompt (then tell {@link
   *     Challenge#promptsPlayed()})
   */
  public boolean nextFrame(byte[] dst, int off) {
    boolean wasPlaying = current != null;
    int filled = 0;
    while (filled < RtpStream.FRAME_BYTES && current != null) {
      if (gap > 0) {
        int n = Math.min(gap, RtpStream.FRAME_BYTES - filled);
        Arrays.fill(dst, off + filled, off + filled + n, silence);
        filled += n;
        gap -= n;
        continue;
      }
      int n = Math.min(current.remaining(), RtpStream.FRAME_BYTES - filled);
      current.get(dst, off + filled, n);
      if (noisy) {
        for (int i = off + filled; i < off + filled + n; i++) {
          int sample = G711.ulawToLinear(dst[i]);
          dst[i] =
              G711.linearToUlaw(sample + noise.nextInt(-DIGIT_NOISE_PEAK, DIGIT_NOISE_PEAK + 1));
        }
      }
      if (alaw) {
        G711.ulawToAlaw(dst, off + filled, dst, off + filled, n);
      }
      filled += n;
      if (!current.hasRemaining()) {
        index++;
        if (index < queue.size()) {
          current = prompts.audio(queue.get(index));
          noisy = isDigit(queue.get(index));
          gap = GAP_SAMPLES;
        } else {
          current = null;
        }
      }
    }
    Arrays.fill(dst, off + filled, off + RtpStream.FRAME_BYTES, silence);
    return wasPlaying && current == null;
  }

  private boolean isDigit(String name) {
    return noise != null && name.startsWith("digit-");
  }
}
