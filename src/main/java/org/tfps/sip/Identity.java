package org.tfps.sip;

/**
 * Who is calling, as read from the request.
 *
 * @param account "user@domain"
 * @param sourceIp the original caller's address (from P-tfps) or the peer's
 * @param userAgent User-Agent (from P-tfps or the header), or empty
 * @param reportedCalls calls up now as the softswitch reports them, or -1
 */
public record Identity(String account, String sourceIp, String userAgent, int reportedCalls) {}
