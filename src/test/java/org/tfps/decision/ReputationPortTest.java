package org.tfps.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tfps.engine.Action;
import org.tfps.engine.AttackerNumberRule;
import org.tfps.engine.CallAttempt;
import org.tfps.engine.Engine;
import org.tfps.engine.SourceFacts;
import org.tfps.numbers.DialPlan;
import org.tfps.testing.Decisions;

/** How the decision use case asks the reputation port about destinations. */
class ReputationPortTest {

  private static final DialPlan PLAN = new DialPlan("US", List.of("011"), "");
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private DecisionService decisions(SourceReputation reputation) {
    DecisionService d =
        Decisions.of(
            name -> Future.succeededFuture(AccountProfile.withDialPlan(name, PLAN)),
            new Engine(List.of(new AttackerNumberRule(Action.DENY))),
            PLAN,
            100);
    d.consult(reputation);
    return d;
  }

  private static CallAttempt call(String dialed) {
    return new CallAttempt("1001@pbx", dialed, "198.51.100.7", "", "c-1", Instant.EPOCH, -1);
  }

  @Test
  void theNormalizedDestinationIsAskedAndItsSourceNamedInR28() throws Exception {
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    SourceReputation r =
        new SourceReputation() {
          @Override
          public Future<SourceFacts> lookup(String ip) {
            return Future.succeededFuture(SourceFacts.unknown());
          }

          @Override
          public Future<String> number(String e164) {
            asked.add(e164);
            return Future.succeededFuture(e164.equals("+88213012345") ? "sentrypeer" : "");
          }
        };
    Decision denied = decisions(r).decide(call("01188213012345")).await(5, TimeUnit.SECONDS);
    assertThat(denied.verdict().code()).isEqualTo("R28");
    assertThat(denied.verdict().evidence()).endsWith("(sentrypeer)");
    Decision allowed = decisions(r).decide(call("2125550100")).await(5, TimeUnit.SECONDS);
    assertThat(allowed.verdict().action()).isEqualTo(Action.ALLOW);
    assertThat(asked).containsExactly("+88213012345", "+12125550100");
  }

  @Test
  void aNumberLookUpThatNeverAnswersIsBoundedByTheDeadline() throws Exception {
    SourceReputation r =
        new SourceReputation() {
          @Override
          public Future<SourceFacts> lookup(String ip) {
            return Future.succeededFuture(SourceFacts.unknown());
          }

          @Override
          public Future<String> number(String e164) {
            return Promise.<String>promise().future(); // never completes
          }
        };
    Promise<Decision> result = Promise.promise();
    vertx.runOnContext(v -> decisions(r).decide(call("2125550100")).onComplete(result));
    Decision d = result.future().await(5, TimeUnit.SECONDS);
    assertThat(d.verdict().action()).isEqualTo(Action.ALLOW);
    assertThat(d.factsComplete()).isFalse();
  }
}
