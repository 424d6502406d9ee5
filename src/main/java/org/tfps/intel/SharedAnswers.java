package org.tfps.intel;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reputation answers shared by the members of a cluster, so that a pair asks a remote source once
 * per key and a surviving member starts warm (issue 4). Implemented in {@code cluster}; {@link
 * #NONE} when the node works alone. A source's answer travels as the text its {@link CachedLookup}
 * encodes.
 *
 * <p>Neither method may throw: a failure is a failed future, which the caller counts and gets past
 * by asking the source itself.
 */
public interface SharedAnswers {

  /**
   * One source's answer for one key, as kept in the cluster.
   *
   * @param value the answer, encoded by the source's codec
   * @param expiresAt when it stops being valid (the clock of the member that fetched it)
   */
  record Answer(String value, Instant expiresAt) {}

  /**
   * The cluster's answer for {@code key} of {@code source}, empty when it has none; completed on
   * the caller's Vert.x context.
   */
  Future<Optional<Answer>> get(String source, String key);

  /** Keeps {@code answer} in the cluster for {@code ttl}; completes once it is kept (or failed). */
  Future<Void> put(String source, String key, Answer answer, Duration ttl);

  /** Whether answers are shared at all (false for {@link #NONE}). */
  default boolean shared() {
    return true;
  }

  /** No cluster: nothing is shared, and the cache is the node's own. */
  SharedAnswers NONE =
      new SharedAnswers() {
        @Override
        public Future<Optional<Answer>> get(String source, String key) {
          return Future.succeededFuture(Optional.empty());
        }

        @Override
        public Future<Void> put(String source, String key, Answer answer, Duration ttl) {
          return Future.succeededFuture();
        }

        @Override
        public boolean shared() {
          return false;
        }
      };
}
