package org.tfps.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter with at most one label (for example requests by method). Label values are created on
 * first use; callers must pass bounded sets of values (methods, codes), never user input.
 */
public final class Counter implements Metric {

  private final String name;
  private final String help;
  private final String label;
  private final Map<String, LongAdder> values = new ConcurrentHashMap<>();

  Counter(String name, String help, String label) {
    this.name = name;
    this.help = help;
    this.label = label;
  }

  /** Adds one to the unlabelled series. */
  public void inc() {
    inc("");
  }

  /** Adds one to the series with this label value. */
  public void inc(String labelValue) {
    values.computeIfAbsent(labelValue, k -> new LongAdder()).increment();
  }

  /** The current value of one series (0 when never incremented). */
  public long get(String labelValue) {
    LongAdder a = values.get(labelValue);
    return a == null ? 0 : a.sum();
  }

  /** The sum over all series. */
  public long total() {
    long sum = 0;
    for (LongAdder a : values.values()) {
      sum += a.sum();
    }
    return sum;
  }

  @Override
  public void render(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    if (values.isEmpty() && label == null) {
      out.append(name).append(" 0\n");
    }
    values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              out.append(name);
              if (label != null) {
                out.append('{')
                    .append(label)
                    .append("=\"")
                    .append(escape(e.getKey()))
                    .append("\"}");
              }
              out.append(' ').append(e.getValue().sum()).append('\n');
            });
  }

  static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
