package org.tfps.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
    int checked = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = RangeTable.stripComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      String where = name + ":" + (i + 1);
      if (line.startsWith("plan:")) {
        decisions = decisions(line.substring(5).trim());
        continue;
      }
      assertThat(decisions).as(where + ": a plan: line must come first").isNotNull();
      String[] f = line.split("\\|");
      assertThat(f).as(where).hasSize(6);
      CallAttempt attempt =
          new CallAttempt(
              f[1].trim(),
              f[4].trim(),
              f[2].trim(),
              f[3].trim().equals("-") ? "" : f[3].trim(),
              "call-" + i,
              START.plusSeconds(Long.parseLong(f[0].trim())),
              -1);
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

  /**
   * The decision use case exactly as TFPS wires it ({@link Tfps#decisions}), with the plan's dial
   * plan as the default one, the test-only data files in {@code rules/}, Cuba as the only blocked
   * country, and the reference.conf defaults for everything else (detectors, policy).
   */
  private DecisionService decisions(String planSpec) throws IOException {
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
            + "tfps.engine { blocked-countries = [CU], ranges-file = \""
            + DIR.resolve("rules/ranges.csv").toAbsolutePath()
            + "\", scanner-user-agents-file = \""
            + DIR.resolve("rules/scanner-user-agents.txt").toAbsolutePath()
            + "\" }\n");
    return Tfps.decisions(ConfigLoader.load(Optional.of(conf), Map.of(), new Properties()));
  }
}
