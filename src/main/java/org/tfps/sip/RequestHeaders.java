package org.tfps.sip;

/**
 * The mandatory headers of a request (RFC 3261 8.1.1), read and checked.
 *
 * @param via the topmost Via value
 * @param callId Call-ID
 * @param cseq the CSeq sequence number
 * @param from the From header
 * @param to the To header
 * @param maxForwards Max-Forwards, or 70 when absent (RFC 3261 8.1.1.6 default)
 */
public record RequestHeaders(
    Via via, String callId, long cseq, NameAddr from, NameAddr to, int maxForwards) {}
