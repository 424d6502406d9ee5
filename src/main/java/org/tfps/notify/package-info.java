/** Email, webhook and syslog alerts: not built yet, issue 6. */
package org.tfps.notify;
