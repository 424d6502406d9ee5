/**
 * What TFPS knows of source addresses, behind the {@code SourceReputation} port: the local IP deny
 * list today; AbuseIPDB, APIBAN, SentryPeer and the honeypot with issue 6.
 */
package org.tfps.intel;
