package org.tfps.app;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.AccountRepository;
import org.tfps.decision.AccountRepository.DestinationKind;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionLog;
import org.tfps.decision.ProvisionedAccounts;
import org.tfps.ivr.Challenge;
import org.tfps.ivr.VerifyOutcomes;

/**
 * Writes a verify call's outcome (issue 7): a solved challenge puts the destination on the
 * account's authorized list (source {@code verified}, durable), a failed one puts the number on its
 * blocked list for {@code tfps.verify.block-for}; each outcome is an event of kind "operator" with
 * the action {@code verify-solved}, {@code verify-failed}, {@code verify-timed-out} or {@code
 * verify-hung-up}. The block's end is kept with it in the database, and {@link BlockExpiry} takes
 * it off then, on whichever node, after any restart.
 */
final class VerifyOutcomeWriter implements VerifyOutcomes {

  private static final Logger log = LoggerFactory.getLogger(VerifyOutcomeWriter.class);

  private final AccountRepository repository;
  private final ProvisionedAccounts accounts;
  private final DecisionLog events;
  private final Clock clock;
  private final Duration blockFor;

  VerifyOutcomeWriter(
      AccountRepository repository,
      ProvisionedAccounts accounts,
      DecisionLog events,
      Clock clock,
      Duration blockFor) {
    this.repository = repository;
    this.accounts = accounts;
    this.events = events;
    this.clock = clock;
    this.blockFor = blockFor;
  }

  @Override
  public void solved(Decision decision, String entry) {
    String account = decision.attempt().account();
    events.verified(
        decision,
        "solved",
        "authorized " + entry + " (Call-ID " + decision.attempt().callId() + ")",
        clock.instant());
    change(account, DestinationKind.AUTHORIZED, entry, null);
  }

  @Override
  public void failed(Decision decision, Challenge.Outcome outcome) {
    String account = decision.attempt().account();
    String action =
        switch (outcome) {
          case FAILED -> "failed";
          case TIMED_OUT -> "timed-out";
          default -> "hung-up";
        };
    var d = decision.destination();
    String entry = d.isNumber() ? d.e164() : null;
    boolean block =
        entry != null
            && (outcome == Challenge.Outcome.FAILED || outcome == Challenge.Outcome.TIMED_OUT);
    events.verified(
        decision,
        action,
        (block ? "blocked " + entry + " for " + blockFor.toSeconds() + " s" : "nothing changed")
            + " (Call-ID "
            + decision.attempt().callId()
            + ")",
        clock.instant());
    if (block) {
      change(account, DestinationKind.BLOCKED, entry, clock.instant().plus(blockFor));
    }
  }

  /** Puts {@code entry} on the list (until {@code until}, or for good when null). */
  private void change(String account, DestinationKind kind, String entry, java.time.Instant until) {
    repository
        .addDestination(account, kind, entry, "verified", until)
        .compose(x -> repository.get(account))
        .onSuccess(
            s -> {
              if (s != null) {
                accounts.provisioned(s);
              }
            })
        .onFailure(
            e ->
                log.error(
                    "verify outcome for {} not written (add to {}): {}",
                    account,
                    kind,
                    e.toString()));
  }
}
