package org.tfps.metrics;

/** Something that renders itself in the Prometheus text exposition format (version 0.0.4). */
public interface Metric {

  /** Appends HELP, TYPE and sample lines. */
  void render(StringBuilder out);
}
