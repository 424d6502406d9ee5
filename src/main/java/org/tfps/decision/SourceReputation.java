package org.tfps.decision;

import io.vertx.core.Future;
import org.tfps.engine.SourceFacts;

/** Port: what is known of a source address (IP lists, reputation scores), from memory or cache. */
public interface SourceReputation {

  /** What is known of {@code ip}; unknown addresses give {@link SourceFacts#unknown()}. */
  Future<SourceFacts> lookup(String ip);

  /** Knows nothing of any address. */
  static SourceReputation none() {
    Future<SourceFacts> unknown = Future.succeededFuture(SourceFacts.unknown());
    return ip -> unknown;
  }
}
