package org.tfps.decision;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tfps.engine.PastAttempt;

/**
 * Recent attempts kept in this node's memory, bounded per account (count and age) and in the number
 * of accounts. The cluster-wide history (Hazelcast) replaces it with issue 4; until then each node
 * of a pair sees only the calls it decided.
 */
public final class LocalCallHistory implements CallHistory {

  /** Attempts kept per account: enough for every detector's threshold, small per account. */
  static final int PER_ACCOUNT = 64;

  private final Duration window;
  private final int maxAccounts;
  private final Map<String, Deque<PastAttempt>> byAccount = new ConcurrentHashMap<>();

  /**
   * @param window the longest detector window; older attempts are dropped
   * @param maxAccounts accounts remembered; past it the history is cleared (a flood of invented
   *     accounts must not exhaust memory)
   */
  public LocalCallHistory(Duration window, int maxAccounts) {
    this.window = window;
    this.maxAccounts = maxAccounts;
  }

  @Override
  public Future<List<PastAttempt>> recent(String account) {
    Deque<PastAttempt> d = byAccount.get(account);
    if (d == null) {
      return Future.succeededFuture(List.of());
    }
    synchronized (d) {
      // An immutable copy: CallFacts keeps it as it is (List.copyOf of it is free).
      return Future.succeededFuture(List.copyOf(d));
    }
  }

  @Override
  public void record(String account, PastAttempt attempt) {
    if (byAccount.size() >= maxAccounts && !byAccount.containsKey(account)) {
      byAccount.clear();
    }
    Deque<PastAttempt> d = byAccount.computeIfAbsent(account, k -> new ArrayDeque<>());
    synchronized (d) {
      d.addLast(attempt);
      while (d.size() > PER_ACCOUNT || d.peekFirst().at().isBefore(attempt.at().minus(window))) {
        d.removeFirst();
      }
    }
  }
}
