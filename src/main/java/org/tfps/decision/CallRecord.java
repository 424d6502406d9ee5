package org.tfps.decision;

import java.time.Instant;

/**
 * A call record (CDR) as a softswitch posts it when a call ends: it ends the call's lease and is
 * kept.
 *
 * @param callId the Call-ID of the INVITE TFPS decided
 * @param account the account TFPS decided it for
 * @param destination the number called, or empty
 * @param start when the call started, or null
 * @param answer when it was answered, or null
 * @param end when it ended, or null
 * @param durationSeconds its billed duration, or -1 when not given
 * @param disposition how it ended (ANSWERED, NO ANSWER, NORMAL_CLEARING...), or empty
 * @param received when TFPS received the record
 */
public record CallRecord(
    String callId,
    String account,
    String destination,
    Instant start,
    Instant answer,
    Instant end,
    int durationSeconds,
    String disposition,
    Instant received) {}
