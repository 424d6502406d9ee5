package org.tfps.engine;

import java.util.concurrent.atomic.AtomicReference;

/** The current {@link RuleData}; rules read it per call, a reload replaces it atomically. */
public final class RuleDataRef {

  private final AtomicReference<RuleData> current;

  public RuleDataRef(RuleData initial) {
    current = new AtomicReference<>(initial);
  }

  public RuleData get() {
    return current.get();
  }

  /** Replaces the data; calls decided from now on use it. */
  public void set(RuleData data) {
    current.set(data);
  }
}
