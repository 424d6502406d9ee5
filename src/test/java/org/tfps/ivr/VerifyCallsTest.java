package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tfps.decision.Pins;

class VerifyCallsTest {

  @Test
  void theAccountsPinWinsOverTheGlobalOne() {
    String hash = Pins.hash("4711");
    assertThat(VerifyCalls.pinMatches(hash, "9999", "4711")).isTrue();
    assertThat(VerifyCalls.pinMatches(hash, "9999", "9999")).isFalse();
  }

  @Test
  void withoutAnAccountPinTheGlobalOneCounts() {
    assertThat(VerifyCalls.pinMatches(null, "9999", "9999")).isTrue();
    assertThat(VerifyCalls.pinMatches(null, "9999", "999")).isFalse();
    assertThat(VerifyCalls.pinMatches(null, "", "")).as("no PIN at all").isFalse();
  }

  @Test
  void portsAreEvenRoundRobinAndBounded() {
    RtpPorts ports = new RtpPorts(20001, 20006);
    assertThat(ports.size()).isEqualTo(3);
    assertThat(ports.take()).isEqualTo(20002);
    assertThat(ports.take()).isEqualTo(20004);
    ports.release(20002);
    assertThat(ports.take()).as("round robin: the released one last").isEqualTo(20006);
    assertThat(ports.take()).isEqualTo(20002);
    assertThat(ports.take()).isEqualTo(-1);
    assertThat(ports.inUse()).isEqualTo(3);
    ports.release(20004);
    ports.release(20004);
    ports.release(30000);
    assertThat(ports.inUse()).isEqualTo(2);
  }

  @Test
  void onlyDottedQuadsAreLiteralsTheRestIsLookedUpElsewhere() throws Exception {
    assertThat(VerifyCalls.ipv4Literal("192.0.2.17"))
        .isEqualTo(java.net.InetAddress.getByName("192.0.2.17"));
    assertThat(VerifyCalls.ipv4Literal("0.0.0.0")).isNotNull();
    assertThat(VerifyCalls.ipv4Literal("media.example.com")).isNull();
    assertThat(VerifyCalls.ipv4Literal("192.0.2")).isNull();
    assertThat(VerifyCalls.ipv4Literal("192.0.2.256")).isNull();
    assertThat(VerifyCalls.ipv4Literal("192.0.2.1x")).isNull();
    assertThat(VerifyCalls.ipv4Literal("192.0..1")).isNull();
    assertThat(VerifyCalls.ipv4Literal("1.2.3.4.5")).isNull();
    assertThat(VerifyCalls.ipv4Literal("0001.2.3.4")).isNull();
  }
}
