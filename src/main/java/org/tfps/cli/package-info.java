/** tfpsctl, the operator's command line over the REST API (bin/tfpsctl; docs/tfpsctl.md). */
package org.tfps.cli;
