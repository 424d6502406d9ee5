/** Reputation sources behind the Reputation port: not built yet, issue 6. */
package org.tfps.intel;
