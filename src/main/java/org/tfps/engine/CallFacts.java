package org.tfps.engine;

import org.tfps.numbers.Destination;

/**
 * What the decision use case gathered about a call before the rules run.
 *
 * @param destination the dialled number, normalized under the account's dial plan
 */
public record CallFacts(Destination destination) {}
