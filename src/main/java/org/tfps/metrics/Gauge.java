package org.tfps.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Values read when scraped, exposed as a gauge or (for monotonic values kept elsewhere) a counter:
 * one unlabelled series, or one series per value of a label (label values fixed at registration).
 * The suppliers must be thread-safe and cheap.
 */
final class Gauge implements Metric {

  private final String name;
  private final String help;
  private final String type;
  private final String label;
  private final Map<String, LongSupplier> series;

  Gauge(String name, String help, LongSupplier value, String type) {
    this(name, help, type, null, Map.of("", value));
  }

  Gauge(String name, String help, String type, String label, Map<String, LongSupplier> series) {
    this.name = name;
    this.help = help;
    this.type = type;
    this.label = label;
    this.series = new LinkedHashMap<>(series);
  }

  @Override
  public void render(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    for (Map.Entry<String, LongSupplier> e : series.entrySet()) {
      out.append(name);
      if (label != null) {
        out.append('{').append(label).append("=\"").append(e.getKey()).append("\"}");
      }
      out.append(' ').append(e.getValue().getAsLong()).append('\n');
    }
  }
}
