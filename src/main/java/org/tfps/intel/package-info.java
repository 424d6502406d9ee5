/**
 * What TFPS knows of source addresses and numbers, behind the {@code SourceReputation} port: the
 * local IP deny list, TFPS's own honeypot and denials, APIBAN and URL lists, AbuseIPDB and
 * SentryPeer (docs/reputation.md). With a cluster, the remote sources' answers are shared through
 * the {@code SharedAnswers} port, which {@code cluster} implements.
 */
package org.tfps.intel;
