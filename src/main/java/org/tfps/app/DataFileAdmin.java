package org.tfps.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.api.DataFiles;
import org.tfps.api.DataFiles.Why;
import org.tfps.config.TfpsConfig;
import org.tfps.engine.RuleData;
import org.tfps.engine.RuleDataRef;
import org.tfps.engine.ScannerAgents;
import org.tfps.intel.IpDenyList;
import org.tfps.intel.ListedSources;
import org.tfps.numbers.Countries;
import org.tfps.numbers.DataFileException;
import org.tfps.numbers.RangeTable;
import org.tfps.numbers.RateDeck;

/** The data files behind the API: the configured paths, the same parsers as a reload. */
final class DataFileAdmin implements DataFiles {

  private static final Logger log = LoggerFactory.getLogger(DataFileAdmin.class);

  private final TfpsConfig.Engine config;
  private final RuleDataRef data;
  private final ListedSources sources;
  private final RuleDataReloader reloader;

  DataFileAdmin(
      TfpsConfig.Engine config,
      RuleDataRef data,
      ListedSources sources,
      RuleDataReloader reloader) {
    this.config = config;
    this.data = data;
    this.sources = sources;
    this.reloader = reloader;
  }

  private String path(String name) {
    return switch (name) {
      case "blocked-countries" -> config.blockedCountriesFile();
      case "ranges" -> config.rangesFile();
      case "scanner-user-agents" -> config.scannerUserAgentsFile();
      case "rates" -> config.ratesFile();
      case "ip-deny-list" -> config.ipDenyListFile();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static String key(String name) {
    return "tfps.engine." + name + "-file";
  }

  private int entries(String name) {
    RuleData d = data.get();
    return switch (name) {
      case "blocked-countries" -> d.blockedCountries().size();
      case "ranges" -> d.ranges().size();
      case "scanner-user-agents" -> d.scanners().size();
      case "rates" -> d.rates().size();
      default -> sources.size();
    };
  }

  @Override
  public List<DataFile> list() {
    List<DataFile> out = new ArrayList<>();
    for (String n : NAMES) {
      out.add(new DataFile(n, key(n), path(n), entries(n)));
    }
    return out;
  }

  @Override
  public String read(String name) throws Refused {
    check(name);
    String file = path(name);
    try {
      if (!file.isEmpty()) {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
      }
      String builtIn =
          switch (name) {
            case "ranges" -> RuleDataLoader.BUILT_IN_RANGES;
            case "scanner-user-agents" -> RuleDataLoader.BUILT_IN_SCANNERS;
            default -> null;
          };
      if (builtIn == null) {
        return name.equals("blocked-countries")
            ? String.join("\n", config.blockedCountries().stream().sorted().toList()) + "\n"
            : "";
      }
      try (InputStream in = DataFileAdmin.class.getResourceAsStream(builtIn)) {
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new Refused(file + " cannot be read: " + e.getMessage(), Why.FAILED);
    }
  }

  @Override
  public synchronized DataFile replace(String name, String content) throws Refused {
    check(name);
    String file = path(name);
    if (file.isEmpty()) {
      throw new Refused(
          "no file is configured for " + name + ": set " + key(name) + " to a path TFPS may write",
          Why.NOT_CONFIGURED);
    }
    List<String> lines = content.lines().toList();
    int entries;
    try {
      entries = parse(name, file, lines);
    } catch (DataFileException e) {
      throw new Refused(e.getMessage(), Why.INVALID);
    }
    Path target = Path.of(file);
    Path tmp = null;
    try {
      // Through a symbolic link to the real file, which keeps its permissions; the new content
      // reaches the disk before it replaces the old, so a crash leaves one or the other.
      Path real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
      tmp = Files.createTempFile(real.getParent(), ".tfps-", ".tmp");
      if (Files.exists(real)) {
        try {
          Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(real));
        } catch (UnsupportedOperationException notPosix) {
          // keep the temporary file's own permissions
        }
      }
      try (java.nio.channels.FileChannel c =
          java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        c.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        c.force(true);
      }
      Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
    } catch (IOException e) {
      throw new Refused(file + " cannot be written: " + e, Why.FAILED);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          log.warn("temporary file {} left behind: {}", tmp, e.toString());
        }
      }
    }
    if (!reloader.replaced(target)) {
      // Checked above with the same parser: only another file being bad at once gets here.
      throw new Refused(
          file + " was written but the data was not reloaded: see the TFPS log", Why.FAILED);
    }
    log.info("data file {} replaced through the API: {} entries", file, entries);
    return new DataFile(name, key(name), file, entries);
  }

  /** Parses as a reload would; the entries read. */
  private static int parse(String name, String source, List<String> lines)
      throws DataFileException {
    return switch (name) {
      case "blocked-countries" -> Countries.parse(source, lines).size();
      case "ranges" -> RangeTable.parse(source, lines).size();
      case "scanner-user-agents" -> ScannerAgents.parse(source, lines).size();
      case "rates" -> RateDeck.parse(source, lines).size();
      default -> IpDenyList.parse(source, lines).size();
    };
  }

  private static void check(String name) throws Refused {
    if (!NAMES.contains(name)) {
      throw new Refused("no data file " + name + "; files are " + NAMES, Why.INVALID);
    }
  }
}
