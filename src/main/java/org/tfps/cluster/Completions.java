package org.tfps.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** How this package hands Hazelcast's completions back to Vert.x (architecture.md, Completions). */
final class Completions {

  /**
   * Runs a completion on the thread that completed it (cheap bookkeeping only). Hazelcast's default
   * for callbacks is the common fork-join pool, or a new thread per callback when that pool has a
   * single thread (any host with two cores or fewer).
   */
  static final Executor DIRECT = Runnable::run;

  private Completions() {}

  /**
   * {@code stage}'s result mapped by {@code f}, completed on the caller's Vert.x context (or at
   * once outside one), without Hazelcast's default executor.
   */
  static <T, R> Future<R> onCallerContext(CompletionStage<T> stage, Function<T, R> f) {
    Promise<R> answer = Promise.promise();
    Context context = Vertx.currentContext();
    stage.whenCompleteAsync(
        (r, e) -> {
          Runnable done =
              () -> {
                if (e != null) {
                  answer.fail(e);
                } else {
                  answer.complete(f.apply(r));
                }
              };
          if (context == null) {
            done.run();
          } else {
            context.runOnContext(x -> done.run());
          }
        },
        DIRECT);
    return answer.future();
  }
}
