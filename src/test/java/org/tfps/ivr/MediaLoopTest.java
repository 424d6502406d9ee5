package org.tfps.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The media thread for real: commands in order on one thread, streams run no earlier than due, the
 * thread survives what throws, and ends when idle. Timing is only asserted from below (a frame is
 * never sent early); how late it is depends on the machine and is the benchmark's business.
 */
class MediaLoopTest {

  private final AtomicInteger started = new AtomicInteger();
  private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

  private MediaLoop loop() {
    return new MediaLoop(
        r -> {
          started.incrementAndGet();
          Thread t = MediaLoop.daemon("tfps-media-test").newThread(r);
          threads.add(t);
          return t;
        },
        System::nanoTime);
  }

  @Test
  void commandsRunInOrderOnOneThread() throws Exception {
    MediaLoop loop = loop();
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    List<Thread> on = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    for (int i = 0; i < 1_000; i++) {
      int n = i;
      loop.execute(
          () -> {
            seen.add(n);
            on.add(Thread.currentThread());
            if (n == 999) {
              done.countDown();
            }
          });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 1_000; i++) {
      assertThat(seen.get(i)).isEqualTo(i);
    }
    assertThat(on.stream().distinct().count()).isEqualTo(1);
    assertThat(on.get(0).getName()).isEqualTo("tfps-media-test");
  }

  @Test
  void aStreamRunsAtItsDueTimesNeverEarlier() throws Exception {
    MediaLoop loop = loop();
    long period = 20_000_000L;
    List<long[]> runs = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch five = new CountDownLatch(5);
    long[] start = new long[1];
    loop.execute(
        () -> {
          start[0] = System.nanoTime();
          long[] n = {0};
          loop.schedule(
              now -> {
                long due = start[0] + n[0] * period;
                runs.add(new long[] {due, System.nanoTime()});
                five.countDown();
                return ++n[0] == 5 ? MediaSchedule.DONE : start[0] + n[0] * period;
              },
              start[0]);
        });
    assertThat(five.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runs).hasSize(5);
    for (long[] r : runs) {
      assertThat(r[1]).as("run at or after its due time").isGreaterThanOrEqualTo(r[0]);
    }
  }

  @Test
  void whatThrowsIsLoggedAndTheThreadGoesOn() throws Exception {
    MediaLoop loop = loop();
    CountDownLatch after = new CountDownLatch(1);
    RuntimeException[] told = new RuntimeException[1];
    CountDownLatch failed = new CountDownLatch(1);
    loop.execute(
        () -> {
          throw new IllegalStateException("a command");
        });
    loop.execute(() -> loop.schedule(new Failing(told, failed), System.nanoTime()));
    assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(told[0]).hasMessage("a stream");
    loop.execute(after::countDown);
    assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(started.get()).isEqualTo(1);
  }

  @Test
  void theThreadEndsWhenIdleAndANewCommandStartsAnother() throws Exception {
    MediaLoop loop = loop();
    CountDownLatch first = new CountDownLatch(1);
    loop.execute(first::countDown);
    assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
    Thread t = threads.get(0);
    t.join(TimeUnit.NANOSECONDS.toMillis(MediaLoop.IDLE_NANOS) + 10_000);
    assertThat(t.isAlive())
        .as("ended after %d ms idle", MediaLoop.IDLE_NANOS / 1_000_000)
        .isFalse();
    CountDownLatch second = new CountDownLatch(1);
    loop.execute(second::countDown);
    assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(started.get()).isEqualTo(2);
  }

  @Test
  void commandsRacingTheIdleEndAreNeverLost() throws Exception {
    MediaLoop loop = loop();
    AtomicInteger ran = new AtomicInteger();
    for (int round = 0; round < 3; round++) {
      CountDownLatch first = new CountDownLatch(1);
      loop.execute(first::countDown);
      assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
      // Just around the moment the thread gives up, from several threads at once.
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(MediaLoop.IDLE_NANOS) - 5 + round * 5);
      Thread[] senders = new Thread[4];
      for (int i = 0; i < senders.length; i++) {
        senders[i] =
            new Thread(
                () -> {
                  for (int k = 0; k < 100; k++) {
                    loop.execute(ran::incrementAndGet);
                  }
                });
        senders[i].start();
      }
      for (Thread s : senders) {
        s.join();
      }
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ran.get() < 1_200 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(ran.get()).isEqualTo(1_200);
  }

  /** A stream that throws on its first run and records its clean-up. */
  private static final class Failing implements MediaSchedule.Stream, MediaLoop.Failable {
    private final RuntimeException[] told;
    private final CountDownLatch failed;

    Failing(RuntimeException[] told, CountDownLatch failed) {
      this.told = told;
      this.failed = failed;
    }

    @Override
    public long run(long now) {
      throw new IllegalStateException("a stream");
    }

    @Override
    public void failed(RuntimeException e) {
      told[0] = e;
      failed.countDown();
    }
  }
}
