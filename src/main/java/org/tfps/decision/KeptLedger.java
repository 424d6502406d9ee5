package org.tfps.decision;

import java.time.Instant;
import java.util.List;

/**
 * A ledger as the application keeps it: bounded, snapshotted to the database and read back, its
 * idle accounts forgotten. Every method here may block and is called off the event loops.
 */
public interface KeptLedger extends AccountLedger {

  /**
   * Forgets accounts with no call for a whole learning window and no block in force.
   *
   * @return accounts forgotten
   */
  int forgetIdle(Instant now);

  /**
   * Today's counters of every account that called since the last snapshot (each account's own
   * calendar day), marked clean; {@link #markChanged} puts back the ones that could not be written.
   */
  List<DayCount> changedSinceSnapshot();

  /** The snapshot of these counters failed: they are written again next time. */
  void markChanged(List<DayCount> counts);

  /**
   * Puts back what a snapshot kept, so today's quotas and the learned baseline survive a restart.
   * Accounts already counting calls keep what they have; accounts known only for a block read back
   * take the counters and keep the block.
   */
  void restore(List<DayCount> counts);

  /**
   * Puts back what a snapshot kept when the database answered only after calls were decided:
   * accounts that counted calls since add the snapshot's counts of the day to theirs (nothing was
   * snapshotted meanwhile: the caller holds the snapshots back until this is done).
   */
  void restoreLate(List<DayCount> counts);

  /** Accounts tracked (by this node). */
  int size();

  /** Calls not counted because the ledger was full. */
  long untracked();
}
