package org.tfps.decision;

import org.tfps.engine.CallAttempt;
import org.tfps.engine.Verdict;
import org.tfps.numbers.Destination;

/**
 * A decided call: the attempt, the destination as normalized, and the verdict.
 *
 * @param factsComplete false when facts missed the deadline and the call was decided on what was
 *     known (the configured policy)
 */
public record Decision(
    CallAttempt attempt, Destination destination, Verdict verdict, boolean factsComplete) {}
