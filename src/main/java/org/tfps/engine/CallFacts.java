package org.tfps.engine;

import java.util.List;
import org.tfps.numbers.Destination;

/**
 * What the decision use case gathered about a call before the rules run.
 *
 * @param destination the dialled number, normalized under the account's dial plan
 * @param homeCountry the account's home country (ISO 3166-1 alpha-2), or empty when unknown
 * @param history the account's earlier attempts, oldest first, within the longest detector window
 *     (empty when unknown)
 */
public record CallFacts(Destination destination, String homeCountry, List<PastAttempt> history) {

  public CallFacts {
    history = List.copyOf(history);
  }

  /** Facts with no history (a first call, or a test of a static rule). */
  public CallFacts(Destination destination) {
    this(destination, "", List.of());
  }
}
