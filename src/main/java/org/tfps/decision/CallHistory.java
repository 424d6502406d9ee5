package org.tfps.decision;

import io.vertx.core.Future;
import java.util.List;
import org.tfps.engine.PastAttempt;

/** Port: each account's recent attempts, for the pattern detectors. */
public interface CallHistory {

  /** The account's attempts within the history window, oldest first. */
  Future<List<PastAttempt>> recent(String account);

  /** Remembers a decided attempt (called once per call, never for a retransmission). */
  void record(String account, PastAttempt attempt);
}
