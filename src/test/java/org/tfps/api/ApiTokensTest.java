package org.tfps.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfps.config.ConfigError;
import org.tfps.config.TfpsConfig;

class ApiTokensTest {

  @TempDir Path dir;

  @Test
  void theFirstStartGeneratesAnOwnerOnlyTokenAndLaterStartsReadIt() throws Exception {
    Path file = dir.resolve("sub").resolve("api-token");
    ApiTokens first = ApiTokens.load(new TfpsConfig.Api("127.0.0.1", 0, file));
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String token = Files.readAllLines(file).get(0);
    assertThat(token).startsWith("tfps_").hasSize(5 + 43);
    assertThat(first.holder(token).name()).isEqualTo("admin");
    assertThat(first.holder(token).may("provision")).isTrue();
    assertThat(first.holder(token + "x")).isNull();
    ApiTokens again = ApiTokens.load(new TfpsConfig.Api("127.0.0.1", 0, file));
    assertThat(again.holder(token)).isNotNull();
  }

  @Test
  void configuredTokensAreMatchedByTheirHashAndScopes() {
    ApiTokens t =
        ApiTokens.of(
            List.of(
                new TfpsConfig.ApiToken(
                    "noc", Set.of("read"), ApiTokens.sha256("noc-token-1234567")),
                new TfpsConfig.ApiToken(
                    "ops", Set.of("provision"), ApiTokens.sha256("ops-token-1234567")),
                new TfpsConfig.ApiToken(
                    "kam", Set.of("calls"), ApiTokens.sha256("kam-token-1234567"))));
    assertThat(t.holder("noc-token-1234567").may("read")).isTrue();
    assertThat(t.holder("noc-token-1234567").may("provision")).isFalse();
    assertThat(t.holder("ops-token-1234567").may("read")).isTrue();
    assertThat(t.holder("ops-token-1234567").may("calls")).isFalse();
    assertThat(t.holder("kam-token-1234567").may("calls")).isTrue();
    assertThat(t.holder("kam-token-1234567").may("read")).isFalse();
  }

  @Test
  void aTokenFileWithoutATokenStopsTheStart() throws Exception {
    Path file = dir.resolve("api-token");
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> ApiTokens.load(new TfpsConfig.Api("127.0.0.1", 0, file)))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("tfps.api.token-file");
  }

  @Test
  void theSha256IsTheOneSha256sumPrints() {
    // printf %s test | sha256sum
    assertThat(ApiTokens.sha256("test"))
        .isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  }
}
