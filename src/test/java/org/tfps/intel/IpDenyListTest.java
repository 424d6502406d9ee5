package org.tfps.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfps.numbers.DataFileException;

class IpDenyListTest {

  @Test
  void mostSpecificEntryWinsForV4AndV6() throws DataFileException {
    IpDenyList list =
        IpDenyList.parse(
            "deny",
            List.of(
                "# scanners",
                "45.155.91.0/24,known scanner network",
                "45.155.91.239 , SentryPeer sighting",
                "2001:db8::/32",
                "10.0.0.0/8,internal # never from outside"));
    assertThat(list.size()).isEqualTo(4);
    assertThat(list.lookup("45.155.91.239")).isEqualTo("SentryPeer sighting");
    assertThat(list.lookup("45.155.91.1")).isEqualTo("known scanner network");
    assertThat(list.lookup("45.155.92.1")).isNull();
    assertThat(list.lookup("2001:db8:1::5")).isEqualTo("2001:db8::/32");
    assertThat(list.lookup("2001:db9::5")).isNull();
    assertThat(list.lookup("10.200.3.4")).isEqualTo("internal");
    // An IPv4 address never matches an IPv6 block of the same bits, and junk is not an address.
    assertThat(list.lookup("32.1.13.184")).isNull();
    assertThat(list.lookup("not-an-ip")).isNull();
    assertThat(IpDenyList.empty().lookup("45.155.91.239")).isNull();
  }

  @Test
  void badLinesAreRefusedBySourceAndLine() {
    assertThatThrownBy(() -> IpDenyList.parse("deny", List.of("1.2.3.4", "1.2.3.0/33,x")))
        .hasMessageStartingWith("deny:2: '1.2.3.0/33' is not an address or CIDR block");
    assertThatThrownBy(() -> IpDenyList.parse("deny", List.of("scanner.example.com")))
        .hasMessageContaining("not a literal IP address");
  }

  @Test
  void listedSourcesAnswerFromTheCurrentList() throws DataFileException {
    ListedSources sources = new ListedSources(IpDenyList.empty());
    assertThat(sources.lookup("45.155.91.239").result().listedIn()).isEmpty();
    sources.replace(IpDenyList.parse("deny", List.of("45.155.91.0/24,scanners")));
    assertThat(sources.lookup("45.155.91.239").result().listedIn())
        .isEqualTo("local deny list (scanners)");
  }
}
