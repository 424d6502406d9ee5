package org.tfps.intel;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.Cidr;
import org.tfps.numbers.DataFileException;

/**
 * An address list kept from a remote source (APIBAN, a URL): replaced whole after each
 * synchronization, read without a lock by every call. Until the first synchronization it is empty;
 * a failed one keeps the previous list.
 */
public final class SyncedList {

  private static final Logger LOG = LoggerFactory.getLogger(SyncedList.class);

  private final String name;
  private volatile IpDenyList list = IpDenyList.empty();
  private volatile Instant syncedAt;
  private final AtomicLong syncs = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  SyncedList(String name) {
    this.name = name;
  }

  /** How events name the list ("apiban", or the configured name of a URL list). */
  public String name() {
    return name;
  }

  /** True when the list holds {@code ip}. */
  boolean listed(String ip) {
    return list.lookup(ip) != null;
  }

  /**
   * Builds the list from {@code entries} (addresses or CIDR blocks) off the event loop and puts it
   * in force; entries that are not addresses are counted and left out.
   */
  Future<Void> replace(Vertx vertx, Collection<String> entries, Instant at) {
    List<String> copy = new ArrayList<>(entries);
    return vertx.executeBlocking(
        () -> {
          List<String> valid = new ArrayList<>(copy.size());
          long bad = 0;
          for (String e : copy) {
            String entry = e.trim();
            try {
              Cidr.parse(entry);
              valid.add(entry);
            } catch (IllegalArgumentException x) {
              bad++;
            }
          }
          IpDenyList next;
          try {
            next = IpDenyList.parse(name, valid);
          } catch (DataFileException x) {
            throw new IllegalStateException(x.getMessage(), x); // cannot happen: checked above
          }
          if (bad > 0) {
            rejected.addAndGet(bad);
            LOG.warn("intel list {}: {} entries are not addresses, left out", name, bad);
          }
          list = next;
          syncedAt = at;
          syncs.incrementAndGet();
          return null;
        });
  }

  /** A synchronization failed; the list in force stays. */
  void failed(String why) {
    failures.incrementAndGet();
    LOG.warn("intel list {}: synchronization failed ({}); keeping {} entries", name, why, size());
  }

  /** Address blocks on the list now. */
  public int size() {
    return list.size();
  }

  /** When the list in force was synchronized, or null before the first synchronization. */
  public Instant syncedAt() {
    return syncedAt;
  }

  public long syncs() {
    return syncs.get();
  }

  public long failures() {
    return failures.get();
  }
}
