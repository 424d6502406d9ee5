package org.tfps.numbers;

/**
 * A high-risk number range.
 *
 * @param prefix E.164 digits without '+', e.g. "881"
 * @param label what the range is, e.g. "Global Mobile Satellite System"
 * @param action what TFPS does with calls to it: "deny", "verify" or "alert"
 */
public record Range(String prefix, String label, String action) {}
