package org.tfps.history;

import java.util.Locale;

/** The CDR file formats TFPS reads (docs/cdr-import.md), each with the name operators pass. */
public enum CdrFormat {
  /** Asterisk cdr_csv's {@code Master.csv}: no header, 16 to 21 columns. */
  ASTERISK("asterisk"),
  /** FreeSWITCH mod_cdr_csv with its default ("example") template: no header, 13 to 15 columns. */
  FREESWITCH("freeswitch"),
  /** CGRateS CDR export to CSV (the {@code *default} template), with or without a header. */
  CGRATES("cgrates"),
  /** TFPS's generic CSV: a header naming account, destination, start, duration, disposition. */
  GENERIC("generic");

  private final String id;

  CdrFormat(String id) {
    this.id = id;
  }

  /** The name on the command line and in the API ({@code asterisk}, {@code freeswitch}...). */
  public String id() {
    return id;
  }

  /**
   * The format of that name, case-insensitive.
   *
   * @throws IllegalArgumentException naming the valid names
   */
  public static CdrFormat of(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (CdrFormat f : values()) {
      if (f.id.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown CDR format '" + name + "': asterisk, freeswitch, cgrates or generic");
  }
}
