package org.tfps.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A call attempt the account made earlier, as the pattern detectors need it.
 *
 * @param at when it was decided
 * @param dialed the dial string as sent (Request-URI user part)
 * @param e164 its E.164 form, or empty when it was not a number
 * @param codes the codes of every rule that fired on it (empty for a plain allow)
 * @param tail the subscriber number's trailing digits as R23 compares them, as a number (computed
 *     once, when the attempt is recorded: comparing it reads no string), or -1 when the dial string
 *     has none ({@link PrefixProbingRule#tailKey})
 */
public record PastAttempt(Instant at, String dialed, String e164, List<String> codes, long tail) {

  public PastAttempt {
    codes = List.copyOf(codes);
  }

  /** A past attempt with its tail computed from {@code dialed}. */
  public static PastAttempt of(Instant at, String dialed, String e164, List<String> codes) {
    return new PastAttempt(at, dialed, e164, codes, PrefixProbingRule.tailKey(dialed));
  }

  /**
   * Writes the attempt as an account's saved state and the cluster's counts carry it: time, dial
   * string, E.164 form, then its codes (at most 255: one per rule); the tail is computed again when
   * read.
   */
  public void writeTo(DataOutput out) throws IOException {
    if (codes.size() > 255) {
      throw new IOException(codes.size() + " codes on one attempt (at most 255)");
    }
    out.writeLong(at.toEpochMilli());
    out.writeUTF(dialed);
    out.writeUTF(e164);
    out.writeByte(codes.size());
    for (String code : codes) {
      out.writeUTF(code);
    }
  }

  /** An attempt as {@link #writeTo} wrote it. */
  public static PastAttempt readFrom(DataInput in) throws IOException {
    Instant at = Instant.ofEpochMilli(in.readLong());
    String dialed = in.readUTF();
    String e164 = in.readUTF();
    int n = in.readUnsignedByte();
    List<String> codes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      codes.add(in.readUTF());
    }
    return of(at, dialed, e164, codes);
  }
}
