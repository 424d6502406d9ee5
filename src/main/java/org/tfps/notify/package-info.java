/** Alerts off the call path: one per incident, delivered to webhooks from a durable outbox. */
package org.tfps.notify;
