/**
 * The use case: gather facts through ports (Accounts today), ask the engine, return the decision.
 * No sockets, SQL, Hazelcast or config types.
 */
package org.tfps.decision;
