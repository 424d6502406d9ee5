/**
 * The domain: call attempts, rules and verdicts. Pure Java, synchronous, no I/O; depends on {@code
 * numbers} only (DESIGN.md section 3).
 */
package org.tfps.engine;
