package org.tfps.decision;

import java.time.Instant;
import org.tfps.engine.PastAttempt;

/**
 * One decided call as the ledger counts it.
 *
 * @param at when it was decided
 * @param offHours true when it came out of business hours
 * @param allowed true when the verdict let it through (only allowed calls teach the baseline)
 * @param country the destination's country, or empty
 * @param cost its estimated cost when allowed, else 0
 * @param concurrent calls the account had up with this one, when allowed
 * @param callId the INVITE's Call-ID: an allowed call holds a lease under it until its call record
 *     or the lease's time ends it
 * @param attempt the attempt as the pattern detectors remember it
 */
public record LedgerEntry(
    Instant at,
    boolean offHours,
    boolean allowed,
    String country,
    double cost,
    int concurrent,
    String callId,
    PastAttempt attempt) {}
