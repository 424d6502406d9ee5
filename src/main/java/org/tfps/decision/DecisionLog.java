package org.tfps.decision;

import java.time.Instant;

/**
 * Port: where decided calls and account blocks go to be kept (the database, through a local
 * journal). Called on the call path, so implementations must not wait for I/O beyond a local
 * append.
 */
public interface DecisionLog {

  /** A decided call; implementations keep what they need (TFPS's store: all but plain allows). */
  void decided(Decision decision);

  /** An account was blocked until {@code until}. */
  default void blocked(String account, String reason, Instant at, Instant until) {}

  /** A call record that ended a lease (records of unknown or already ended calls are not kept). */
  default void callRecord(CallRecord record) {}

  /** An operator lifted the account's blocks in force at {@code at}. */
  default void unblocked(String account, Instant at) {}

  /**
   * What an attacker did to the honeypot: a request of {@code method} from {@code sourceIp}, and
   * for an INVITE the number it dialled ({@code e164} empty when it is not one).
   */
  default void honeypot(
      String method, String sourceIp, String userAgent, String dialed, String e164, Instant at) {}

  /**
   * What an operator did to an account (block, unblock, reset, provision...), kept as an event of
   * kind "operator" for the audit trail.
   *
   * @param action a short verb ("unblock")
   * @param detail what and by whom (the token's name, never the token)
   */
  default void operator(String account, String action, String detail, Instant at) {}

  /**
   * A verify call ended (issue 7, docs/ivr.md). Kept as an event of kind "operator" with the action
   * {@code verify-<outcome>} by default; the alerts raise an alert for solved and failed.
   *
   * @param outcome solved, failed, timed-out or hung-up
   * @param detail what changed (never the code or a PIN)
   */
  default void verified(Decision decision, String outcome, String detail, Instant at) {
    operator(decision.attempt().account(), "verify-" + outcome, detail, at);
  }

  /** Every one of {@code logs}, in order. */
  static DecisionLog all(DecisionLog... logs) {
    DecisionLog out = logs[0];
    for (int i = 1; i < logs.length; i++) {
      out = both(out, logs[i]);
    }
    return out;
  }

  /** Both logs, {@code first} first. */
  static DecisionLog both(DecisionLog first, DecisionLog second) {
    return new DecisionLog() {
      @Override
      public void decided(Decision d) {
        first.decided(d);
        second.decided(d);
      }

      @Override
      public void blocked(String account, String reason, Instant at, Instant until) {
        first.blocked(account, reason, at, until);
        second.blocked(account, reason, at, until);
      }

      @Override
      public void callRecord(CallRecord r) {
        first.callRecord(r);
        second.callRecord(r);
      }

      @Override
      public void unblocked(String account, Instant at) {
        first.unblocked(account, at);
        second.unblocked(account, at);
      }

      @Override
      public void operator(String account, String action, String detail, Instant at) {
        first.operator(account, action, detail, at);
        second.operator(account, action, detail, at);
      }

      @Override
      public void verified(Decision decision, String outcome, String detail, Instant at) {
        first.verified(decision, outcome, detail, at);
        second.verified(decision, outcome, detail, at);
      }

      @Override
      public void honeypot(
          String method,
          String sourceIp,
          String userAgent,
          String dialed,
          String e164,
          Instant at) {
        first.honeypot(method, sourceIp, userAgent, dialed, e164, at);
        second.honeypot(method, sourceIp, userAgent, dialed, e164, at);
      }
    };
  }

  /** Keeps nothing. */
  static DecisionLog none() {
    return d -> {};
  }
}
