package org.tfps.engine;

/**
 * One rule that fired on a call.
 *
 * @param code the rule's stable code, e.g. "R06"
 * @param rule the rule's name, e.g. "blocked-country"
 * @param action what the rule asks for
 * @param score its weight in the verdict's score (0..100)
 * @param evidence what the rule saw, readable by an operator, e.g. "destination country CU"
 */
public record Finding(String code, String rule, Action action, int score, String evidence) {}
