package org.tfps.engine;

import java.util.List;
import org.tfps.numbers.Destination;
import org.tfps.numbers.Rate;

/**
 * What the decision use case gathered about a call before the rules run.
 *
 * @param destination the dialled number, normalized under the account's dial plan
 * @param homeCountry the account's home country (ISO 3166-1 alpha-2), or empty when unknown
 * @param history the account's earlier attempts, oldest first, within the longest detector window
 *     (empty when unknown)
 * @param account the account's limits, usage, baseline and block
 * @param source what is known of the source address
 * @param rate the destination's rate from the rate deck, or null when the deck has none
 * @param authorizedEntry the entry of the account's authorized destinations that holds the
 *     destination (rules that judge the destination then stay silent), or null
 * @param blockedEntry the entry of the account's blocked destinations that holds it (R27), or null
 * @param attackerNumber who saw attackers dial this number (TFPS's honeypot or its denials for
 *     probing, sequences or high-risk ranges; a reputation source such as SentryPeer): R28; empty
 *     when none
 */
public record CallFacts(
    Destination destination,
    String homeCountry,
    History history,
    AccountFacts account,
    SourceFacts source,
    Rate rate,
    String authorizedEntry,
    String blockedEntry,
    String attackerNumber) {

  public CallFacts {
    history = history == null ? History.empty() : history;
    attackerNumber = attackerNumber == null ? "" : attackerNumber;
  }

  /** Facts of a destination on neither of the account's own lists. */
  public CallFacts(
      Destination destination,
      String homeCountry,
      List<PastAttempt> history,
      AccountFacts account,
      SourceFacts source,
      Rate rate) {
    this(destination, homeCountry, History.of(history), account, source, rate, null, null, "");
  }

  /** Facts of an account TFPS knows nothing of but its recent attempts. */
  public CallFacts(Destination destination, String homeCountry, List<PastAttempt> history) {
    this(destination, homeCountry, history, AccountFacts.unknown(), SourceFacts.unknown(), null);
  }

  /** Facts with no history (a first call, or a test of a static rule). */
  public CallFacts(Destination destination) {
    this(destination, "", List.of());
  }
}
