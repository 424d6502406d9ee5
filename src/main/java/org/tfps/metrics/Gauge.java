package org.tfps.metrics;

import java.util.function.LongSupplier;

/** A value read when scraped. The supplier must be thread-safe and cheap. */
final class Gauge implements Metric {

  private final String name;
  private final String help;
  private final LongSupplier value;

  Gauge(String name, String help, LongSupplier value) {
    this.name = name;
    this.help = help;
    this.value = value;
  }

  @Override
  public void render(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value.getAsLong()).append('\n');
  }
}
