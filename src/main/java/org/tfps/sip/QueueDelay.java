package org.tfps.sip;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long datagrams wait in the UDP socket's kernel queue before the SIP loop reads them, and
 * whether new INVITEs are shed because of it (overload control, docs/sip.md).
 *
 * <p>Measured with probes: every tick the loop sends its own socket a small datagram carrying a
 * sequence number and the time it was sent. It queues behind the softswitch's requests in the same
 * first-in first-out queue, so reading it back gives the wait of that moment. A probe sent and not
 * read yet bounds the wait from below (it is at least the probe's age), so a queue that stopped
 * moving, or that was full and dropped the probe, is seen as well. A probe carries a token drawn at
 * start: a datagram from elsewhere that looks like a probe is not taken for one. Probes that were
 * in flight while the loop itself stood still do not count (see {@link #stalled}).
 *
 * <p>Shedding starts when a wait passes {@code max} and stops when one is back to half of it, so
 * that it does not flap on every probe. While it lasts, new INVITEs are answered 500 at once:
 * answering costs a few microseconds, deciding tens, so the queue drains instead of growing until
 * the kernel drops datagrams and callers retransmit (RFC 3261 17.1.1.2, every T1), which would add
 * load exactly when there is none to spare.
 *
 * <p>Confined to the SIP loop; {@link #delayMillis()} may be read from elsewhere (metrics).
 */
final class QueueDelay {

  private static final Logger log = LoggerFactory.getLogger(QueueDelay.class);

  /** A probe's size: magic, token, sequence number, send time (8 bytes each). */
  static final int PROBE_BYTES = 32;

  /** "TFPSPROB": no SIP message starts with it. */
  private static final long MAGIC = 0x5446505350524f42L;

  /** Send times remembered: 10 s of probes at one per 10 ms tick; none sent while it is full. */
  private static final int RING = 1024;

  /** A shedding episode is logged at most this often (a long overload flaps between the two). */
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final long maxNanos;
  private final long token;
  private final long[] sentAt = new long[RING];
  private long nextSeq;
  private long readUpTo;
  private volatile long delayNanos;
  private boolean shedding;
  private long shedStartedNanos;
  private long shedInEpisode;
  private long episodesUnlogged;
  private long shedUnlogged;
  private long lastLogNanos = Long.MIN_VALUE;
  private boolean episodeLogged;
  private long lastTickNanos = Long.MIN_VALUE;
  private long stallSeq;

  /**
   * @param maxMillis the wait past which new INVITEs are shed ({@code tfps.sip.max-queue-delay}); 0
   *     turns probes and shedding off
   */
  QueueDelay(long maxMillis) {
    this(maxMillis, new SecureRandom().nextLong());
  }

  QueueDelay(long maxMillis, long token) {
    this.maxNanos = maxMillis * 1_000_000L;
    this.token = token;
  }

  /** False when {@code tfps.sip.max-queue-delay} is 0: no probe is sent, nothing is shed. */
  boolean enabled() {
    return maxNanos > 0;
  }

  /**
   * The next probe to send at {@code now} (nanoTime); null when off, or when {@link #RING} probes
   * are still unread (the loop has read nothing for 10 s).
   */
  byte[] probe(long now) {
    if (!enabled() || nextSeq - readUpTo >= RING) {
      return null;
    }
    ByteBuffer b = ByteBuffer.allocate(PROBE_BYTES);
    b.putLong(MAGIC).putLong(token).putLong(nextSeq).putLong(now);
    sentAt[(int) (nextSeq % RING)] = now;
    nextSeq++;
    return b.array();
  }

  /** A probe that could not be sent: its number is reused. */
  void unsent() {
    nextSeq--;
  }

  /**
   * Takes a datagram read at {@code now} if it is one of this loop's probes.
   *
   * @return true when it was a probe (it is not SIP: the caller drops it)
   */
  boolean received(byte[] data, int len, long now) {
    if (len != PROBE_BYTES) {
      return false;
    }
    ByteBuffer b = ByteBuffer.wrap(data, 0, len);
    if (b.getLong() != MAGIC || b.getLong() != token) {
      return false;
    }
    long seq = b.getLong();
    if (seq >= readUpTo && seq < nextSeq) {
      stalled(now);
      readUpTo = seq + 1;
      long wait = now - sentAt[(int) (seq % RING)];
      delayNanos = wait;
      if (seq >= stallSeq) {
        judge(wait, now);
      }
    }
    return true;
  }

  /**
   * Called every tick at {@code now}: a probe sent and not read yet means the wait is at least its
   * age.
   */
  void tick(long now) {
    stalled(now);
    lastTickNanos = now;
    if (readUpTo < nextSeq) {
      long age = now - sentAt[(int) (readUpTo % RING)];
      if (age > delayNanos) {
        delayNanos = age;
      }
      if (readUpTo >= stallSeq && age > maxNanos) {
        judge(age, now);
      }
    }
  }

  /**
   * No tick for longer than {@code max} means the loop itself stood still (a long collection, a
   * stopped or starved process): the probes in flight waited behind the stall, not behind a queue
   * too long to read in time, so their waits do not count. The first probe sent after it measures
   * what queued meanwhile: a backlog read within the limit is decided, not shed.
   */
  private void stalled(long now) {
    if (lastTickNanos != Long.MIN_VALUE && now - lastTickNanos > maxNanos) {
      stallSeq = nextSeq;
    }
  }

  /** True while new INVITEs are to be shed. */
  boolean shedding() {
    return shedding;
  }

  /** Counts an INVITE shed. */
  void shed() {
    shedInEpisode++;
  }

  /** The last wait measured, in milliseconds. */
  long delayMillis() {
    return delayNanos / 1_000_000L;
  }

  private void judge(long wait, long now) {
    if (!shedding && wait > maxNanos) {
      shedding = true;
      shedStartedNanos = now;
      shedInEpisode = 0;
      episodeLogged = lastLogNanos == Long.MIN_VALUE || now - lastLogNanos >= LOG_EVERY_NANOS;
      if (episodeLogged) {
        lastLogNanos = now;
        log.warn(
            "SIP requests waited {} ms in the UDP queue, more than tfps.sip.max-queue-delay ({} ms):"
                + " new INVITEs are answered 500 (overloaded) without a decision until the wait is"
                + " back to {} ms ({} more episodes and {} INVITEs shed since the last such message)",
            wait / 1_000_000L,
            maxNanos / 1_000_000L,
            maxNanos / 2_000_000L,
            episodesUnlogged,
            shedUnlogged);
        episodesUnlogged = 0;
        shedUnlogged = 0;
      } else {
        episodesUnlogged++;
      }
    } else if (shedding && wait <= maxNanos / 2) {
      shedding = false;
      if (episodeLogged) {
        log.info(
            "SIP queue wait back to {} ms after {} ms: {} INVITEs answered 500 without a decision",
            wait / 1_000_000L,
            (now - shedStartedNanos) / 1_000_000L,
            shedInEpisode);
      } else {
        shedUnlogged += shedInEpisode;
      }
    }
  }
}
