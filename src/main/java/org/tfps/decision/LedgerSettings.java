package org.tfps.decision;

import java.time.Duration;

/**
 * How much of each account a ledger keeps.
 *
 * @param windowDays days of history the baseline is learned over
 * @param concurrencyWindow how long an allowed call counts as up without its call record (the count
 *     is used when the softswitch gives none)
 * @param historyWindow the longest pattern detector window: older attempts are dropped
 * @param maxAccounts accounts tracked; calls of further accounts are decided without usage and
 *     counted as untracked (accounts idle for a whole learning window are forgotten, never by a
 *     call)
 */
public record LedgerSettings(
    int windowDays, Duration concurrencyWindow, Duration historyWindow, int maxAccounts) {

  /** A new, empty account state shaped by these settings. */
  public AccountState newState(long today) {
    return new AccountState(today, windowDays, concurrencyWindow);
  }
}
