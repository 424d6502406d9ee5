package org.tfps.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tfps.history.BadRow;
import org.tfps.history.CdrFormat;
import org.tfps.history.CdrReaders;
import org.tfps.history.CdrSink;
import org.tfps.history.HistoricalCall;
import org.tfps.history.ReadCounts;

/**
 * Reading CDR files (issue 10): {@link CdrReaders#read} over a file of {@link #ROWS} rows in
 * memory, UTF-8 bytes to {@code HistoricalCall}s, for each format; the score is rows per second
 * (one operation = one row). The rows are generated here: five accounts, times 37 s apart,
 * domestic and international numbers, a quarter unanswered; one row in a thousand malformed (a
 * bad time), as an operator's export has. Asterisk rows have no uniqueid, so each is hashed for
 * its idempotency key (SHA-256), its default and most costly case.
 *
 * <p>Run: {@code bench/jmh/run.sh CdrReadBenchmark} (one thread: an import reads one file).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class CdrReadBenchmark {

  static final int ROWS = 100_000;

  @Param({"asterisk", "freeswitch", "cgrates", "generic"})
  String format;

  private CdrFormat cdrFormat;
  private byte[] file;
  private final ZoneId zone = ZoneId.of("Europe/London");

  @Setup
  public void setup() {
    cdrFormat = CdrFormat.of(format);
    file = generate(cdrFormat, ROWS).getBytes(StandardCharsets.UTF_8);
    ReadCounts counts;
    try {
      counts = CdrReaders.read(new ByteArrayInputStream(file), cdrFormat, zone, new Counting(null));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (counts.records() != ROWS || counts.badRows() != ROWS / 1000) {
      throw new IllegalStateException("unexpected counts " + counts);
    }
    System.out.printf("# %s: %d rows, %d bytes%n", format, ROWS, file.length);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long read(Blackhole bh) throws IOException {
    return CdrReaders.read(new ByteArrayInputStream(file), cdrFormat, zone, new Counting(bh))
        .calls();
  }

  private static final class Counting implements CdrSink {
    private final Blackhole bh;

    Counting(Blackhole bh) {
      this.bh = bh;
    }

    @Override
    public void accept(HistoricalCall call) {
      if (bh != null) {
        bh.consume(call);
      }
    }

    @Override
    public void reject(BadRow row) {
      if (bh != null) {
        bh.consume(row);
      }
    }
  }

  static String generate(CdrFormat format, int rows) {
    DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+01:00'");
    LocalDateTime t0 = LocalDateTime.of(2026, 9, 1, 8, 30);
    StringBuilder b = new StringBuilder(rows * 260);
    if (format == CdrFormat.GENERIC) {
      b.append("account,destination,start,answer,duration,billsec,disposition,caller_id,")
          .append("source_ip,call_id\n");
    }
    java.util.Random r = new java.util.Random(42);
    for (int i = 0; i < rows; i++) {
      String ext = String.valueOf(201 + i % 5);
      boolean answered = i % 4 != 0;
      int ring = 3 + i % 9;
      int talk = answered ? 20 + (i * 7919) % 600 : 0;
      LocalDateTime start = t0.plusSeconds(37L * i);
      LocalDateTime answer = answered ? start.plusSeconds(ring) : null;
      LocalDateTime end = start.plusSeconds(ring + talk);
      String national =
          i % 10 == 0 ? "0033142685" + (300 + i % 100) : "01632960" + String.format("%03d", i % 1000);
      String startText = i % 1000 == 999 ? "2026-09-31 10:00:00" : local.format(start);
      String disposition = answered ? "ANSWERED" : "NO ANSWER";
      String uuid = new UUID(r.nextLong(), r.nextLong()).toString();
      switch (format) {
        case ASTERISK -> b.append("\"\",\"")
            .append(ext)
            .append("\",\"9")
            .append(national)
            .append("\",\"from-internal\",\"\"\"Office\"\" <")
            .append(ext)
            .append(">\",\"PJSIP/")
            .append(ext)
            .append('-')
            .append(Integer.toHexString(0x10000000 + 2 * i))
            .append("\",\"PJSIP/trunk-")
            .append(Integer.toHexString(0x10000001 + 2 * i))
            .append("\",\"Dial\",\"PJSIP/")
            .append(national)
            .append("@trunk,300,Tt\",\"")
            .append(startText)
            .append("\",\"")
            .append(answer == null ? "" : local.format(answer))
            .append("\",\"")
            .append(local.format(end))
            .append("\",")
            .append(ring + talk)
            .append(',')
            .append(talk)
            .append(",\"")
            .append(disposition)
            .append("\",\"DOCUMENTATION\"\n");
        case FREESWITCH -> b.append("\"Office\",\"")
            .append(ext)
            .append("\",\"")
            .append(national)
            .append("\",\"default\",\"")
            .append(startText)
            .append("\",\"")
            .append(answer == null ? "" : local.format(answer))
            .append("\",\"")
            .append(local.format(end))
            .append("\",\"")
            .append(ring + talk)
            .append("\",\"")
            .append(talk)
            .append("\",\"")
            .append(answered ? "NORMAL_CLEARING" : "ORIGINATOR_CANCEL")
            .append("\",\"")
            .append(uuid)
            .append("\",\"\",\"")
            .append(ext)
            .append("\",\"PCMA\",\"PCMA\"\n");
        case CGRATES -> b.append(uuid.replace("-", ""))
            .append(",*default,*voice,")
            .append(uuid)
            .append("@pbx,*postpaid,office.example,call,")
            .append(ext)
            .append(',')
            .append(ext)
            .append(",44")
            .append(national.substring(1))
            .append(',')
            .append(i % 1000 == 999 ? "2026-09-31T10:00:00+01:00" : iso.format(start))
            .append(',')
            .append(answer == null ? "0001-01-01T00:00:00Z" : iso.format(answer))
            .append(',')
            .append(talk / 60)
            .append('m')
            .append(talk % 60)
            .append("s,0.0100\n");
        case GENERIC -> b.append(ext)
            .append("@office.example,+44")
            .append(national.substring(1))
            .append(',')
            .append(startText)
            .append(',')
            .append(answer == null ? "" : local.format(answer))
            .append(',')
            .append(ring + talk)
            .append(',')
            .append(talk)
            .append(',')
            .append(disposition)
            .append(',')
            .append(ext)
            .append(",192.0.2.10,")
            .append(i % 3 == 0 ? "" : uuid)
            .append('\n');
      }
    }
    return b.toString();
  }
}
