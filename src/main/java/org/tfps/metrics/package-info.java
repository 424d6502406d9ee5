/**
 * Counters, gauges and latency histograms rendered in the Prometheus text format (not in DESIGN.md
 * section 3: shared by sip, api and app).
 */
package org.tfps.metrics;
