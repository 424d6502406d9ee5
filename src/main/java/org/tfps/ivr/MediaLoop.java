package org.tfps.ivr;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verify calls' media thread (issue 7: 50 calls with RTP send jitter p99 at most 5 ms). One
 * thread runs every call's {@link MediaSchedule.Stream}: it sleeps ({@link LockSupport#parkNanos},
 * to the nanosecond, not a millisecond timer) until the earliest frame of all calls is due, runs
 * the streams due, and runs the commands other threads hand it ({@link #execute}: the SIP side's
 * ACK, INFO and BYE). Nothing else runs on it, so a busy event loop (SIP, the API, a database
 * answer) does not delay a frame.
 *
 * <p>The thread starts with the first command and ends by itself after {@link #IDLE_NANOS} without
 * a stream or a command, so an idle TFPS (or one that stopped) holds no thread. Its waits are
 * bounded by {@link #MAX_PARK_NANOS}, so a wake-up that raced with the thread's start costs at most
 * that long. A command or a stream that throws is logged and the thread goes on.
 */
final class MediaLoop {

  private static final Logger log = LoggerFactory.getLogger(MediaLoop.class);

  /** The longest sleep: commands are run at least this often even if a wake-up was missed. */
  static final long MAX_PARK_NANOS = 10_000_000L;

  /** With no stream and no command for this long the thread ends (a new command starts one). */
  static final long IDLE_NANOS = 1_000_000_000L;

  private final ThreadFactory threads;
  private final LongSupplier nanos;
  private final MediaSchedule schedule = new MediaSchedule();
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final java.util.function.BiConsumer<MediaSchedule.Stream, RuntimeException> onFailure =
      this::failed;
  private volatile Thread thread;

  /**
   * @param threads makes the media thread (a daemon, named for the logs)
   * @param nanos the monotonic clock the streams' due times are on ({@link System#nanoTime})
   */
  MediaLoop(ThreadFactory threads, LongSupplier nanos) {
    this.threads = threads;
    this.nanos = nanos;
  }

  /**
   * The media thread: a daemon named {@code name}, at the highest Java priority. On Linux that is
   * ignored unless the JVM runs with {@code -XX:ThreadPriorityPolicy=1} and may lower its threads'
   * nice value (root, or {@code CAP_SYS_NICE}); then the thread runs at nice -5, ahead of the
   * process's other threads when the CPUs are contended (not measurable through the shared test
   * host's noise: bench/RESULTS.md, "Verify calls").
   */
  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.setPriority(Thread.MAX_PRIORITY);
      return t;
    };
  }

  /** Runs {@code command} on the media thread, after the commands handed before it. Any thread. */
  void execute(Runnable command) {
    commands.add(command);
    if (running.compareAndSet(false, true)) {
      Thread t = threads.newThread(this::run);
      thread = t;
      t.start();
    } else {
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** Schedules {@code stream} for {@code due} ({@link #nanos} scale). Only on the media thread. */
  void schedule(MediaSchedule.Stream stream, long due) {
    schedule.add(stream, due);
  }

  /** True on the media thread. */
  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    long idleSince = nanos.getAsLong();
    while (true) {
      boolean worked = runCommands();
      long now = nanos.getAsLong();
      if (schedule.size() > 0) {
        worked |= schedule.runDue(now, onFailure) > 0;
      }
      if (worked || schedule.size() > 0) {
        idleSince = now;
      } else if (now - idleSince >= IDLE_NANOS && stop()) {
        return;
      }
      long wait = MAX_PARK_NANOS;
      if (schedule.size() > 0) {
        wait = Math.min(wait, schedule.nextDue() - nanos.getAsLong());
      }
      if (wait > 0 && commands.isEmpty()) {
        LockSupport.parkNanos(this, wait);
      }
    }
  }

  /** Ends the thread unless a command came meanwhile; true when it ends. */
  private boolean stop() {
    running.set(false);
    // A command added before the flag was cleared found the thread running and will not start
    // another: take it back and carry on (unless a new thread has started already).
    return commands.isEmpty() || !running.compareAndSet(false, true);
  }

  private boolean runCommands() {
    boolean ran = false;
    Runnable c;
    while ((c = commands.poll()) != null) {
      ran = true;
      try {
        c.run();
      } catch (RuntimeException e) {
        log.error("media command failed: {}", e.toString(), e);
      }
    }
    return ran;
  }

  private void failed(MediaSchedule.Stream stream, RuntimeException e) {
    log.error("media stream {} failed and was dropped: {}", stream, e.toString(), e);
    if (stream instanceof Failable f) {
      try {
        f.failed(e);
      } catch (RuntimeException again) {
        log.error("media stream {} failed to clean up: {}", stream, again.toString());
      }
    }
  }

  /** A stream that cleans up (ends its call, frees its port) when it failed. */
  interface Failable {
    void failed(RuntimeException e);
  }
}
