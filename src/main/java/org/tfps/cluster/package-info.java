/**
 * The embedded Hazelcast member: every account's state in a partitioned map with one synchronous
 * backup, behind the decision package's ledger port. No Hazelcast type leaves this package.
 */
package org.tfps.cluster;
