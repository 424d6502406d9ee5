/**
 * The domain: call attempts, rules and verdicts. Pure Java, synchronous, no I/O; depends on {@code
 * numbers} and, for business hours, on lib-recur (RFC 5545 recurrences) only (DESIGN.md section 3).
 */
package org.tfps.engine;
