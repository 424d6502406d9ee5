package org.tfps.decision;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every account's {@link AccountState} kept in this node's memory: the ledger of a single node. A
 * cluster keeps the same states in its members instead (org.tfps.cluster).
 */
public final class LocalAccountLedger implements KeptLedger {

  private final LedgerSettings settings;
  private final Map<String, AccountState> accounts = new ConcurrentHashMap<>();
  private final AtomicLong untracked = new AtomicLong();

  public LocalAccountLedger(LedgerSettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<AccountUsage> usage(String account, ZoneId zone, Instant at) {
    AccountState s = accounts.get(account);
    return Future.succeededFuture(s == null ? AccountUsage.none() : s.usage(day(at, zone), at));
  }

  @Override
  public void record(String account, ZoneId zone, LedgerEntry e) {
    long today = day(e.at(), zone);
    while (true) {
      AccountState s = state(account, today);
      if (s == null) {
        return;
      }
      synchronized (s) {
        if (s.forgotten) {
          continue; // forgetIdle removed it meanwhile: start a new one
        }
        s.useLeaseTime(settings.concurrencyWindow());
        s.count(today, e, settings.historyWindow());
        return;
      }
    }
  }

  @Override
  public Future<CallEnd> endCall(String account, String callId, Instant at) {
    AccountState s = accounts.get(account);
    return Future.succeededFuture(s == null ? CallEnd.UNKNOWN : s.endCall(callId, at));
  }

  @Override
  public void block(String account, String reason, Instant until) {
    // A block is always kept, past the bound too: it is rare and must never be lost.
    while (true) {
      AccountState s = accounts.computeIfAbsent(account, k -> settings.newState(Long.MIN_VALUE));
      synchronized (s) {
        if (s.forgotten) {
          continue;
        }
        s.block(reason, until);
        return;
      }
    }
  }

  @Override
  public Future<Void> unblock(String account) {
    AccountState s = accounts.get(account);
    if (s != null) {
      s.unblock();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> reset(String account, ZoneId zone, Instant at) {
    AccountState s = accounts.get(account);
    if (s != null) {
      s.reset(day(at, zone));
    }
    return Future.succeededFuture();
  }

  @Override
  public int forgetIdle(Instant now) {
    int forgotten = 0;
    for (Map.Entry<String, AccountState> entry : accounts.entrySet()) {
      AccountState s = entry.getValue();
      synchronized (s) {
        if (s.idle(now)) {
          // Marked under its lock: a record() or block() holding this state starts a new one.
          s.forgotten = true;
          accounts.remove(entry.getKey(), s);
          forgotten++;
        }
      }
    }
    return forgotten;
  }

  @Override
  public List<DayCount> changedSinceSnapshot() {
    List<DayCount> out = new ArrayList<>();
    accounts.forEach((account, s) -> out.addAll(s.takeChanged(account)));
    return out;
  }

  @Override
  public void markChanged(List<DayCount> counts) {
    for (DayCount c : counts) {
      AccountState s = accounts.get(c.account());
      if (s != null) {
        s.markChanged(c);
      }
    }
  }

  @Override
  public void restore(List<DayCount> counts) {
    for (Map.Entry<String, List<DayCount>> e : byAccount(counts).entrySet()) {
      AccountState fresh =
          AccountState.restored(e.getValue(), settings.windowDays(), settings.concurrencyWindow());
      AccountState existing = accounts.putIfAbsent(e.getKey(), fresh);
      if (existing != null) {
        existing.takeRestored(fresh);
      }
    }
  }

  @Override
  public void restoreLate(List<DayCount> counts) {
    for (Map.Entry<String, List<DayCount>> e : byAccount(counts).entrySet()) {
      AccountState kept =
          AccountState.restored(e.getValue(), settings.windowDays(), settings.concurrencyWindow());
      AccountState existing = accounts.putIfAbsent(e.getKey(), kept);
      if (existing != null) {
        existing.addRestored(kept);
      }
    }
  }

  /** {@code counts} grouped by account, in account order. */
  public static Map<String, List<DayCount>> byAccount(List<DayCount> counts) {
    Map<String, List<DayCount>> byAccount = new TreeMap<>();
    for (DayCount c : counts) {
      byAccount.computeIfAbsent(c.account(), k -> new ArrayList<>()).add(c);
    }
    return byAccount;
  }

  @Override
  public int size() {
    return accounts.size();
  }

  @Override
  public long untracked() {
    return untracked.get();
  }

  private AccountState state(String account, long today) {
    AccountState s = accounts.get(account);
    if (s != null) {
      return s;
    }
    if (accounts.size() >= settings.maxAccounts()) {
      untracked.incrementAndGet();
      return null;
    }
    return accounts.computeIfAbsent(account, k -> settings.newState(today));
  }

  /** The epoch day of {@code at} in {@code zone}. */
  public static long day(Instant at, ZoneId zone) {
    return LocalDate.ofInstant(at, zone).toEpochDay();
  }
}
