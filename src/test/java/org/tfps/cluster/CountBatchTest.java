package org.tfps.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.decision.LedgerEntry;
import org.tfps.decision.LedgerSettings;
import org.tfps.engine.PastAttempt;

class CountBatchTest {

  private static final Instant T = Instant.parse("2026-11-23T14:00:00Z");
  private static final LedgerSettings SETTINGS =
      new LedgerSettings(28, Duration.ofMinutes(3), Duration.ofMinutes(10), 1000);

  private static byte[] bytes(CountBatch b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    b.writeTo(new DataOutputStream(out));
    return out.toByteArray();
  }

  private static CountBatch read(byte[] bytes) throws IOException {
    return CountBatch.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  @Test
  void aBatchCrossesTheWireUnchangedWithItsSettingsItsRolesAndEveryField() throws IOException {
    LedgerEntry full =
        new LedgerEntry(
            T,
            true,
            true,
            "GB",
            0.125,
            3,
            "a84b4c76e66710@pc33.example.com",
            PastAttempt.of(T, "00442079460100", "+442079460100", List.of("R05", "R23")));
    LedgerEntry bare = new LedgerEntry(T.plusMillis(1), false, false, "", 0, 0, null, null);
    CountBatch b =
        new CountBatch(
            SETTINGS,
            List.of(
                new CountBatch.Part(
                    7,
                    List.of(
                        new CountBatch.Write(
                            "6101@pbx", 0x7fL, new long[] {20415, 20416}, List.of(full, bare)),
                        new CountBatch.Write(
                            "é-ünïcode", -3L, new long[] {20415}, List.of(bare))))),
            List.of(new CountBatch.Part(270, List.of())));
    CountBatch back = read(bytes(b));
    assertThat(back).isEqualTo(b);
    assertThat(back.calls()).isEqualTo(3);
    assertThat(back.concurrencyMillis()).isEqualTo(180_000);
    assertThat(back.owned().get(0).writes().get(0).calls().get(0).attempt().tail())
        .isEqualTo(full.attempt().tail());
    assertThat(back.backups()).extracting(CountBatch.Part::partition).containsExactly(270);
  }

  @Test
  void aLengthPastTheBoundIsRefused() throws IOException {
    byte[] b = bytes(new CountBatch(SETTINGS, List.of(), List.of()));
    // The owned parts' count follows the settings (int, long, long).
    b[20] = (byte) 0x7f;
    assertThatThrownBy(() -> read(b))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("length");
  }

  @Test
  void aWriteNeedsADayForEachCall() {
    assertThatThrownBy(
            () ->
                new CountBatch.Write(
                    "a",
                    1,
                    new long[] {1, 2},
                    List.of(new LedgerEntry(T, false, false, "", 0, 0, "", null))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
