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

  /**
   * Replays {@code file} through the current policy (docs/what-if.md): what TFPS would have done
   * with each call, as a report. Touches no live state.
   *
   * @param from the period's first instant, or null
   * @param to the period's end (excluded), or null
   */
  org.tfps.history.WhatIfReport replay(
      Path file, CdrFormat format, ZoneId zone, java.time.Instant from, java.time.Instant to)
      throws IOException;
}
