package org.tfps.intel;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.tfps.decision.SourceReputation;
import org.tfps.engine.SourceFacts;

/**
 * Source facts from the local IP deny list, answered synchronously from memory. The list is
 * replaced whole on reload.
 */
public final class ListedSources implements SourceReputation {

  private static final Future<SourceFacts> UNKNOWN = Future.succeededFuture(SourceFacts.unknown());

  private final AtomicReference<IpDenyList> list;

  public ListedSources(IpDenyList initial) {
    list = new AtomicReference<>(initial);
  }

  /** Replaces the list; calls decided from now on use it. */
  public void replace(IpDenyList next) {
    list.set(next);
  }

  @Override
  public Future<SourceFacts> lookup(String ip) {
    String label = list.get().lookup(ip);
    return label == null
        ? UNKNOWN
        : Future.succeededFuture(new SourceFacts("local deny list (" + label + ")", -1, ""));
  }

  /** The deny-list entry that holds {@code ip}, or null. */
  public String listed(String ip) {
    return list.get().lookup(ip);
  }

  /** Address blocks on the deny list now. */
  public int size() {
    return list.get().size();
  }
}
