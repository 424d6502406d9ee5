package org.tfps.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code tfps.verify}: what TFPS does with a verify verdict (issue 7, docs/ivr.md).
 *
 * @param mode {@link Mode#DENY} (the default) answers verify like a deny; CAPTCHA and PIN answer
 *     the call and run the challenge
 * @param mediaAddress the address RTP is sent from and announced in the SDP answer
 * @param rtpPortMin first port of the RTP range (even)
 * @param rtpPortMax last port of the RTP range
 * @param maxAttempts wrong entries (or silences) before the challenge fails
 * @param codeDigits digits of a CAPTCHA code
 * @param interDigitTimeout how long the caller may wait before the next key (an attempt ends)
 * @param timeout how long the whole challenge may take
 * @param silenceTimeout no RTP from the caller for this long ends the call
 * @param symmetricRtp frames go where the caller's first RTP packet came from (RFC 4961), not only
 *     to the offer's address
 * @param blockFor how long a failed destination stays blocked for the account
 * @param authorize what a solved challenge authorizes: the destination's country or the number
 * @param language the classpath prompt set
 * @param promptsDir a directory whose {@code *.ulaw} prompts replace or add to the set; null if
 *     none
 * @param pin the global PIN (PIN mode, accounts without a PIN of their own); empty if none. Secret.
 * @param testSeed for tests only: a non-zero seed makes the CAPTCHA codes predictable; 0 (the
 *     default, and the only value for production) uses SecureRandom
 */
public record VerifyConfig(
    Mode mode,
    String mediaAddress,
    int rtpPortMin,
    int rtpPortMax,
    int maxAttempts,
    int codeDigits,
    Duration interDigitTimeout,
    Duration timeout,
    Duration silenceTimeout,
    boolean symmetricRtp,
    Duration blockFor,
    Authorize authorize,
    String language,
    Path promptsDir,
    String pin,
    long testSeed) {

  /** What a verify verdict does. */
  public enum Mode {
    DENY,
    CAPTCHA,
    PIN
  }

  /** What a solved challenge puts on the account's authorized list. */
  public enum Authorize {
    COUNTRY,
    NUMBER
  }

  /** True when a verify verdict is answered by the dialog, not refused. */
  public boolean answers() {
    return mode != Mode.DENY;
  }

  /** The PIN is left out: it is a secret. */
  @Override
  public String toString() {
    return "VerifyConfig[mode="
        + mode
        + ", media="
        + mediaAddress
        + ", rtp="
        + rtpPortMin
        + "-"
        + rtpPortMax
        + ", attempts="
        + maxAttempts
        + ", authorize="
        + authorize
        + "]";
  }
}
