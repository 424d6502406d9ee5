package org.tfps.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tfps.app.Tfps;
import org.tfps.config.ConfigLoader;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionService;
import org.tfps.engine.CallAttempt;

/**
 * The full rule set deciding calls of many accounts, each with its recent history, counters and
 * baseline in memory, as production wires it (default configuration plus a rate deck, so the cost
 * rules run). Before measuring, every account makes {@code callsPerAccount} calls spread over the
 * last hour; the heap those accounts hold is printed ("heap per account"). Each measured call is
 * made by the next account in turn, to a number from a mix of domestic, international, premium,
 * blocked and satellite numbers, with the clock advancing 10 ms per call.
 *
 * <p>Run: {@code bench/jmh/run.sh DecisionBenchmark} (one thread: the decision runs on one core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class DecisionBenchmark {

  @Param({"100000"})
  int accounts;

  @Param({"5"})
  int callsPerAccount;

  /**
   * "mix": 1,000 numbers dialled again and again (an office's usual destinations, served from the
   * normalized-number cache after their first call); "unique": a million different numbers, so
   * every call misses the cache and pays for libphonenumber.
   */
  @Param({"mix", "unique"})
  String numbers;

  /** Monday 2026-11-23 09:00 New York: business hours of the default profile. */
  private static final Instant START = Instant.parse("2026-11-23T14:00:00Z");

  private DecisionService decisions;
  private String[] names;
  private String[] dialled;
  private long op;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Path deck = Files.createTempFile("tfps-bench-rates", ".csv");
    Files.write(deck, rateDeck());
    Path conf = Files.createTempFile("tfps-bench", ".conf");
    Files.writeString(conf, "tfps.engine.rates-file = \"" + deck + "\"\n");
    decisions = Tfps.decisions(ConfigLoader.load(Optional.of(conf), Map.of(), new Properties()));
    dialled = numbers.equals("unique") ? unique() : mix();
    names = new String[accounts];
    for (int a = 0; a < accounts; a++) {
      names[a] = (1000 + a) + "@pbx" + (a % 997) + ".example.com";
    }
    long before = usedHeap();
    long spacing = 3_600_000L / callsPerAccount;
    for (int c = 0; c < callsPerAccount; c++) {
      for (int a = 0; a < accounts; a++) {
        Instant at = START.minusMillis(3_600_000L - c * spacing - (a * spacing) / accounts);
        decide(a, dialled[(a * 7 + c) % dialled.length], at);
      }
    }
    long after = usedHeap();
    System.out.printf(
        "%n# %d accounts x %d calls: heap %.1f MB more, %d bytes per account%n",
        accounts,
        callsPerAccount,
        (after - before) / 1e6,
        (after - before) / accounts);
  }

  @Benchmark
  public Decision decide() {
    long i = op++;
    return decide(
        (int) (i % accounts), dialled[(int) (i % dialled.length)], START.plusMillis(i * 10));
  }

  private Decision decide(int account, String number, Instant at) {
    return decisions
        .decide(new CallAttempt(names[account], number, "192.0.2.10", "Asterisk PBX 18", "c", at, -1))
        .result();
  }

  /** A dialled mix: mostly domestic and ordinary international, a few costly or denied ones. */
  private static String[] mix() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      out.add("1" + (2012000000L + i * 10_007L % 7_000_000L)); // NANP 201...
    }
    for (int i = 0; i < 200; i++) {
      out.add("011442079" + (460000 + i)); // London
    }
    for (int i = 0; i < 100; i++) {
      out.add("01149301234" + (500 + i)); // Berlin
    }
    for (int i = 0; i < 40; i++) {
      out.add("0115312345" + (600 + i)); // Cuba: blocked
    }
    for (int i = 0; i < 40; i++) {
      out.add("01188163900" + (7000 + i)); // satellite
    }
    for (int i = 0; i < 20; i++) {
      out.add("1900555" + (1000 + i)); // premium rate
    }
    java.util.Collections.shuffle(out, new java.util.Random(42));
    return out.toArray(String[]::new);
  }

  /** A million distinct numbers: NANP, UK, German and Cuban, in turn. */
  private static String[] unique() {
    String[] out = new String[1_000_000];
    for (int i = 0; i < out.length; i++) {
      long n = 1_000_000L + i / 4;
      out[i] =
          switch (i % 4) {
            case 0 -> "1212" + (n % 10_000_000L);
            case 1 -> "01144207" + n;
            case 2 -> "0114930" + n;
            default -> "01153" + (50_000_000L + n);
          };
    }
    return out;
  }

  /** NANP area codes and a few hundred country prefixes with made-up rates. */
  private static List<String> rateDeck() {
    List<String> lines = new ArrayList<>();
    lines.add("+1,0.01,USD");
    for (int npa = 201; npa < 990; npa++) {
      lines.add("+1" + npa + "," + (npa % 10 == 7 ? "0.25" : "0.012") + ",USD");
    }
    for (int cc = 20; cc < 999; cc++) {
      lines.add("+" + cc + "," + (0.05 + (cc % 13) * 0.07) + ",USD");
    }
    return lines;
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
