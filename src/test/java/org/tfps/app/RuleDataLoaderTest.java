package org.tfps.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.config.ConfigError;
import org.tfps.config.ConfigLoader;
import org.tfps.config.TfpsConfig;
import org.tfps.engine.Action;
import org.tfps.engine.RuleData;
import org.tfps.numbers.NumberType;

class RuleDataLoaderTest {

  @TempDir Path dir;

  private TfpsConfig config(String hocon) throws IOException {
    Path f = dir.resolve("t.conf");
    Files.writeString(f, hocon);
    return ConfigLoader.load(Optional.of(f), Map.of(), new Properties());
  }

  @Test
  void builtInDataLoads() throws IOException {
    TfpsConfig c = config("");
    RuleData data = RuleDataLoader.load(c.engine());
    assertThat(data.ranges().lookup("+88163900000").label()).contains("satellite");
    assertThat(data.ranges().lookup("+979123456789").action()).isEqualTo("deny");
    assertThat(data.scanners().match("friendly-scanner")).isEqualTo("friendly-scanner");
    assertThat(data.blockedCountries()).contains("CU").doesNotContain("LH");
    assertThat(RuleDataLoader.numberTypeActions(c.engine()))
        .containsEntry(NumberType.PREMIUM_RATE, Action.DENY)
        .containsEntry(NumberType.SHARED_COST, Action.ALLOW);
  }

  @Test
  void operatorFilesReplaceTheBuiltInOnes() throws IOException {
    Path ranges = dir.resolve("ranges.csv");
    Files.writeString(ranges, "+4470,UK personal numbers,verify\n");
    Path agents = dir.resolve("agents.txt");
    Files.writeString(agents, "evil-dialer\n");
    TfpsConfig c =
        config(
            "tfps.engine { ranges-file = \""
                + ranges
                + "\", scanner-user-agents-file = \""
                + agents
                + "\" }");
    RuleData data = RuleDataLoader.load(c.engine());
    assertThat(data.ranges().lookup("+447012345678").action()).isEqualTo("verify");
    assertThat(data.ranges().lookup("+88163900000")).isNull();
    assertThat(data.scanners().match("Evil-Dialer 2.0")).isEqualTo("evil-dialer");
    assertThat(data.scanners().match("friendly-scanner")).isNull();
  }

  @Test
  void badFileLineStopsStartupNamingFileAndLine() throws IOException {
    Path ranges = dir.resolve("bad.csv");
    Files.writeString(ranges, "+870,Inmarsat,deny\n+881;GMSS;deny\n");
    TfpsConfig c = config("tfps.engine.ranges-file = \"" + ranges + "\"");
    assertThatThrownBy(() -> Tfps.decisions(c))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining(ranges + ":2: expected +prefix,label,action");
  }

  @Test
  void missingFileIsNamed() throws IOException {
    TfpsConfig c = config("tfps.engine.scanner-user-agents-file = \"/nonexistent/agents.txt\"");
    assertThatThrownBy(() -> RuleDataLoader.load(c.engine()))
        .hasMessageContaining(
            "tfps.engine.scanner-user-agents-file = '/nonexistent/agents.txt': cannot be read");
  }

  @Test
  void policyIsChecked() throws IOException {
    assertThatThrownBy(() -> config("tfps.engine.invalid-number-action = block"))
        .hasMessage("tfps.engine.invalid-number-action = 'block': one of deny, verify, alert");
    assertThatThrownBy(() -> config("tfps.engine.number-type-actions.toll-free = maybe"))
        .hasMessageContaining("tfps.engine.number-type-actions.toll-free = 'maybe'");
    TfpsConfig c = config("tfps.engine.number-type-actions.premium = deny");
    assertThatThrownBy(() -> RuleDataLoader.numberTypeActions(c.engine()))
        .hasMessageStartingWith("tfps.engine.number-type-actions.premium: not a number type");
  }
}
