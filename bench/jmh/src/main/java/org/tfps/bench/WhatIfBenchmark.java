package org.tfps.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tfps.app.Tfps;
import org.tfps.config.ConfigLoader;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.DecisionService;
import org.tfps.history.CdrFormat;
import org.tfps.history.WhatIf;
import org.tfps.history.WhatIfOptions;
import org.tfps.history.WhatIfReport;

/**
 * The what-if replay (issue 10, docs/what-if.md): {@link WhatIf#replay} over a file of {@link
 * #ROWS} generated rows in memory (the rows of {@link CdrReadBenchmark}: five accounts of a London
 * office, 37 s apart, one in a thousand malformed), read, reordered and decided by a fresh decision
 * use case with every rule ({@code Tfps.decisions}, the office's dial plan and zone), and tallied
 * into the report. The score is rows per second (one operation = one row). Each invocation gets a
 * new decision use case (its setup is not measured): a replay starts from an empty ledger.
 *
 * <p>Run: {@code bench/jmh/run.sh WhatIfBenchmark}, or without installing (bench/README.md, "JMH").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class WhatIfBenchmark {

  static final int ROWS = 100_000;

  @Param({"asterisk"})
  String format;

  private CdrFormat cdrFormat;
  private byte[] file;
  private TfpsConfig config;
  private DecisionService decisions;
  private final ZoneId zone = ZoneId.of("Europe/London");

  @Setup(Level.Trial)
  public void setup() throws IOException {
    cdrFormat = CdrFormat.of(format);
    file = CdrReadBenchmark.generate(cdrFormat, ROWS).getBytes(StandardCharsets.UTF_8);
    Path conf = Files.createTempFile("tfps-whatif-bench", ".conf");
    Files.writeString(
        conf,
        "tfps.numbers { home-country = GB, international-prefixes = [\"00\"],"
            + " outside-line-prefix = \"9\" }\n"
            + "tfps.accounts.time-zone = \"Europe/London\"\n");
    config = ConfigLoader.load(Optional.of(conf), Map.of(), new Properties());
    Files.delete(conf);
    WhatIfReport r = replay(Tfps.decisions(config));
    if (r.totals().records() != ROWS || r.totals().badRows() != ROWS / 1000) {
      throw new IllegalStateException("unexpected totals " + r.totals());
    }
    System.out.printf(
        "# %s: %d rows, %d bytes; replayed %d: allowed %d, denied %d, verified %d%n",
        format,
        ROWS,
        file.length,
        r.totals().replayed(),
        r.totals().allowed(),
        r.totals().denied(),
        r.totals().verified());
  }

  /** A fresh use case for each replay: the ledger starts empty, as an operator's replay does. */
  @Setup(Level.Invocation)
  public void freshDecisions() {
    decisions = Tfps.decisions(config);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public WhatIfReport replay() throws IOException {
    return replay(decisions);
  }

  private WhatIfReport replay(DecisionService d) throws IOException {
    return WhatIf.replay(
        new ByteArrayInputStream(file), cdrFormat, zone, d, WhatIfOptions.defaults());
  }
}
