package org.tfps.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  private static JsonObject record(int i) {
    return new JsonObject().put("type", "event").put("n", i).put("text", "Gesprächsnotiz é " + i);
  }

  private static List<Integer> numbers(Journal.Batch b) {
    return b.records().stream().map(r -> r.getInteger("n")).toList();
  }

  @Test
  void recordsAreReadInOrderUntilCommitted() throws IOException {
    try (Journal j = new Journal(dir, "t")) {
      for (int i = 1; i <= 5; i++) {
        j.append(record(i));
      }
      assertThat(j.backlog()).isEqualTo(5);
      Journal.Batch first = j.read(3);
      assertThat(numbers(first)).containsExactly(1, 2, 3);
      assertThat(numbers(j.read(3))).as("nothing moves until commit").containsExactly(1, 2, 3);
      j.commit(first);
      assertThat(j.backlog()).isEqualTo(2);
      assertThat(numbers(j.read(10))).containsExactly(4, 5);
    }
  }

  @Test
  void uncommittedRecordsSurviveAReopen() throws IOException {
    try (Journal j = new Journal(dir, "t")) {
      for (int i = 1; i <= 4; i++) {
        j.append(record(i));
      }
      j.commit(j.read(2));
    }
    try (Journal j = new Journal(dir, "t")) {
      assertThat(j.backlog()).isEqualTo(2);
      assertThat(numbers(j.read(10))).containsExactly(3, 4);
      j.append(record(5));
      assertThat(numbers(j.read(10))).containsExactly(3, 4, 5);
    }
  }

  @Test
  void aRecordTornByACrashIsCutOff() throws IOException {
    try (Journal j = new Journal(dir, "t")) {
      j.append(record(1));
    }
    Files.writeString(
        dir.resolve("t.journal"), "{\"type\":\"event\",\"n\":2", StandardOpenOption.APPEND);
    try (Journal j = new Journal(dir, "t")) {
      assertThat(numbers(j.read(10))).containsExactly(1);
      j.append(record(3));
      assertThat(numbers(j.read(10))).containsExactly(1, 3);
    }
  }

  @Test
  void largeBatchesCrossReadBuffersWithoutBreakingCharacters() throws IOException {
    String big = "é".repeat(3000);
    try (Journal j = new Journal(dir, "t")) {
      for (int i = 0; i < 300; i++) {
        j.append(record(i).put("big", big));
      }
      Journal.Batch all = j.read(1000);
      assertThat(all.records()).hasSize(300);
      assertThat(all.records().get(299).getString("big")).isEqualTo(big);
      assertThat(all.end()).isEqualTo(Files.size(dir.resolve("t.journal")));
    }
  }

  @Test
  void aFullyCommittedLargeJournalIsTruncated() throws IOException {
    try (Journal j = new Journal(dir, "t", 100)) {
      for (int i = 0; i < 10; i++) {
        j.append(record(i));
      }
      j.commit(j.read(5));
      assertThat(Files.size(dir.resolve("t.journal"))).isGreaterThan(100);
      j.commit(j.read(5));
      assertThat(Files.size(dir.resolve("t.journal"))).isZero();
      assertThat(Files.readString(dir.resolve("t.offset"), StandardCharsets.UTF_8)).isEqualTo("0");
      j.append(record(11));
      assertThat(numbers(j.read(5))).containsExactly(11);
      assertThat(j.committedRecords()).isEqualTo(10);
    }
  }

  @Test
  void aLineThatIsNotJsonBecomesACorruptRecordForTheWriterToSetAside() throws IOException {
    try (Journal j = new Journal(dir, "t")) {
      j.append(record(1));
    }
    Files.writeString(dir.resolve("t.journal"), "not json\n", StandardOpenOption.APPEND);
    try (Journal j = new Journal(dir, "t")) {
      j.append(record(2));
      List<JsonObject> all = j.read(10).records();
      assertThat(all)
          .extracting(r -> r.getString("type"))
          .containsExactly("event", "corrupt", "event");
      assertThat(all.get(1).getString("text")).isEqualTo("not json");
    }
  }

  @Test
  void pendingRecordsCanBeScannedWithoutCommitting() throws IOException {
    try (Journal j = new Journal(dir, "t")) {
      for (int i = 1; i <= 2500; i++) {
        j.append(record(i));
      }
      j.commit(j.read(1000));
      List<Integer> seen = new java.util.ArrayList<>();
      j.scanPending(r -> seen.add(r.getInteger("n")));
      assertThat(seen).hasSize(1500).startsWith(1001).endsWith(2500);
      assertThat(j.backlog()).isEqualTo(1500);
    }
  }

  @Test
  void theJournalIsReadableByItsOwnerOnly() throws IOException {
    try (Journal j = new Journal(dir, "t")) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("t.journal"))))
          .isEqualTo("rw-------");
    }
  }
}
