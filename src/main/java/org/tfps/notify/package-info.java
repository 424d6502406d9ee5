/**
 * Alerts off the call path: one per incident, delivered to webhooks, by email and to syslog, each
 * channel from a durable outbox of its own.
 */
package org.tfps.notify;
