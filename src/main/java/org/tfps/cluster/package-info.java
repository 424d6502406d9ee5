/**
 * The embedded Hazelcast member: every account's state in a partitioned map with one synchronous
 * backup, behind the decision package's ledger port, and the reputation sources' answers in maps of
 * their own, behind intel's {@code SharedAnswers} port. No Hazelcast type leaves this package.
 */
package org.tfps.cluster;
