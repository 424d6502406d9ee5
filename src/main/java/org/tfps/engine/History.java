package org.tfps.engine;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An account's recent attempts, oldest first: a list of {@link PastAttempt}s that also holds, side
 * by side in one array of longs, what the pattern detectors compare of each (its time, its tail as
 * R23 compares it, its E.164 number as a number). A detector's scan of a full history then reads 64
 * entries of one array, not 64 objects and their strings scattered over the heap (the scans were
 * the largest item of a decision with full histories).
 *
 * <p>Immutable, so one can be handed to a decision without a copy while the account's state goes on
 * counting: a history is a window of slots of a buffer, and {@link #plus(PastAttempt, Instant,
 * int)} writes the new attempt in the buffer's next free slot, which no history holds yet, and
 * returns a window one slot longer over the same buffer. Only when the buffer is full, or another
 * history took that slot first, are the kept attempts copied to a new buffer, with room for half as
 * many again: adding an attempt to a full history copies about two attempts on average, not the
 * whole history.
 */
public final class History extends AbstractList<PastAttempt> implements RandomAccess {

  /** {@link #number} of an attempt whose E.164 form is empty or too long to hold in a long. */
  public static final long NO_NUMBER = -1;

  /** Longs per attempt in the columns: time, tail, number. */
  private static final int WIDTH = 3;

  /** Characters of an E.164 string that {@link #numberKey} holds ('+' and 16 digits). */
  static final int MAX_NUMBER_CHARS = 17;

  /** Slots of the smallest buffer. */
  private static final int MIN_CAPACITY = 4;

  private static final History EMPTY = new History(new Buffer(0), 0, 0);

  /** Attempts and their columns by slot; each slot is written once, before any history holds it. */
  private static final class Buffer {
    final PastAttempt[] attempts;
    final long[] columns;

    /** Slots written or claimed: the next free one. */
    final AtomicInteger used = new AtomicInteger();

    Buffer(int capacity) {
      attempts = new PastAttempt[capacity];
      columns = new long[capacity * WIDTH];
    }

    void write(int slot, PastAttempt p) {
      attempts[slot] = p;
      columns[slot * WIDTH] = nanos(p.at());
      columns[slot * WIDTH + 1] = p.tail();
      columns[slot * WIDTH + 2] = numberKey(p.e164());
    }
  }

  private final Buffer buffer;
  private final int from;
  private final int to;

  private History(Buffer buffer, int from, int to) {
    this.buffer = buffer;
    this.from = from;
    this.to = to;
  }

  /** No attempts. */
  public static History empty() {
    return EMPTY;
  }

  /** {@code attempts}, oldest first, as a history. */
  public static History of(List<PastAttempt> attempts) {
    if (attempts instanceof History h) {
      return h;
    }
    return empty().plus(attempts, Integer.MAX_VALUE);
  }

  /**
   * This history's attempts with {@code more} appended (oldest first), keeping the last {@code max}
   * attempts: a new history with a buffer of its own (unless there is nothing to add), so the
   * history it came from keeps its cheap {@link #plus(PastAttempt, Instant, int)}.
   */
  public History plus(List<PastAttempt> more, int max) {
    if (more.isEmpty() && size() <= max) {
      return this;
    }
    int total = size() + more.size();
    int keep = Math.min(total, max);
    Buffer b = new Buffer(keep);
    int skip = total - keep;
    int slot = 0;
    for (int i = skip; i < size(); i++) {
      b.attempts[slot] = buffer.attempts[from + i];
      System.arraycopy(buffer.columns, (from + i) * WIDTH, b.columns, slot * WIDTH, WIDTH);
      slot++;
    }
    for (int i = Math.max(0, skip - size()); i < more.size(); i++) {
      b.write(slot++, more.get(i));
    }
    b.used.set(slot);
    return new History(b, 0, slot);
  }

  /**
   * This history with {@code latest} appended, less the attempts before {@code oldest} and the
   * oldest past {@code max}.
   */
  public History plus(PastAttempt latest, Instant oldest, int max) {
    long oldestNanos = nanos(oldest);
    int first = Math.max(from, to + 1 - max);
    while (first < to && buffer.columns[first * WIDTH] < oldestNanos) {
      first++;
    }
    if (to < buffer.attempts.length && buffer.used.compareAndSet(to, to + 1)) {
      buffer.write(to, latest);
      return new History(buffer, first, to + 1);
    }
    int kept = to - first;
    Buffer b = new Buffer(kept + 1 + Math.max(MIN_CAPACITY, (kept + 1) / 2));
    System.arraycopy(buffer.attempts, first, b.attempts, 0, kept);
    System.arraycopy(buffer.columns, first * WIDTH, b.columns, 0, kept * WIDTH);
    b.write(kept, latest);
    b.used.set(kept + 1);
    return new History(b, 0, kept + 1);
  }

  @Override
  public PastAttempt get(int index) {
    return buffer.attempts[from + Objects.checkIndex(index, size())];
  }

  @Override
  public int size() {
    return to - from;
  }

  /** The {@code index}th attempt's time, in nanoseconds since the epoch ({@link #nanos}). */
  public long time(int index) {
    return buffer.columns[(from + index) * WIDTH];
  }

  /** The {@code index}th attempt's {@link PastAttempt#tail}. */
  public long tail(int index) {
    return buffer.columns[(from + index) * WIDTH + 1];
  }

  /** The {@code index}th attempt's E.164 form as {@link #numberKey} gives it. */
  public long number(int index) {
    return buffer.columns[(from + index) * WIDTH + 2];
  }

  /**
   * {@code at} in nanoseconds since the epoch (exact from 1678 to 2261; earlier and later instants
   * are held as the first and last of that range, so they still order right).
   */
  public static long nanos(Instant at) {
    long seconds = at.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + at.getNano();
  }

  /**
   * An E.164 string ({@code +} and digits, at most {@link #MAX_NUMBER_CHARS} characters) as one
   * number, or {@link #NO_NUMBER} for any other string (empty included). Each character is a digit
   * of base 11 ('+' the eleventh) after a leading 1, so two strings have the same key only when
   * they are equal, and two of one length share their first characters exactly when their keys
   * divided by 11 to the power of the rest are equal: {@link #range}.
   */
  public static long numberKey(String e164) {
    int n = e164.length();
    if (n == 0 || n > MAX_NUMBER_CHARS) {
      return NO_NUMBER;
    }
    long key = 1;
    for (int i = 0; i < n; i++) {
      char c = e164.charAt(i);
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c == '+') {
        digit = 10;
      } else {
        return NO_NUMBER;
      }
      key = key * 11 + digit;
    }
    return key;
  }

  /**
   * The keys of the numbers of {@code key}'s length that share all its characters but the last
   * {@code last}: those from the first returned (inclusive) to the second (exclusive).
   */
  public static long[] range(long key, int last) {
    long scale = 1;
    for (int i = 0; i < last; i++) {
      scale *= 11;
    }
    long low = key / scale * scale;
    return new long[] {low, low + scale};
  }
}
