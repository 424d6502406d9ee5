/** MySQL repositories and migrations: not built yet, issue 4. */
package org.tfps.store;
