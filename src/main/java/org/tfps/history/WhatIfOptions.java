package org.tfps.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which records a what-if replay decides, and how much of the result it keeps (docs/what-if.md).
 *
 * @param from the first instant of the period replayed (a call started at or after it), or null for
 *     the file's beginning
 * @param to the end of the period, excluded, or null for the file's end
 * @param inboundContexts dial-plan contexts (Asterisk dcontext, FreeSWITCH context, the generic
 *     {@code context} column) whose calls came in, not out: not replayed. Compared ignoring case.
 * @param extensionDigits a destination of at most this many digits (no {@code +}, nothing else) is
 *     an extension or a short code: an internal call, not replayed. 0 replays every destination.
 * @param e164Formats formats whose destinations are international numbers written without the
 *     {@code +} (CGRateS rates a call by prefixes of its international number: {@code
 *     441632960123}): a destination of such a file longer than {@code extensionDigits}, all digits,
 *     is decided as {@code +} and those digits
 * @param endCalls true: an allowed call's lease ends at its end (start + duration), as when the
 *     softswitch posts each record to {@code POST /v1/cdrs}; false: leases end only by {@code
 *     tfps.engine.concurrency-window}, as without records
 * @param reorderWindow how long after a call's start the replay waits for earlier-started calls
 *     before deciding it: softswitches write a record when the call ends, so a file is in order of
 *     end; a call longer than this may be decided after a later-started one (counted as out of
 *     order). Zero decides in file order.
 * @param maxHeld at most this many calls wait to be decided; past it the earliest is decided at
 *     once (constant memory whatever the file and the window)
 * @param examplesPerRule how many example calls each rule keeps (the highest scores)
 * @param topAccounts how many accounts the report lists (the most denied calls first)
 */
public record WhatIfOptions(
    Instant from,
    Instant to,
    Set<String> inboundContexts,
    int extensionDigits,
    Set<CdrFormat> e164Formats,
    boolean endCalls,
    Duration reorderWindow,
    int maxHeld,
    int examplesPerRule,
    int topAccounts) {

  /**
   * The contexts inbound calls start in on the usual PBXs: FreePBX's trunk and DID contexts ({@code
   * from-trunk}, {@code from-pstn}, {@code from-did-direct}, {@code ext-did}), Asterisk's sample
   * {@code from-external}, FreeSWITCH's vanilla {@code public}, and a direction column's {@code
   * inbound}/{@code incoming}.
   */
  public static final Set<String> INBOUND_CONTEXTS =
      Set.of(
          "from-trunk",
          "from-pstn",
          "from-did-direct",
          "ext-did",
          "from-external",
          "public",
          "inbound",
          "incoming");

  /** Extensions and short codes have at most 5 digits (FreePBX allows up to 5 by default). */
  public static final int EXTENSION_DIGITS = 5;

  /** A call longer than 4 hours is rare; a 4-hour window holds a few hours of an office's calls. */
  public static final Duration REORDER_WINDOW = Duration.ofHours(4);

  /**
   * Calls held for reordering (and calls up waiting for their end): a held call takes about 500
   * bytes, so at most about 50 MB, whatever the window and the file. An office's 4 hours are a few
   * thousand calls; past 7 calls a second the bound, not the window, decides how long a call waits.
   */
  public static final int MAX_HELD = 100_000;

  public WhatIfOptions {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("the period's start " + from + " is not before " + to);
    }
    inboundContexts =
        inboundContexts.stream()
            .map(c -> c.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    e164Formats = Set.copyOf(e164Formats);
    if (extensionDigits < 0 || reorderWindow.isNegative() || maxHeld < 1) {
      throw new IllegalArgumentException(
          "extensionDigits and reorderWindow must not be negative, maxHeld at least 1");
    }
    if (examplesPerRule < 0 || topAccounts < 0) {
      throw new IllegalArgumentException("examplesPerRule and topAccounts must not be negative");
    }
  }

  /**
   * The whole file, the defaults above, CGRateS destinations as international numbers, calls ended
   * by their records, 5 examples per rule, the top 20 accounts.
   */
  public static WhatIfOptions defaults() {
    return new WhatIfOptions(
        null,
        null,
        INBOUND_CONTEXTS,
        EXTENSION_DIGITS,
        Set.of(CdrFormat.CGRATES),
        true,
        REORDER_WINDOW,
        MAX_HELD,
        5,
        20);
  }

  /** These options for the period [from, to); either may be null (open). */
  public WhatIfOptions period(Instant from, Instant to) {
    return new WhatIfOptions(
        from,
        to,
        inboundContexts,
        extensionDigits,
        e164Formats,
        endCalls,
        reorderWindow,
        maxHeld,
        examplesPerRule,
        topAccounts);
  }

  /** These options with other bounds on what the report keeps. */
  public WhatIfOptions keep(int examplesPerRule, int topAccounts) {
    return new WhatIfOptions(
        from,
        to,
        inboundContexts,
        extensionDigits,
        e164Formats,
        endCalls,
        reorderWindow,
        maxHeld,
        examplesPerRule,
        topAccounts);
  }

  /** These options with another reordering (window zero: file order). */
  public WhatIfOptions reorder(Duration window, int maxHeld) {
    return new WhatIfOptions(
        from,
        to,
        inboundContexts,
        extensionDigits,
        e164Formats,
        endCalls,
        window,
        maxHeld,
        examplesPerRule,
        topAccounts);
  }

  /** These options with leases ended by the calls' ends, or not. */
  public WhatIfOptions endCalls(boolean end) {
    return new WhatIfOptions(
        from,
        to,
        inboundContexts,
        extensionDigits,
        e164Formats,
        end,
        reorderWindow,
        maxHeld,
        examplesPerRule,
        topAccounts);
  }

  /** The destination as the call is decided ({@link #e164Formats()}). */
  String dialed(HistoricalCall call) {
    String d = call.destination();
    return e164Formats.contains(call.format()) && d.length() > extensionDigits && digits(d)
        ? "+" + d
        : d;
  }

  private static boolean digits(String d) {
    for (int i = 0; i < d.length(); i++) {
      if (d.charAt(i) < '0' || d.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Why a call read was not replayed, or null when it is. */
  WhatIfReport.Skip skip(HistoricalCall call) {
    if (from != null && call.start().isBefore(from) || to != null && !call.start().isBefore(to)) {
      return WhatIfReport.Skip.OUTSIDE_PERIOD;
    }
    if (!call.context().isEmpty()
        && inboundContexts.contains(call.context().toLowerCase(Locale.ROOT))) {
      return WhatIfReport.Skip.INBOUND;
    }
    String d = call.destination();
    if (d.length() <= extensionDigits && digits(d)) {
      return WhatIfReport.Skip.INTERNAL;
    }
    return null;
  }
}
