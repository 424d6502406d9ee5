package org.tfps.numbers;

/**
 * What calls to a prefix cost, from the rate deck.
 *
 * @param prefix the deck's prefix, digits without '+'
 * @param perMinute cost of one minute, in {@code currency}
 * @param currency ISO 4217 code, the same for the whole deck
 */
public record Rate(String prefix, double perMinute, String currency) {}
