package org.tfps.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.tfps.intel.SharedAnswers;

/**
 * The reputation sources' answers, shared by the members (issue 4): a map per source, {@code
 * tfps-intel-<source>} (configured by {@link ClusterMember#hazelcast}: one synchronous backup, a
 * bounded size, least recently used first out), keyed by address or number, each entry kept for its
 * answer's TTL. Reads and writes are asynchronous and answered on the caller's Vert.x context;
 * neither throws.
 */
final class ReputationMaps implements SharedAnswers {

  /** The maps' names start with it; {@link ClusterMember#hazelcast} configures them all. */
  static final String PREFIX = "tfps-intel-";

  private final HazelcastInstance hz;
  private final ConcurrentHashMap<String, IMap<String, Answer>> maps = new ConcurrentHashMap<>();

  ReputationMaps(HazelcastInstance hz) {
    this.hz = hz;
  }

  @Override
  public Future<Optional<Answer>> get(String source, String key) {
    try {
      return Completions.onCallerContext(map(source).getAsync(key), Optional::ofNullable);
    } catch (RuntimeException e) { // the member is shutting down or gone
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> put(String source, String key, Answer answer, Duration ttl) {
    long millis = ttl.toMillis();
    if (millis <= 0) {
      return Future.succeededFuture(); // 0 would keep it for ever
    }
    try {
      return Completions.onCallerContext(
          map(source).setAsync(key, answer, millis, TimeUnit.MILLISECONDS), r -> null);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private IMap<String, Answer> map(String source) {
    return maps.computeIfAbsent(source, s -> hz.getMap(PREFIX + s));
  }
}
