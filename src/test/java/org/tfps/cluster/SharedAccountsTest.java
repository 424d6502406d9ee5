package org.tfps.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.decision.AccountSettings;
import org.tfps.decision.LimitSettings;

class SharedAccountsTest {

  @Test
  void settingsCrossTheClusterUnchanged() {
    AccountSettings full =
        new AccountSettings(
            "o'); DROP TABLE accounts;--@pbx.example.com",
            "GB",
            List.of("00", "011"),
            "",
            "Europe/London",
            List.of(),
            new LimitSettings(3, null, 60, 0, null, 7, 0.5, null, 200.0),
            "pbkdf2-sha256$600000$c2FsdA$aGFzaA",
            List.of("noc@example.net"),
            List.of("https://hooks.example.net/tfps"),
            List.of("CU", "+4420"),
            List.of("+1900"),
            true,
            Instant.ofEpochMilli(1_700_000_000_123L),
            Instant.ofEpochMilli(1_700_000_100_456L));
    assertThat(SharedAccounts.read(SharedAccounts.write(full))).isEqualTo(full);
    AccountSettings bare = AccountSettings.bare("6001@pbx.example.com");
    AccountSettings back = SharedAccounts.read(SharedAccounts.write(bare));
    assertThat(back).isEqualTo(bare);
    assertThat(back.businessHours()).as("null (the default) stays apart from empty").isNull();
    assertThat(SharedAccounts.read(SharedAccounts.write(full.withMonitorOnly(false))).monitorOnly())
        .isFalse();
    assertThat(back.monitorOnly()).as("null (the default) stays null").isNull();
  }
}
