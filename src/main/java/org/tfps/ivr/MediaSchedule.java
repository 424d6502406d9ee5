package org.tfps.ivr;

import java.util.Arrays;

/**
 * The media thread's agenda: every live stream with the time its next frame is due, earliest first
 * (a binary heap over two parallel arrays, so adding and running streams allocates nothing once the
 * arrays have grown to the number of calls). {@link #runDue} runs each stream whose time has come
 * once and puts it back for the time it answers; {@link #nextDue} is what the thread waits for.
 * Times are {@link System#nanoTime} values, compared by difference (they may be negative). Not
 * thread-safe: confined to the media thread ({@link MediaLoop}).
 */
final class MediaSchedule {

  /** One stream as the schedule runs it. */
  interface Stream {
    /**
     * Does what is due at {@code now} (sends the frames due, reads what came in).
     *
     * @return when to run it next, or {@link #DONE} when it is over (it is then dropped)
     */
    long run(long now);
  }

  /** What {@link Stream#run} answers when the stream is over. */
  static final long DONE = Long.MIN_VALUE;

  private Stream[] streams = new Stream[16];
  private long[] dues = new long[16];
  private int size;
  private Stream[] batch = new Stream[16];

  /** Adds {@code stream}, due at {@code due}. */
  void add(Stream stream, long due) {
    if (size == streams.length) {
      streams = Arrays.copyOf(streams, size * 2);
      dues = Arrays.copyOf(dues, size * 2);
    }
    int i = size++;
    streams[i] = stream;
    dues[i] = due;
    siftUp(i);
  }

  /** Streams scheduled. */
  int size() {
    return size;
  }

  /** The earliest due time; only meaningful when {@link #size()} is not 0. */
  long nextDue() {
    return dues[0];
  }

  /**
   * Runs every stream due at {@code now} once, earliest first, and schedules each again for the
   * time it answers (a stream that answers a time already past runs at the next call, not in this
   * one, so one stream cannot hold the thread). A stream that throws is dropped and the exception
   * handed to {@code failed}.
   *
   * @return how many streams ran
   */
  int runDue(long now, java.util.function.BiConsumer<Stream, RuntimeException> failed) {
    int n = 0;
    while (size > 0 && dues[0] - now <= 0) {
      if (n == batch.length) {
        batch = Arrays.copyOf(batch, n * 2);
      }
      batch[n++] = pollFirst();
    }
    for (int i = 0; i < n; i++) {
      Stream s = batch[i];
      batch[i] = null;
      long next;
      try {
        next = s.run(now);
      } catch (RuntimeException e) {
        failed.accept(s, e);
        continue;
      }
      if (next != DONE) {
        add(s, next);
      }
    }
    return n;
  }

  private Stream pollFirst() {
    Stream first = streams[0];
    size--;
    streams[0] = streams[size];
    dues[0] = dues[size];
    streams[size] = null;
    if (size > 0) {
      siftDown(0);
    }
    return first;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (dues[parent] - dues[i] <= 0) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int right = left + 1;
      int child = right < size && dues[right] - dues[left] < 0 ? right : left;
      if (dues[i] - dues[child] <= 0) {
        return;
      }
      swap(i, child);
      i = child;
    }
  }

  private void swap(int a, int b) {
    Stream s = streams[a];
    streams[a] = streams[b];
    streams[b] = s;
    long d = dues[a];
    dues[a] = dues[b];
    dues[b] = d;
  }
}
