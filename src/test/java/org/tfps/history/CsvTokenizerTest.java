package org.tfps.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTokenizerTest {

  /** Each record as "line|field|field...", or "line!ERROR@column" for a bad one. */
  private static List<String> records(Reader in) throws IOException {
    CsvTokenizer t = new CsvTokenizer(in);
    List<String> out = new ArrayList<>();
    while (t.next()) {
      StringBuilder b = new StringBuilder().append(t.line());
      if (t.error() != null) {
        b.append('!').append(t.error()).append('@').append(t.errorField() + 1);
      } else {
        for (int i = 0; i < t.fieldCount(); i++) {
          b.append('|').append(t.text(i));
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  private static List<String> records(String text) throws IOException {
    return records(new StringReader(text));
  }

  @Test
  void readsRfc4180Fields() throws IOException {
    assertThat(
            records(
                "a,b,c\n"
                    + "\"quoted, with comma\",\"doubled \"\"quotes\"\"\",\"\"\n"
                    + ",,\n"
                    + "\"line\nbreak\",x\n"
                    + "last,no newline"))
        .containsExactly(
            "1|a|b|c",
            "2|quoted, with comma|doubled \"quotes\"|",
            "3|||",
            "4|line\nbreak|x",
            "6|last|no newline");
  }

  @Test
  void crlfEndsRecordsAndBlankLinesAreSkippedButCounted() throws IOException {
    CsvTokenizer t = new CsvTokenizer(new StringReader("\uFEFFa,\"b\"\r\n\r\n\nc,d\r\n"));
    assertThat(t.next()).isTrue();
    assertThat(t.text(0)).isEqualTo("a"); // the byte order mark is not data
    assertThat(t.text(1)).isEqualTo("b");
    assertThat(t.next()).isTrue();
    assertThat(t.line()).isEqualTo(4);
    assertThat(t.text(1)).isEqualTo("d");
    assertThat(t.next()).isFalse();
    assertThat(t.blankLines()).isEqualTo(2);
    assertThat(t.linesRead()).isEqualTo(4);
  }

  @Test
  void aStrayQuoteCostsOneLine() throws IOException {
    assertThat(records("a,\"b\n\"c\",d\nok,1\n"))
        .as("the quote opened on line 1 is closed on line 2 and followed by text")
        .containsExactly("1!UNTERMINATED_QUOTE@2", "2|c|d", "3|ok|1");
    assertThat(records("a,b\nx,\"never closed\nok,1\nok,2\n"))
        .containsExactly("1|a|b", "2!UNTERMINATED_QUOTE@2", "3|ok|1", "4|ok|2");
  }

  @Test
  void quotesOutOfPlaceAreBadAndTheRestOfTheLineIsSkipped() throws IOException {
    assertThat(records("ab\"c,d\n\"x\"y,z\nok\n"))
        .containsExactly("1!BAD_QUOTE@1", "2!BAD_QUOTE@1", "3|ok");
  }

  @Test
  void longRecordsAndTooManyFieldsAreBoundedAndSkipped() throws IOException {
    String huge = "h".repeat(CsvTokenizer.MAX_RECORD_CHARS * 3);
    String wide = ",".repeat(CsvTokenizer.MAX_FIELDS + 5);
    assertThat(records("a,b\nx," + huge + ",y\n" + wide + "\nok\n"))
        .containsExactly("1|a|b", "2!RECORD_TOO_LONG@2", "3!TOO_MANY_FIELDS@65", "4|ok");
    // a quoted field that never ends within the limit, on a line of its own
    assertThat(records("\"" + huge + "\nok\n")).containsExactly("1!RECORD_TOO_LONG@1", "2|ok");
  }

  @Test
  void theLimitIsInclusive() throws IOException {
    String max = "m".repeat(CsvTokenizer.MAX_RECORD_CHARS);
    assertThat(records(max + "\n" + max + "m\n\"" + max.substring(2) + "\"\nok"))
        .containsExactly("1|" + max, "2!RECORD_TOO_LONG@1", "3|" + max.substring(2), "4|ok");
  }

  @Test
  void recordsAcrossBufferRefillsReadTheSame() throws IOException {
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 20_000; i++) {
      text.append(i).append(",\"v ").append(i).append(" \"\"q\"\"\",").append("x".repeat(i % 37));
      text.append(i % 3 == 0 ? "\r\n" : "\n");
      expected.add(i + "|" + i + "|v " + i + " \"q\"|" + "x".repeat(i % 37));
    }
    assertThat(records(text.toString())).isEqualTo(expected);
    CsvTokenizer t = new CsvTokenizer(new StringReader(text + "x,\"y" + "z".repeat(70_000)));
    while (t.next()) {
      // to the end, through a bad last record longer than the buffer
    }
    assertThat(t.charsRead()).isEqualTo(text.length() + 4 + 70_000);
    // and from a reader that hands out a few characters at a time
    assertThat(records(new Trickle(text.toString()))).isEqualTo(expected);
  }

  @Test
  void fieldsAreComparedWithoutStrings() throws IOException {
    CsvTokenizer t = new CsvTokenizer(new StringReader("No Answer,\"A\"\"B\",BUSY\n"));
    assertThat(t.next()).isTrue();
    assertThat(t.is(0, "NO ANSWER")).isTrue();
    assertThat(t.is(0, "NO_ANSWER")).isFalse();
    assertThat(t.is(1, "A\"B")).as("escaped fields are compared as text only").isFalse();
    assertThat(t.escaped(1)).isTrue();
    assertThat(t.is(2, "BUSY")).isTrue();
    assertThat(t.is(2, "BUS")).isFalse();
  }

  /** A reader that returns at most 3 characters per read: every boundary gets crossed. */
  private static final class Trickle extends Reader {
    private final String text;
    private int pos;

    Trickle(String text) {
      this.text = text;
    }

    @Override
    public int read(char[] cbuf, int off, int len) {
      if (pos == text.length()) {
        return -1;
      }
      int n = Math.min(Math.min(len, 3), text.length() - pos);
      text.getChars(pos, pos + n, cbuf, off);
      pos += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
