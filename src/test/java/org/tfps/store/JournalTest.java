package org.tfps.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
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
        dir.resolve("t-00000001.journal"),
        "{\"type\":\"event\",\"n\":2",
        StandardOpenOption.APPEND);
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
      assertThat(all.end()).isEqualTo(Files.size(dir.resolve("t-00000001.journal")));
    }
  }

  @Test
  void appendsMoveToNewSegmentsAndCommittedSegmentsAreDeleted() throws IOException {
    try (Journal j = new Journal(dir, "t", 200)) {
      for (int i = 0; i < 12; i++) {
        j.append(record(i));
      }
      int segments = j.segmentCount();
      assertThat(segments).as("about 60 bytes a record, 200 per segment").isGreaterThan(2);
      List<Integer> seen = new java.util.ArrayList<>();
      for (int guard = 0; guard < 100 && j.backlog() > 0; guard++) {
        Journal.Batch b = j.read(2);
        seen.addAll(numbers(b));
        j.commit(b);
      }
      assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
      assertThat(j.segmentCount()).as("only the segment appends go to is left").isEqualTo(1);
      j.append(record(12));
      assertThat(numbers(j.read(5))).containsExactly(12);
      assertThat(j.committedRecords()).isEqualTo(12);
    }
  }

  @Test
  void aReopenResumesInTheRightSegment() throws IOException {
    try (Journal j = new Journal(dir, "t", 200)) {
      for (int i = 0; i < 12; i++) {
        j.append(record(i));
      }
      j.commit(j.read(4));
      j.commit(j.read(1));
    }
    try (Journal j = new Journal(dir, "t", 200)) {
      assertThat(j.backlog()).isEqualTo(7);
      List<Integer> seen = new java.util.ArrayList<>();
      j.scanPending(r -> seen.add(r.getInteger("n")));
      assertThat(seen).containsExactly(5, 6, 7, 8, 9, 10, 11);
      List<Integer> read = new java.util.ArrayList<>();
      for (int guard = 0; guard < 100 && j.backlog() > 0; guard++) {
        Journal.Batch b = j.read(3);
        read.addAll(numbers(b));
        j.commit(b);
      }
      assertThat(read).isEqualTo(seen);
    }
  }

  @Test
  void aLineThatIsNotJsonBecomesACorruptRecordForTheWriterToSetAside() throws IOException {
    try (Journal j = new Journal(dir, "t")) {
      j.append(record(1));
    }
    Files.writeString(dir.resolve("t-00000001.journal"), "not json\n", StandardOpenOption.APPEND);
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
  void heldRecordsAreReadFromMemoryAndStillCommittedInTheFile() throws IOException {
    List<JsonObject> appended = new java.util.ArrayList<>();
    try (Journal j = new Journal(dir, "t", Journal.ROTATE_BYTES, 100)) {
      for (int i = 1; i <= 5; i++) {
        JsonObject r = record(i);
        appended.add(r);
        j.append(r);
      }
      assertThat(j.held()).isEqualTo(5);
      Journal.Batch first = j.read(3);
      assertThat(first.records()).as("the appended objects, not parsed again").hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(first.records().get(i)).isSameAs(appended.get(i));
      }
      assertThat(j.read(3).records()).as("read again until committed").isEqualTo(first.records());
      j.commit(first);
      assertThat(j.held()).as("the committed ones are forgotten").isEqualTo(2);
      assertThat(numbers(j.read(10))).containsExactly(4, 5);
    }
    try (Journal j = new Journal(dir, "t")) {
      assertThat(numbers(j.read(10)))
          .as("the committed position is the file's, as without holding")
          .containsExactly(4, 5);
    }
  }

  @Test
  void pastTheBoundRecordsAreReadFromTheFileThenFromMemoryAgain() throws IOException {
    try (Journal j = new Journal(dir, "t", Journal.ROTATE_BYTES, 3)) {
      List<JsonObject> appended = new java.util.ArrayList<>();
      for (int i = 1; i <= 7; i++) {
        JsonObject r = record(i);
        appended.add(r);
        j.append(r);
      }
      assertThat(j.held()).as("the bound").isEqualTo(3);
      Journal.Batch held = j.read(10);
      assertThat(numbers(held)).containsExactly(1, 2, 3);
      assertThat(held.records().get(0)).isSameAs(appended.get(0));
      j.commit(held);
      Journal.Batch fromFile = j.read(10);
      assertThat(numbers(fromFile)).containsExactly(4, 5, 6, 7);
      assertThat(fromFile.records().get(0))
          .as("parsed from the file: equal, not the same")
          .isEqualTo(appended.get(3))
          .isNotSameAs(appended.get(3));
      j.commit(fromFile);
      JsonObject eight = record(8);
      j.append(eight);
      Journal.Batch again = j.read(10);
      assertThat(again.records()).containsExactly(eight);
      assertThat(again.records().get(0)).isSameAs(eight);
      j.commit(again);
      assertThat(j.backlog()).isZero();
    }
  }

  @Test
  void aFileReadThatOvertakesHeldRecordsForgetsThem() throws IOException {
    try (Journal j = new Journal(dir, "t", Journal.ROTATE_BYTES, 2)) {
      j.append(record(1));
      j.append(record(2));
      j.append(record(3)); // past the bound: in the file only
      j.commit(j.read(2));
      assertThat(j.held()).as("the commit forgets what it covers").isZero();
      j.append(record(4)); // held, but 3 before it is not: read from the file
      assertThat(j.held()).isEqualTo(1);
      Journal.Batch rest = j.read(10);
      assertThat(numbers(rest)).containsExactly(3, 4);
      j.commit(rest);
      assertThat(numbers(j.read(10))).isEmpty();
      j.append(record(5));
      assertThat(numbers(j.read(10))).containsExactly(5);
    }
  }

  @Test
  void heldRecordsCrossSegmentsInOrder() throws IOException {
    try (Journal j = new Journal(dir, "t", 200, 5)) {
      for (int i = 0; i < 12; i++) {
        j.append(record(i));
      }
      List<Integer> seen = new java.util.ArrayList<>();
      for (int guard = 0; guard < 100 && j.backlog() > 0; guard++) {
        Journal.Batch b = j.read(4);
        seen.addAll(numbers(b));
        j.commit(b);
        j.append(record(100 + guard));
        if (guard >= 5) {
          break;
        }
      }
      for (int guard = 0; guard < 100 && j.backlog() > 0; guard++) {
        Journal.Batch b = j.read(4);
        seen.addAll(numbers(b));
        j.commit(b);
      }
      assertThat(seen)
          .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 100, 101, 102, 103, 104, 105);
      assertThat(j.segmentCount()).isEqualTo(1);
    }
  }

  @Test
  void theJournalIsReadableByItsOwnerOnly() throws IOException {
    try (Journal j = new Journal(dir, "t")) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("t-00000001.journal"))))
          .isEqualTo("rw-------");
    }
  }
}
