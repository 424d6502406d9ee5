package org.tfps.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import org.tfps.history.CdrFormat;
import org.tfps.history.CdrImport;

/** Port: an operator's CDR files taken in (implemented in {@code app}). Blocking. */
public interface CallHistory {

  /**
   * Imports {@code file} (docs/cdr-import.md): the calls not imported before seed their accounts'
   * learned profiles.
   *
   * @param format the file's format, or null to recognise it
   * @param domain appended to account names without one, or empty
   */
  CdrImport.Result importFile(Path file, CdrFormat format, ZoneId zone, String domain)
      throws IOException;

  /** No history: every import is refused (a node without a database). */
  CallHistory NONE =
      (file, format, zone, domain) -> {
        throw new IOException("no database configured (tfps.db.url = none): imports need one");
      };
}
