package org.tfps.cluster;

/** What the ledger needs to know of the cluster: how many members, whether the map is full. */
final class Topology {

  private volatile int members = 1;
  private volatile boolean full;

  boolean full() {
    return full;
  }

  void full(boolean value) {
    full = value;
  }

  void members(int count) {
    members = count;
  }

  int members() {
    return members;
  }
}
