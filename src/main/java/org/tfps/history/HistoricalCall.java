package org.tfps.history;

import java.time.Instant;
import org.tfps.engine.CallAttempt;

/**
 * One call of an operator's history, as a CDR file recorded it.
 *
 * @param format the file's format
 * @param line the physical line (1-based) the record starts on
 * @param account the calling account as the file names it (docs/cdr-import.md: per format)
 * @param destination the number dialled, as written (dial prefixes kept)
 * @param callerId the caller's number as written, or empty
 * @param sourceIp the caller's address, or empty (only the generic format carries it)
 * @param context the dial-plan context (Asterisk dcontext, FreeSWITCH context), or empty
 * @param start when the call started (set up), an instant: local times read in the import's zone
 * @param writtenStart the start as the file writes it, in seconds since 1970: a time with an offset
 *     (or epoch seconds) is its instant, a local time is read as if in UTC; unlike {@code start}
 *     the same whatever the import's zone, so the import orders the keys it keeps by it
 *     (docs/cdr-import.md)
 * @param answer when it was answered, or null
 * @param durationSeconds seconds from start to end, 0 or more
 * @param billableSeconds seconds from answer to end, 0 or more
 * @param disposition how it ended
 * @param callId the softswitch's id of the call (uniqueid, uuid, OriginID, call_id), or empty
 * @param idempotencyKey stable across re-imports of the same record: the format's id plus its
 *     unique id when it has one, else a hash of the normalized row (docs/cdr-import.md)
 */
public record HistoricalCall(
    CdrFormat format,
    long line,
    String account,
    String destination,
    String callerId,
    String sourceIp,
    String context,
    Instant start,
    long writtenStart,
    Instant answer,
    int durationSeconds,
    int billableSeconds,
    Disposition disposition,
    String callId,
    String idempotencyKey) {

  /** This call as the engine would have been asked it at its start (no User-Agent, no count). */
  public CallAttempt toAttempt() {
    return new CallAttempt(account, destination, sourceIp, "", callId, start, -1);
  }
}
