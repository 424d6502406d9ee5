package org.tfps.api;

import java.util.List;

/**
 * Port: the operator's data files (blocked countries, ranges, scanner user agents, rates, IP deny
 * list), read and replaced through the API. Replacing checks the new content as a reload would,
 * writes it in place of the configured file and reloads it at once. Blocking: call it off the event
 * loop.
 */
public interface DataFiles {

  /** Names of the files, as the API routes them. */
  List<String> NAMES =
      List.of("blocked-countries", "ranges", "scanner-user-agents", "rates", "ip-deny-list");

  /** One file: its name, its configuration key and path ("" when none is configured). */
  record DataFile(String name, String key, String path, int entries) {}

  /** A file refused, or one that cannot be replaced: why, for the operator. */
  final class Refused extends Exception {
    public final boolean notConfigured;

    public Refused(String message, boolean notConfigured) {
      super(message, null, false, false);
      this.notConfigured = notConfigured;
    }
  }

  /** Every file. */
  List<DataFile> list();

  /** The content of the file {@code name} (the built-in one when none is configured). */
  String read(String name) throws Refused;

  /** Checks {@code content}, writes it to the configured file and reloads the data. */
  DataFile replace(String name, String content) throws Refused;
}
