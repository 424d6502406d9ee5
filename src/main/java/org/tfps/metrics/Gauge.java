package org.tfps.metrics;

import java.util.function.LongSupplier;

/**
 * A value read when scraped, exposed as a gauge or (for a monotonic value kept elsewhere) a
 * counter. The supplier must be thread-safe and cheap.
 */
final class Gauge implements Metric {

  private final String name;
  private final String help;
  private final LongSupplier value;
  private final String type;

  Gauge(String name, String help, LongSupplier value, String type) {
    this.name = name;
    this.help = help;
    this.value = value;
    this.type = type;
  }

  @Override
  public void render(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    out.append(name).append(' ').append(value.getAsLong()).append('\n');
  }
}
