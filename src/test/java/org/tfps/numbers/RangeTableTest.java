package org.tfps.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeTableTest {

  @Test
  void longestPrefixWins() throws DataFileException {
    RangeTable t =
        RangeTable.parse(
            "test",
            List.of(
                "# comment",
                "",
                "+883,International Networks,deny",
                "+88351,iNum (free VoIP),alert   # softer, longer",
                "+881,GMSS,verify"));
    assertThat(t.size()).isEqualTo(3);
    assertThat(t.lookup("+8835100123456").label()).isEqualTo("iNum (free VoIP)");
    assertThat(t.lookup("+8835200123456").action()).isEqualTo("deny");
    assertThat(t.lookup("+88163900000").prefix()).isEqualTo("881");
    assertThat(t.lookup("+442079460123")).isNull();
    assertThat(t.lookup("")).isNull();
  }

  @Test
  void badLinesAreRefusedBySourceAndLine() {
    assertThatThrownBy(
            () -> RangeTable.parse("ranges.csv", List.of("+870,Inmarsat,deny", "870,x,deny")))
        .hasMessageStartingWith("ranges.csv:2: prefix '870'");
    assertThatThrownBy(() -> RangeTable.parse("r", List.of("+870,Inmarsat,block")))
        .hasMessage("r:1: action 'block' is not one of deny, verify, alert");
    assertThatThrownBy(() -> RangeTable.parse("r", List.of("+870,deny")))
        .hasMessageContaining("r:1: expected +prefix,label,action");
    assertThatThrownBy(() -> RangeTable.parse("r", List.of("+870, ,deny")))
        .hasMessage("r:1: empty label");
  }

  @Test
  void trieMatchesDigitsOnlyAndRefusesOthers() {
    PrefixTrie<String> trie = new PrefixTrie<>();
    trie.put("44", "uk");
    trie.put("4420", "london");
    assertThat(trie.longestMatch("+442079460123", 1)).isEqualTo("london");
    assertThat(trie.longestMatch("4419", 0)).isEqualTo("uk");
    assertThat(trie.longestMatch("4a20", 0)).isNull();
    assertThatThrownBy(() -> trie.put("4x", "bad")).isInstanceOf(IllegalArgumentException.class);
  }
}
