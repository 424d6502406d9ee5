/** Embedded Hazelcast: counters, leases, shared state: not built yet, issue 4. */
package org.tfps.cluster;
