/**
 * The optional honeypot: a SIP listener that behaves like a careless PBX and records who knocks.
 */
package org.tfps.honeypot;
