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

  /** Why a file was not read or replaced. */
  enum Why {
    /** The content is refused (400). */
    INVALID,
    /** No file is configured to replace (409). */
    NOT_CONFIGURED,
    /** Reading or writing it failed on this node (500). */
    FAILED
  }

  /** A file refused, or one that cannot be read or replaced: why, for the operator. */
  final class Refused extends Exception {
    public final Why why;

    public Refused(String message, Why why) {
      super(message, null, false, false);
      this.why = why;
    }
  }

  /** Every file. */
  List<DataFile> list();

  /** The content of the file {@code name} (the built-in one when none is configured). */
  String read(String name) throws Refused;

  /** Checks {@code content}, writes it to the configured file and reloads the data. */
  DataFile replace(String name, String content) throws Refused;
}
