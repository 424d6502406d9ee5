package org.tfps.ivr;

import java.util.BitSet;

/**
 * The RTP ports of the configured range, handed out one per verify call: even ports only (RTP on
 * the even port, RFC 3550 11), round robin so a port just released is reused last. Confined to one
 * event loop.
 */
public final class RtpPorts {

  private final int first;
  private final int slots;
  private final BitSet used;
  private int cursor;
  private int inUse;

  /**
   * @param min first port of the range (rounded up to even)
   * @param max last port of the range
   */
  public RtpPorts(int min, int max) {
    this.first = min + (min & 1);
    this.slots = Math.max(0, (max - first) / 2 + 1);
    this.used = new BitSet(slots);
  }

  /** A free port, or -1 when all are taken. */
  public int take() {
    for (int i = 0; i < slots; i++) {
      int slot = (cursor + i) % slots;
      if (!used.get(slot)) {
        used.set(slot);
        cursor = (slot + 1) % slots;
        inUse++;
        return first + 2 * slot;
      }
    }
    return -1;
  }

  /** Gives {@code port} back; a port not taken is ignored. */
  public void release(int port) {
    int slot = (port - first) / 2;
    if (slot >= 0 && slot < slots && used.get(slot)) {
      used.clear(slot);
      inUse--;
    }
  }

  public int inUse() {
    return inUse;
  }

  public int size() {
    return slots;
  }
}
