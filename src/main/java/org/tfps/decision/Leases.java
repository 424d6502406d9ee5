package org.tfps.decision;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One account's calls up: a lease per allowed call, keyed by a 64-bit hash of its Call-ID, in the
 * order the calls were decided (a ring of primitives that grows to {@link #MAX}), and the hashes of
 * the last {@link #ENDED} leases a call record ended. No object is kept per call, so a busy account
 * leaves nothing behind for the collector. Not thread-safe: {@link AccountState} guards it.
 */
final class Leases {

  /** Leases kept, at most; past it the oldest is dropped. */
  static final int MAX = 1024;

  /** Ended leases remembered, to tell a call record sent twice. */
  static final int ENDED = 64;

  private long[] ids = new long[0];
  private long[] until = new long[0];
  private int head;
  private int count;

  /** Allocated with the first call record (most accounts never get one): 512 bytes. */
  private long[] ended;

  private int endedNext;

  /** Leases not ended and not expired at {@code now} (expired ones are dropped from the head). */
  int up(long now) {
    while (count > 0 && until[head] <= now) {
      head = (head + 1) % ids.length;
      count--;
    }
    return count;
  }

  /** A lease for {@code callId} until {@code end}; none for a call whose record already came. */
  void add(String callId, long now, long end) {
    long id = hash(callId);
    if (wasEnded(id)) {
      return;
    }
    up(now);
    if (count == MAX) {
      head = (head + 1) % ids.length;
      count--;
    } else if (count == ids.length) {
      grow();
    }
    int slot = (head + count) % ids.length;
    ids[slot] = id;
    until[slot] = end;
    count++;
  }

  /** Ends the lease of {@code callId}, unless it expired before {@code now}. */
  CallEnd end(String callId, long now) {
    up(now);
    long id = hash(callId);
    for (int i = 0; i < count; i++) {
      int slot = (head + i) % ids.length;
      if (ids[slot] == id) {
        // Close the gap: the leases after it move back by one, keeping their order.
        for (int j = i; j < count - 1; j++) {
          int to = (head + j) % ids.length;
          int from = (head + j + 1) % ids.length;
          ids[to] = ids[from];
          until[to] = until[from];
        }
        count--;
        if (ended == null) {
          ended = new long[ENDED];
        }
        ended[endedNext] = id;
        endedNext = (endedNext + 1) % ENDED;
        return CallEnd.ENDED;
      }
    }
    return wasEnded(id) ? CallEnd.ALREADY_ENDED : CallEnd.UNKNOWN;
  }

  private boolean wasEnded(long id) {
    if (ended == null) {
      return false;
    }
    for (long e : ended) {
      if (e == id) {
        return true;
      }
    }
    return false;
  }

  private void grow() {
    int capacity = Math.min(MAX, Math.max(8, ids.length * 2));
    long[] newIds = new long[capacity];
    long[] newUntil = new long[capacity];
    for (int i = 0; i < count; i++) {
      newIds[i] = ids[(head + i) % ids.length];
      newUntil[i] = until[(head + i) % ids.length];
    }
    ids = newIds;
    until = newUntil;
    head = 0;
  }

  /**
   * 64-bit FNV-1a of the Call-ID's characters, never 0 (0 marks an empty slot of {@link #ended}):
   * two Call-IDs of one account's calls up colliding is a chance of about one in 10^16.
   */
  static long hash(String callId) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < callId.length(); i++) {
      h ^= callId.charAt(i);
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeShort(count);
    for (int i = 0; i < count; i++) {
      out.writeLong(ids[(head + i) % ids.length]);
      out.writeLong(until[(head + i) % ids.length]);
    }
    out.writeBoolean(ended != null);
    if (ended != null) {
      out.writeByte(endedNext);
      for (long e : ended) {
        out.writeLong(e);
      }
    }
  }

  /** This ring as base64 text (kept with the day counters), or null when it holds nothing. */
  String toText() {
    if (count == 0 && ended == null) {
      return null;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(32 + 16 * count);
    try {
      writeTo(new java.io.DataOutputStream(bytes));
    } catch (IOException impossible) {
      throw new java.io.UncheckedIOException(impossible);
    }
    return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** A ring {@link #toText} wrote; empty when the text is not one. */
  static Leases fromText(String text) {
    try {
      return readFrom(
          new java.io.DataInputStream(
              new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(text))));
    } catch (IOException | IllegalArgumentException e) {
      return new Leases();
    }
  }

  static Leases readFrom(DataInput in) throws IOException {
    Leases l = new Leases();
    int n = in.readUnsignedShort();
    if (n > MAX) {
      throw new IOException("more leases than " + MAX + ": " + n);
    }
    l.ids = new long[n];
    l.until = new long[n];
    for (int i = 0; i < n; i++) {
      l.ids[i] = in.readLong();
      l.until[i] = in.readLong();
    }
    l.count = n;
    if (in.readBoolean()) {
      l.endedNext = in.readUnsignedByte() % ENDED;
      l.ended = new long[ENDED];
      for (int i = 0; i < ENDED; i++) {
        l.ended[i] = in.readLong();
      }
    }
    return l;
  }
}
