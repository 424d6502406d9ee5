package org.tfps.app;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.config.ConfigError;
import org.tfps.config.TfpsConfig;
import org.tfps.engine.RuleData;
import org.tfps.engine.RuleDataRef;
import org.tfps.intel.IpDenyList;
import org.tfps.intel.ListedSources;
import org.tfps.metrics.Counter;

/**
 * Re-reads the operator's data files when they change (modification time or size), checks them
 * whole, and swaps them in atomically. A bad file is refused with the same message as at startup,
 * counted, and the data in use is kept; it is not read again until it changes.
 */
final class RuleDataReloader {

  private static final Logger log = LoggerFactory.getLogger(RuleDataReloader.class);

  private final TfpsConfig.Engine config;
  private final RuleDataRef data;
  private final ListedSources sources;
  private final Counter reloads;
  private final List<Path> files;
  private final Map<Path, String> seen = new HashMap<>();

  /**
   * @param reloads counts reloads by result ("ok", "failed")
   */
  RuleDataReloader(
      TfpsConfig.Engine config, RuleDataRef data, ListedSources sources, Counter reloads) {
    this.config = config;
    this.data = data;
    this.sources = sources;
    this.reloads = reloads;
    this.files = RuleDataLoader.files(config);
    for (Path f : files) {
      seen.put(f, stamp(f));
    }
  }

  /** Checks every {@code tfps.engine.reload-interval} on a worker thread (0: never). */
  void start(Vertx vertx) {
    long every = config.reloadInterval().toMillis();
    if (every == 0 || files.isEmpty()) {
      return;
    }
    vertx.setPeriodic(every, id -> vertx.executeBlocking(this::check, false));
  }

  /**
   * Reloads when a file changed since the last check. Blocking.
   *
   * @return true when new data was swapped in
   */
  synchronized boolean check() {
    List<Path> changed = files.stream().filter(f -> !stamp(f).equals(seen.get(f))).toList();
    if (changed.isEmpty()) {
      return false;
    }
    return reload(changed);
  }

  /**
   * Reloads now because {@code file} was replaced (through the API), whatever its stamp says.
   *
   * @return true when new data was swapped in
   */
  synchronized boolean replaced(Path file) {
    return reload(List.of(file));
  }

  private boolean reload(List<Path> changed) {
    for (Path f : changed) {
      seen.put(f, stamp(f));
    }
    try {
      RuleData next = RuleDataLoader.load(config);
      IpDenyList deny = RuleDataLoader.ipDenyList(config);
      data.set(next);
      sources.replace(deny);
      reloads.inc("ok");
      log.info(
          "rule data reloaded after a change to {}: {} blocked countries, {} ranges, {} scanner"
              + " patterns, {} rates, {} denied address blocks",
          changed,
          next.blockedCountries().size(),
          next.ranges().size(),
          next.scanners().size(),
          next.rates().size(),
          deny.size());
      return true;
    } catch (ConfigError e) {
      reloads.inc("failed");
      log.error("rule data NOT reloaded, the data in use is kept: {}", e.getMessage());
      return false;
    }
  }

  /** Modification time and size, or "missing". */
  private static String stamp(Path f) {
    try {
      BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
      return a.lastModifiedTime().toMillis() + "/" + a.size();
    } catch (IOException e) {
      return "missing";
    }
  }
}
