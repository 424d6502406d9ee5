package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real Kamailio (Debian package kamailio) as a child process on a free loopback port, with the
 * tested config of docs/integrations/kamailio/tfps.cfg; its pid file, working directory, control
 * socket and log are in {@code dir}. Every wait is bounded.
 */
final class Kamailio implements AutoCloseable {

  static final Path CONFIG = Path.of("docs/integrations/kamailio/tfps.cfg").toAbsolutePath();

  final int port;
  final Path dir;
  private final Process process;
  private final String ctl;

  private Kamailio(int port, Path dir, Process process, String ctl) {
    this.port = port;
    this.dir = dir;
    this.process = process;
    this.ctl = ctl;
  }

  /**
   * Starts Kamailio with a dispatcher list of {@code dispatcherList} lines and the given defines
   * (each {@code NAME} or {@code NAME=value}), and waits until its control socket answers.
   */
  static Kamailio start(Path dir, String dispatcherList, List<String> defines) throws Exception {
    Files.createDirectories(dir);
    Path list = dir.resolve("dispatcher.list");
    Files.writeString(list, dispatcherList);
    String ctl = "unixs:" + dir.resolve("ctl");
    int port = Ports.freeUdpAndTcp();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                // bounded even if this JVM dies before close(): coreutils timeout ends it
                "timeout",
                "--kill-after=10",
                "900",
                "kamailio",
                "-f",
                CONFIG.toString(),
                "-DD",
                "-E",
                "-l",
                "udp:127.0.0.1:" + port,
                "-P",
                dir.resolve("kamailio.pid").toString(),
                "-w",
                dir.toString(),
                "-Y",
                dir.toString(),
                "-m",
                "64",
                "-M",
                "8",
                "-A",
                "DS_LIST=\"" + list + "\"",
                "-A",
                "CTL_SOCK=\"" + ctl + "\""));
    for (String d : defines) {
      cmd.add("-A");
      cmd.add(d);
    }
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("kamailio.log").toFile())
            .start();
    Kamailio k = new Kamailio(port, dir, p, ctl);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new AssertionError(
            "kamailio exited "
                + p.exitValue()
                + " (a module it could not load? http_client.so is in kamailio-utils-modules):\n"
                + k.log());
      }
      if (k.rpc("core.version").contains("kamailio")) {
        return k;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    k.close();
    throw new AssertionError("kamailio did not answer on " + ctl + " within 20 s:\n" + k.log());
  }

  /** The output of {@code kamcmd -s <ctl> <command>}, or "" when it failed. */
  String rpc(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("kamcmd", "-s", ctl));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "";
    }
    return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : "";
  }

  /** The dispatcher's flags of {@code uri} (e.g. {@code AP}: active, probed), or "" if absent. */
  String dispatcherFlags(String uri) throws IOException, InterruptedException {
    String[] lines = rpc("dispatcher.list").split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].trim().equals("URI: " + uri)) {
        for (int j = i + 1; j < lines.length; j++) {
          String l = lines[j].trim();
          if (l.startsWith("FLAGS:")) {
            return l.substring("FLAGS:".length()).trim();
          }
        }
      }
    }
    return "";
  }

  /** Polls the dispatcher until {@code uri}'s flags pass {@code test}, for at most 20 s. */
  String awaitFlags(String uri, Predicate<String> test) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String flags = dispatcherFlags(uri);
    while (!test.test(flags) && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(200);
      flags = dispatcherFlags(uri);
    }
    return flags;
  }

  String log() throws IOException {
    Path f = dir.resolve("kamailio.log");
    return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
  }

  /** True when kamailio and kamcmd are on the PATH (.ci/run installs them). */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("kamailio", "-v").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Process c = new ProcessBuilder("kamcmd", "-h").redirectErrorStream(true).start();
      c.getInputStream().readAllBytes();
      return p.waitFor(5, TimeUnit.SECONDS)
          && c.waitFor(5, TimeUnit.SECONDS)
          && out.contains("kamailio 5.");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    stop(process);
  }

  /** SIGTERM to the process and its children, then SIGKILL after 10 s. */
  static void stop(Process p) throws InterruptedException {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    for (ProcessHandle c : children) {
      if (c.isAlive()) {
        c.destroyForcibly();
      }
    }
  }

  /** Asserts the dispatcher file and config exist (the test's own inputs). */
  static void assertConfig() {
    assertThat(CONFIG).exists();
  }
}
