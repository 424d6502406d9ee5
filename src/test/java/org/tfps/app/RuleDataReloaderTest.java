package org.tfps.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.config.ConfigError;
import org.tfps.config.ConfigLoader;
import org.tfps.config.TfpsConfig;
import org.tfps.engine.RuleDataRef;
import org.tfps.intel.ListedSources;
import org.tfps.metrics.Counter;
import org.tfps.metrics.MetricsRegistry;

/** The operator's data files: loaded at startup, re-read when they change, refused when bad. */
class RuleDataReloaderTest {

  @TempDir Path dir;

  private Path rates;
  private Path countries;
  private Path deny;
  private TfpsConfig config;
  private RuleDataRef data;
  private ListedSources sources;
  private Counter reloads;
  private RuleDataReloader reloader;

  private void setUp(String interval) throws IOException {
    rates = dir.resolve("rates.csv");
    countries = dir.resolve("countries.txt");
    deny = dir.resolve("deny.txt");
    Files.writeString(rates, "+1,0.01,USD\n");
    Files.writeString(countries, "CU\n");
    Files.writeString(deny, "");
    Path conf = dir.resolve("t.conf");
    Files.writeString(
        conf,
        "tfps.engine { rates-file = \""
            + rates
            + "\", blocked-countries-file = \""
            + countries
            + "\", ip-deny-list-file = \""
            + deny
            + "\", reload-interval = "
            + interval
            + " }");
    config = ConfigLoader.load(Optional.of(conf), Map.of(), new Properties());
    data = new RuleDataRef(RuleDataLoader.load(config.engine()));
    sources = new ListedSources(RuleDataLoader.ipDenyList(config.engine()));
    reloads = new MetricsRegistry().counter("r", "r", "result");
    reloader = new RuleDataReloader(config.engine(), data, sources, reloads);
  }

  @Test
  void filesReplaceTheBuiltInDataAtStartup() throws IOException {
    setUp("30s");
    assertThat(data.get().blockedCountries()).containsExactly("CU");
    assertThat(data.get().rates().lookup("+12125550101").perMinute()).isEqualTo(0.01);
    assertThat(reloader.check()).as("nothing changed").isFalse();
  }

  @Test
  void aChangedFileIsReloadedWhole() throws IOException {
    setUp("30s");
    Files.writeString(countries, "CU\nKP\n# and\nSO\n");
    Files.writeString(deny, "203.0.113.0/24,scanners\n");
    assertThat(reloader.check()).isTrue();
    assertThat(data.get().blockedCountries()).containsExactlyInAnyOrder("CU", "KP", "SO");
    assertThat(sources.lookup("203.0.113.9").result().listedIn()).contains("scanners");
    assertThat(reloads.get("ok")).isEqualTo(1);
    assertThat(reloader.check()).as("read once per change").isFalse();
  }

  @Test
  void aBadFileIsRefusedAndTheDataInUseIsKept() throws IOException {
    setUp("30s");
    Files.writeString(rates, "+1,0.01,USD\n+44,cheap,USD\n");
    assertThat(reloader.check()).isFalse();
    assertThat(reloads.get("failed")).isEqualTo(1);
    assertThat(data.get().rates().size()).isEqualTo(1);
    assertThat(reloader.check()).as("a bad file is not re-read until it changes").isFalse();
    assertThat(reloads.get("failed")).isEqualTo(1);
    Files.writeString(rates, "+1,0.01,USD\n+44,0.02,USD\n");
    assertThat(reloader.check()).isTrue();
    assertThat(data.get().rates().size()).isEqualTo(2);
  }

  @Test
  void aBadFileAtStartupStopsStartupNamingTheLine() throws IOException {
    setUp("30s");
    Files.writeString(countries, "CU\nLH\n");
    assertThatThrownBy(() -> RuleDataLoader.load(config.engine()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining(countries + ":2: 'LH' is not an ISO 3166-1 alpha-2 country code");
  }

  @Test
  void theTimerChecksOnItsOwn() throws Exception {
    setUp("100ms");
    Vertx vertx = Vertx.vertx();
    try {
      reloader.start(vertx);
      Files.writeString(countries, "CU\nKP\n");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!data.get().blockedCountries().contains("KP") && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(data.get().blockedCountries()).contains("KP");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
