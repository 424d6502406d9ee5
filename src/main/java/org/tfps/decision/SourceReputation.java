package org.tfps.decision;

import io.vertx.core.Future;
import org.tfps.engine.SourceFacts;

/**
 * Port: what reputation sources know of a call's source address (R02) and destination number (R28),
 * from memory or a cache; a source that must be asked over the network is bounded by a deadline
 * behind this port, so the futures complete in time.
 */
public interface SourceReputation {

  /** What is known of {@code ip}; unknown addresses give {@link SourceFacts#unknown()}. */
  Future<SourceFacts> lookup(String ip);

  /**
   * The source that saw attackers dial {@code e164} (e.g. "sentrypeer"), or an empty string when
   * none did. Sources of numbers are optional: the default knows none.
   */
  default Future<String> number(String e164) {
    return NO_SOURCE;
  }

  /** The answer of a port that knows no numbers. */
  Future<String> NO_SOURCE = Future.succeededFuture("");

  /** Knows nothing of any address. */
  static SourceReputation none() {
    Future<SourceFacts> unknown = Future.succeededFuture(SourceFacts.unknown());
    return ip -> unknown;
  }
}
