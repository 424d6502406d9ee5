package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated month of each format (src/test/resources/cdr/generate.py), read with its format
 * recognised, against the oracle the generator wrote beside it: every bad row at its line, column
 * and reason, every other record a call, nothing lost.
 */
class CdrFilesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"asterisk-Master.csv", "freeswitch-Master.csv", "cgrates-cdre.csv", "generic.csv"})
  void readsTheMonthAndReportsEveryBadRow(String file) throws IOException {
    JsonObject expected = oracle(file);
    ZoneId zone = ZoneId.of(expected.getString("zone"));
    Collected got = new Collected();
    ReadCounts counts;
    try (InputStream in = resource(file)) {
      counts = CdrReaders.read(in, null, zone, got);
    }
    assertThat(got.calls).isNotEmpty();
    assertThat(got.calls.get(0).format().id()).isEqualTo(expected.getString("format"));

    JsonArray bad = expected.getJsonArray("badRows");
    assertThat(got.bad.stream().map(b -> b.line() + ":" + b.column() + ":" + b.reason()))
        .as("bad rows (line:column:reason)")
        .containsExactlyElementsOf(
            bad.stream()
                .map(o -> (JsonObject) o)
                .map(
                    o ->
                        o.getLong("line")
                            + ":"
                            + o.getInteger("column")
                            + ":"
                            + o.getString("reason"))
                .collect(Collectors.toList()));
    assertThat(got.bad).allSatisfy(b -> assertThat(b.detail()).isNotBlank());
    assertThat(got.bad).allSatisfy(b -> assertThat(b.columnName()).doesNotStartWith("column"));

    assertThat(counts.calls()).isEqualTo(expected.getLong("calls")).isEqualTo(got.calls.size());
    assertThat(counts.badRows()).isEqualTo(bad.size()).isEqualTo(got.bad.size());
    assertThat(counts.records())
        .isEqualTo(expected.getLong("records"))
        .isEqualTo(counts.calls() + counts.badRows())
        .as("one record per line but the header: nothing silently dropped")
        .isEqualTo(dataLines(file) - counts.headerLines());
    assertThat(got.progress).last().isEqualTo(counts);
    assertThat(counts.chars()).as("the whole file consumed").isEqualTo(chars(file));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"asterisk-Master.csv", "freeswitch-Master.csv", "cgrates-cdre.csv", "generic.csv"})
  void findsTheFraudNight(String file) throws IOException {
    JsonObject fraud = oracle(file).getJsonObject("fraud");
    List<HistoricalCall> calls = read(file).calls;
    Instant first = Instant.parse(fraud.getString("first"));
    Instant last = Instant.parse(fraud.getString("last"));
    List<HistoricalCall> night =
        calls.stream()
            .filter(c -> !c.start().isBefore(first) && !c.start().isAfter(last))
            .collect(Collectors.toList());
    assertThat(night).hasSize(fraud.getInteger("calls"));
    assertThat(night)
        .allSatisfy(c -> assertThat(c.account()).startsWith(fraud.getString("account")));
    // nobody else calls at night: every call but the fraud is in business hours, local time
    ZoneId zone = ZoneId.of(oracle(file).getString("zone"));
    assertThat(calls.stream().filter(c -> !night.contains(c)))
        .allSatisfy(c -> assertThat(c.start().atZone(zone).getHour()).isBetween(8, 18));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"asterisk-Master.csv", "freeswitch-Master.csv", "cgrates-cdre.csv", "generic.csv"})
  void keysAreUniqueAndStableAcrossReads(String file) throws IOException {
    List<String> once = read(file).calls.stream().map(HistoricalCall::idempotencyKey).toList();
    List<String> again = read(file).calls.stream().map(HistoricalCall::idempotencyKey).toList();
    assertThat(again).isEqualTo(once);
    Set<String> distinct = new HashSet<>(once);
    assertThat(distinct).hasSameSizeAs(once);
    assertThat(once).allSatisfy(k -> assertThat(k).startsWith(formatOf(file) + ":"));
  }

  private static String formatOf(String file) throws IOException {
    return oracle(file).getString("format");
  }

  private static Collected read(String file) throws IOException {
    Collected got = new Collected();
    try (InputStream in = resource(file)) {
      CdrReaders.read(in, null, ZoneId.of(oracle(file).getString("zone")), got);
    }
    return got;
  }

  /** Non-empty lines of the file, counted without the reader under test. */
  private static long dataLines(String file) throws IOException {
    try (InputStream in = resource(file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().filter(l -> !l.isEmpty()).count();
    }
  }

  private static long chars(String file) throws IOException {
    try (InputStream in = resource(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).length();
    }
  }

  static JsonObject oracle(String file) throws IOException {
    try (InputStream in = resource(file + ".expected.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static InputStream resource(String file) {
    return Objects.requireNonNull(
        CdrFilesTest.class.getResourceAsStream("/cdr/" + file), "missing test file " + file);
  }
}
