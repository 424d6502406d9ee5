package org.tfps.intel;

import java.util.concurrent.atomic.LongAdder;

/** What one reputation source did: counted without locks, read by /metrics and /status. */
public final class LookupStats {

  final LongAdder cached = new LongAdder();
  final LongAdder fetched = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder rateLimited = new LongAdder();
  final LongAdder shortCircuited = new LongAdder();
  final LongAdder deadlineMisses = new LongAdder();
  final LongAdder sharedHits = new LongAdder();
  final LongAdder sharedWrites = new LongAdder();
  final LongAdder sharedFailures = new LongAdder();

  /** Answers served from the cache. */
  public long cached() {
    return cached.sum();
  }

  /** Answers the source gave. */
  public long fetched() {
    return fetched.sum();
  }

  /** Look-ups that failed: errors, timeouts, bad answers. */
  public long failed() {
    return failed.sum();
  }

  /** Look-ups not made or refused because the source asked to slow down (429). */
  public long rateLimited() {
    return rateLimited.sum();
  }

  /** Look-ups not made because the source's circuit was open. */
  public long shortCircuited() {
    return shortCircuited.sum();
  }

  /** Calls decided without this source's answer because it came after the deadline. */
  public long deadlineMisses() {
    return deadlineMisses.sum();
  }

  /** Answers taken from the cluster's shared cache (another member, or this one, fetched them). */
  public long sharedHits() {
    return sharedHits.sum();
  }

  /** Answers this node fetched and the cluster's shared cache kept. */
  public long sharedWrites() {
    return sharedWrites.sum();
  }

  /**
   * Reads and writes of the cluster's shared cache that failed or did not answer in time (the
   * source was asked instead, or the answer is kept on this node only).
   */
  public long sharedFailures() {
    return sharedFailures.sum();
  }
}
