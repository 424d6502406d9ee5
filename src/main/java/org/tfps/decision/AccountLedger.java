package org.tfps.decision;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Port: each account's counters for the calendar day, its learned baseline and known countries, and
 * its block. Served from memory or the cluster, never from a slow store.
 */
public interface AccountLedger {

  /** Where {@code account} stands at {@code at}, its calendar day taken in {@code zone}. */
  Future<AccountUsage> usage(String account, ZoneId zone, Instant at);

  /** Counts a decided call (once per call, never for a retransmission). */
  void record(String account, ZoneId zone, LedgerEntry entry);

  /** Ends the lease of the call {@code callId} of {@code account}: its call record arrived. */
  Future<CallEnd> endCall(String account, String callId, Instant at);

  /** Blocks the account until {@code until}; calls meanwhile are denied by R13. */
  void block(String account, String reason, Instant until);

  /** Lifts the account's block; done when every copy of the account has it. */
  Future<Void> unblock(String account);

  /**
   * Starts the account's quotas of the day ({@code at} in {@code zone}) and its rate windows again
   * from zero; done when every copy of the account has it.
   */
  Future<Void> reset(String account, ZoneId zone, Instant at);
}
