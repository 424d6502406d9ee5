package org.tfps.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionService;
import org.tfps.decision.LocalCallHistory;
import org.tfps.engine.Action;
import org.tfps.engine.BlockedCountryRule;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Engine;
import org.tfps.engine.InvalidNumberRule;
import org.tfps.engine.NumberTypeRule;
import org.tfps.engine.PrefixProbingRule;
import org.tfps.engine.RangeRule;
import org.tfps.engine.RepeatRule;
import org.tfps.engine.RuleData;
import org.tfps.engine.RuleDataRef;
import org.tfps.engine.ScannerAgents;
import org.tfps.engine.ScannerUserAgentRule;
import org.tfps.engine.SequentialDialingRule;
import org.tfps.engine.Verdict;
import org.tfps.numbers.DialPlan;
import org.tfps.numbers.NumberNormalizer;
import org.tfps.numbers.NumberType;
import org.tfps.numbers.RangeTable;

/**
 * Runs every {@code src/test/resources/scenarios/*.scenario} (format in the README there) through
 * the decision use case with test-only rule data, and checks each verdict.
 */
class GoldenScenarioTest {

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
        decisions = decisions(plan(line.substring(5).trim()));
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

  private static DialPlan plan(String spec) {
    String[] p = spec.split("\\s+");
    return new DialPlan(p[0], List.of(p[1].split(",")), p[2].equals("-") ? "" : p[2]);
  }

  private static DecisionService decisions(DialPlan plan) throws Exception {
    RuleData data =
        new RuleData(
            java.util.Set.of("CU"),
            RangeTable.parse("ranges.csv", Files.readAllLines(DIR.resolve("rules/ranges.csv"))),
            ScannerAgents.parse(
                "scanner-user-agents.txt",
                Files.readAllLines(DIR.resolve("rules/scanner-user-agents.txt"))));
    RuleDataRef ref = new RuleDataRef(data);
    Engine engine =
        new Engine(
            new ArrayList<>(
                List.of(
                    new ScannerUserAgentRule(ref),
                    new BlockedCountryRule(ref),
                    new RangeRule(ref),
                    new NumberTypeRule(
                        Map.of(
                            NumberType.PREMIUM_RATE,
                            Action.DENY,
                            NumberType.SHARED_COST,
                            Action.ALLOW)),
                    new InvalidNumberRule(Action.VERIFY),
                    new PrefixProbingRule(Duration.ofMinutes(10), 3, Action.DENY),
                    new SequentialDialingRule(Duration.ofMinutes(10), 4, 2, Action.VERIFY),
                    new RepeatRule(5, Duration.ofSeconds(30), Duration.ofHours(1), Action.DENY))));
    return new DecisionService(
        account -> Future.succeededFuture(new AccountProfile(account, plan)),
        new LocalCallHistory(Duration.ofHours(1), 1000),
        new NumberNormalizer(),
        engine,
        plan,
        50);
  }
}
