/** The optional public listener that records attackers: not built yet, issue 6. */
package org.tfps.honeypot;
