package org.tfps.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The process's metrics, rendered for Prometheus at {@code GET /metrics}. One registry per process,
 * created by {@code app} and handed to whoever records.
 */
public final class MetricsRegistry {

  private final List<Metric> metrics = new ArrayList<>();

  /** Registers a counter; {@code label} may be null for an unlabelled one. */
  public synchronized Counter counter(String name, String help, String label) {
    Counter c = new Counter(name, help, label);
    metrics.add(c);
    return c;
  }

  /** Registers a counter read at scrape time from a monotonic {@code value}. */
  public synchronized void counterOf(String name, String help, LongSupplier value) {
    metrics.add(new Gauge(name, help, value, "counter"));
  }

  /**
   * Registers a counter with one series per value of {@code label}, each read at scrape time (label
   * values are fixed here: names of configured sources, never user input).
   */
  public synchronized void counterOf(
      String name, String help, String label, java.util.Map<String, LongSupplier> series) {
    metrics.add(new Gauge(name, help, "counter", label, series));
  }

  /** Registers a gauge with one series per value of {@code label}, read at scrape time. */
  public synchronized void gaugeOf(
      String name, String help, String label, java.util.Map<String, LongSupplier> series) {
    metrics.add(new Gauge(name, help, "gauge", label, series));
  }

  /** Registers a latency histogram. */
  public synchronized Histogram histogram(String name, String help) {
    Histogram h = new Histogram(name, help);
    metrics.add(h);
    return h;
  }

  /** Registers a gauge read at scrape time. */
  public synchronized void gauge(String name, String help, LongSupplier value) {
    metrics.add(new Gauge(name, help, value, "gauge"));
  }

  /** The Prometheus text exposition of every metric. */
  public synchronized String render() {
    StringBuilder out = new StringBuilder(4096);
    for (Metric m : metrics) {
      m.render(out);
    }
    return out.toString();
  }
}
