/**
 * SIP over UDP and TCP: codec, server transactions (RFC 3261 17.2), trusted peers, verdict to
 * response.
 */
package org.tfps.sip;
