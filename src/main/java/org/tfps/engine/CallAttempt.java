package org.tfps.engine;

import java.time.Instant;

/**
 * One outbound call as TFPS sees it when asked, before the call exists.
 *
 * @param account the calling account, "user@domain"
 * @param dialed the dialled string (Request-URI user part)
 * @param sourceIp the caller's address as reported (P-tfps) or the peer's address
 * @param userAgent the User-Agent header, or empty
 * @param callId the Call-ID, which also keys the call's concurrency lease
 * @param at when the attempt was received
 * @param reportedCalls calls the softswitch says the account has up now (P-tfps), or -1
 */
public record CallAttempt(
    String account,
    String dialed,
    String sourceIp,
    String userAgent,
    String callId,
    Instant at,
    int reportedCalls) {}
