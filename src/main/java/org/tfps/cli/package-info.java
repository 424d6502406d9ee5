/** tfpsctl, the operator CLI over the REST API: not built yet, issue 5. */
package org.tfps.cli;
