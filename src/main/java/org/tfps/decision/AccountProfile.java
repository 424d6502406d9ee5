package org.tfps.decision;

import org.tfps.numbers.DialPlan;

/**
 * What TFPS knows of an account before deciding a call.
 *
 * @param account "user@domain"
 * @param dialPlan how the account dials
 */
public record AccountProfile(String account, DialPlan dialPlan) {}
