package org.tfps.history;

/**
 * How a call ended, the formats' words mapped to one set: Asterisk's dispositions as they are,
 * FreeSWITCH's and CGRateS's hang-up causes (Q.850 names) as docs/cdr-import.md lists.
 */
public enum Disposition {
  /** The callee answered (Asterisk ANSWERED; an answer time or billed seconds elsewhere). */
  ANSWERED,
  /** Nobody answered, or the caller gave up first (NO ANSWER, NO_ANSWER, ORIGINATOR_CANCEL...). */
  NO_ANSWER,
  /** The callee was busy (BUSY, USER_BUSY). */
  BUSY,
  /** Anything else: rejected, unroutable, congestion, a failure on the way. */
  FAILED
}
