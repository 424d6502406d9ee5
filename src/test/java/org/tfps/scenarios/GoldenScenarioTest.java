package org.tfps.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tfps.app.Tfps;
import org.tfps.config.ConfigLoader;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionService;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Verdict;
import org.tfps.numbers.RangeTable;

/**
 * Runs every {@code src/test/resources/scenarios/*.scenario} (format in the README there) through
 * the decision use case as production wires it, with test-only rule data, and checks each verdict.
 */
class GoldenScenarioTest {

  @TempDir Path dir;

  private static final Path DIR = Path.of("src/test/resources/scenarios");
  private static final Instant START = Instant.parse("2026-11-23T14:00:00Z");

  static Stream<String> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".scenario"))
              .sorted()
              .toList();
      assertThat(names).hasSizeGreaterThanOrEqualTo(4);
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void verdictsMatch(String name) throws Exception {
    List<String> lines = Files.readAllLines(DIR.resolve(name), StandardCharsets.UTF_8);
    DecisionService decisions = null;
    String plan = null;
    StringBuilder config = new StringBuilder();
    Instant start = START;
    int checked = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = RangeTable.stripComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      String where = name + ":" + (i + 1);
      if (line.startsWith("plan:")) {
        plan = line.substring(5).trim();
        decisions = null;
        continue;
      }
      if (line.startsWith("config:")) {
        config.append(line.substring(7).trim()).append('\n');
        decisions = null;
        continue;
      }
      if (line.startsWith("start:")) {
        start = Instant.parse(line.substring(6).trim());
        continue;
      }
      assertThat(plan).as(where + ": a plan: line must come first").isNotNull();
      if (decisions == null) {
        decisions = decisions(plan, config.toString());
      }
      String[] f = line.split("\\|");
      assertThat(f.length).as(where + ": 6 or 7 fields").isBetween(6, 7);
      CallAttempt attempt =
          new CallAttempt(
              f[1].trim(),
              f[4].trim(),
              f[2].trim(),
              f[3].trim().equals("-") ? "" : f[3].trim(),
              "call-" + i,
              start.plus(offset(f[0].trim())),
              f.length == 7 ? Integer.parseInt(f[6].trim()) : -1);
      Decision d = decisions.decide(attempt).await();
      String[] expected = f[5].trim().split("\\s+");
      Verdict v = d.verdict();
      assertThat(v.action().wireName())
          .as(
              "%s: %s -> %s (%s: %s)",
              where, attempt.dialed(), v.action().wireName(), v.code(), v.evidence())
          .isEqualTo(expected[0]);
      assertThat(v.code())
          .as("%s: %s deciding code (%s)", where, attempt.dialed(), v.evidence())
          .isEqualTo(expected.length > 1 ? expected[1] : Verdict.ALLOW_CODE);
      checked++;
    }
    assertThat(checked).as(name + " has attempts").isPositive();
  }

  /** Seconds ("90"), or days, hours, minutes and seconds ("1d", "2d3h30m", "18h5s"). */
  static Duration offset(String text) {
    if (text.matches("[0-9]+")) {
      return Duration.ofSeconds(Long.parseLong(text));
    }
    Matcher m =
        Pattern.compile("(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?").matcher(text);
    assertThat(m.matches() && !text.isEmpty()).as("time offset '%s'", text).isTrue();
    long[] unit = {86_400, 3_600, 60, 1};
    long seconds = 0;
    for (int g = 1; g <= 4; g++) {
      if (m.group(g) != null) {
        seconds += Long.parseLong(m.group(g)) * unit[g - 1];
      }
    }
    return Duration.ofSeconds(seconds);
  }

  /**
   * The decision use case exactly as TFPS wires it ({@link Tfps#decisions}), with the plan's dial
   * plan as the default one, the test-only data files in {@code rules/}, Cuba as the only blocked
   * country, the reference.conf defaults for everything else (detectors, limits, policy), then the
   * scenario's {@code config:} lines.
   */
  private DecisionService decisions(String planSpec, String extra) throws IOException {
    String[] p = planSpec.split("\\s+");
    String prefixes = String.join("\", \"", p[1].split(","));
    Path conf = dir.resolve("scenario.conf");
    Files.writeString(
        conf,
        "tfps.numbers { home-country = "
            + p[0]
            + ", international-prefixes = [\""
            + prefixes
            + "\"], outside-line-prefix = \""
            + (p[2].equals("-") ? "" : p[2])
            + "\" }\n"
            + "tfps.engine { blocked-countries = [CU]"
            + file("ranges-file", "ranges.csv")
            + file("scanner-user-agents-file", "scanner-user-agents.txt")
            + file("rates-file", "rates.csv")
            + file("ip-deny-list-file", "ip-deny-list.txt")
            + " }\n"
            + extra);
    return Tfps.decisions(ConfigLoader.load(Optional.of(conf), Map.of(), new Properties()));
  }

  private static String file(String key, String name) {
    return ", " + key + " = \"" + DIR.resolve("rules").resolve(name).toAbsolutePath() + "\"";
  }
}
