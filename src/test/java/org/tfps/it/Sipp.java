package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real SIPp (Debian package sip-tester) against TFPS on loopback. Every run is bounded: a
 * call count, SIPp's own -timeout, and a hard process deadline.
 */
final class Sipp {

  record Result(int exitCode, String output, String errors) {}

  private Sipp() {}

  /**
   * Runs a scenario from src/test/resources/sipp for {@code calls} calls.
   *
   * @param transport "u1" (UDP) or "t1" (TCP)
   * @param localIp the address SIPp binds, in 127.0.0.0/8
   */
  static Result run(
      String scenario,
      String service,
      int targetPort,
      String transport,
      String localIp,
      int calls,
      Path workDir)
      throws IOException, InterruptedException {
    return run(scenario, service, targetPort, transport, localIp, calls, workDir, List.of());
  }

  /** As above, with extra SIPp arguments such as {@code -key ua friendly-scanner}. */
  static Result run(
      String scenario,
      String service,
      int targetPort,
      String transport,
      String localIp,
      int calls,
      Path workDir,
      List<String> extra)
      throws IOException, InterruptedException {
    Path file = Path.of("src/test/resources/sipp", scenario).toAbsolutePath();
    assertThat(file).exists();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sipp",
                "-sf",
                file.toString(),
                "-s",
                service,
                "-i",
                localIp,
                "-p",
                "0",
                "-t",
                transport,
                "-m",
                Integer.toString(calls),
                "-r",
                "10",
                "-timeout",
                "15s",
                "-timeout_error",
                "-max_retrans",
                "3",
                "-nostdin",
                "-trace_err",
                "-error_file",
                workDir.resolve(scenario + ".errors.log").toString(),
                "127.0.0.1:" + targetPort));
    cmd.addAll(cmd.size() - 1, extra);
    Process p =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve(scenario + ".out").toFile())
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("SIPp did not finish within 30 s: " + cmd);
    }
    Path err = workDir.resolve(scenario + ".errors.log");
    String errors = Files.exists(err) ? Files.readString(err, StandardCharsets.ISO_8859_1) : "";
    String out = Files.readString(workDir.resolve(scenario + ".out"), StandardCharsets.ISO_8859_1);
    return new Result(p.exitValue(), out, errors);
  }

  /**
   * One INVITE of {@code invite-ptfps.xml} from 127.0.0.1 over UDP, for account {@code cid} with
   * {@code ncalls} calls up as the softswitch reports them ("-" for none); fails the test unless
   * SIPp got an answer it expects (503 or 603 with TFPS's verdict header).
   */
  static void ptfps(int port, Path dir, String number, String cid, String ncalls, String... extra)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("-key", "cid", cid, "-key", "ncalls", ncalls));
    args.addAll(List.of(extra));
    Result r = run("invite-ptfps.xml", number, port, "u1", "127.0.0.1", 1, dir, args);
    assertThat(r.exitCode()).as("SIPp: %s%n%s", r.errors(), r.output()).isZero();
  }

  /** True when the sipp binary is on the PATH (installed by .ci/run). */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("sipp", "-v").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
