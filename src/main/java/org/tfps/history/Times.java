package org.tfps.history;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Times as CDR files write them, parsed from characters without a formatter: {@code yyyy-MM-dd
 * HH:mm:ss} (or with {@code T}), optional fraction of a second, optional offset ({@code Z}, {@code
 * +hh:mm}, {@code +hhmm}); epoch seconds where a format allows them. A time without an offset is a
 * local time of the import's zone. In a fall-back overlap the earlier offset is taken, in a
 * spring-forward gap the time is moved later by the gap, as {@code ZonedDateTime.of} does; so a
 * re-import gives the same instants.
 */
final class Times {

  /** Returned for text that is not a time. */
  static final long NOT_A_TIME = Long.MIN_VALUE;

  private static final int DAY = 86_400;

  private final ZoneRules rules;
  private final ZoneOffset fixed;

  // The offset of the span of instants between two transitions, kept a day clear of both so a
  // local time near a transition is always worked out in full (and the same way every time).
  private long spanFrom = 1;
  private long spanTo = 0;
  private int spanOffset;

  /** Set by {@link #parse}: whether the text had an offset, and which. */
  private boolean hadOffset;

  /** Set by {@link #parse}: the time as written, see {@link #written()}. */
  private long written;

  private int offsetSeconds;

  Times(ZoneId zone) {
    this.rules = zone.getRules();
    this.fixed = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
  }

  /**
   * Epoch seconds of the time in {@code b[off, off + len)}, surrounding spaces allowed.
   *
   * @param epochAllowed whether all digits is epoch seconds
   * @return the instant in epoch seconds, or {@link #NOT_A_TIME}
   */
  long parse(char[] b, int off, int len, boolean epochAllowed) {
    int s = off;
    int e = off + len;
    while (s < e && b[s] == ' ') {
      s++;
    }
    while (e > s && b[e - 1] == ' ') {
      e--;
    }
    if (epochAllowed && e - s >= 1 && e - s <= 12 && digits(b, s, e)) {
      long v = 0;
      for (int p = s; p < e; p++) {
        v = v * 10 + (b[p] - '0');
      }
      written = v;
      return v;
    }
    if (e - s < 19
        || b[s + 4] != '-'
        || b[s + 7] != '-'
        || (b[s + 10] != ' ' && b[s + 10] != 'T')
        || b[s + 13] != ':'
        || b[s + 16] != ':') {
      return NOT_A_TIME;
    }
    int year = number(b, s, 4);
    int month = number(b, s + 5, 2);
    int day = number(b, s + 8, 2);
    int hour = number(b, s + 11, 2);
    int minute = number(b, s + 14, 2);
    int second = number(b, s + 17, 2);
    if (year < 1
        || month < 1
        || month > 12
        || day < 1
        || day > monthLength(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return NOT_A_TIME;
    }
    int p = s + 19;
    if (p < e && (b[p] == '.' || b[p] == ',')) {
      int q = ++p;
      while (p < e && b[p] >= '0' && b[p] <= '9') {
        p++;
      }
      if (p == q || p - q > 9) {
        return NOT_A_TIME;
      }
    }
    hadOffset = false;
    if (p < e) {
      if (!offset(b, p, e)) {
        return NOT_A_TIME;
      }
      hadOffset = true;
    }
    long local = epochDay(year, month, day) * DAY + hour * 3600L + minute * 60L + second;
    if (hadOffset) {
      written = local - offsetSeconds;
      return written;
    }
    written = local;
    return instantOf(local);
  }

  /**
   * The time the last successful {@link #parse} read, as written, in whole seconds: the instant of
   * a time with an offset or of epoch seconds; the date and time of a local time read as if in UTC
   * (the import's zone not applied, so a time in a gap stays as written). Unlike the instant it
   * does not depend on the import's zone: the same text gives the same value in any zone.
   */
  long written() {
    return written;
  }

  /** Whether the last {@link #parse} read an offset. */
  boolean hadOffset() {
    return hadOffset;
  }

  private boolean offset(char[] b, int p, int e) {
    if (e - p == 1 && b[p] == 'Z') {
      offsetSeconds = 0;
      return true;
    }
    if (b[p] != '+' && b[p] != '-') {
      return false;
    }
    int sign = b[p] == '-' ? -1 : 1;
    int h;
    int m;
    if (e - p == 6 && b[p + 3] == ':') {
      h = number(b, p + 1, 2);
      m = number(b, p + 4, 2);
    } else if (e - p == 5) {
      h = number(b, p + 1, 2);
      m = number(b, p + 3, 2);
    } else if (e - p == 3) {
      h = number(b, p + 1, 2);
      m = 0;
    } else {
      return false;
    }
    if (h < 0 || h > 18 || m < 0 || m > 59) {
      return false;
    }
    offsetSeconds = sign * (h * 3600 + m * 60);
    return true;
  }

  /** The instant of a local time (epoch seconds of it read as UTC) in the zone. */
  long instantOf(long local) {
    if (fixed != null) {
      return local - fixed.getTotalSeconds();
    }
    long guess = local - spanOffset;
    if (guess >= spanFrom && guess < spanTo) {
      return guess;
    }
    LocalDateTime ldt = LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC);
    List<ZoneOffset> valid = rules.getValidOffsets(ldt);
    long instant;
    if (valid.isEmpty()) { // a gap: later by its length
      ZoneOffsetTransition t = rules.getTransition(ldt);
      instant = local - t.getOffsetBefore().getTotalSeconds();
    } else {
      instant = local - valid.get(0).getTotalSeconds();
    }
    Instant at = Instant.ofEpochSecond(instant);
    ZoneOffsetTransition before = rules.previousTransition(at);
    ZoneOffsetTransition after = rules.nextTransition(at);
    spanFrom = before == null ? Long.MIN_VALUE / 2 : before.toEpochSecond() + DAY;
    spanTo = after == null ? Long.MAX_VALUE / 2 : after.toEpochSecond() - DAY;
    spanOffset = rules.getOffset(at).getTotalSeconds();
    return instant;
  }

  private static boolean digits(char[] b, int s, int e) {
    for (int p = s; p < e; p++) {
      if (b[p] < '0' || b[p] > '9') {
        return false;
      }
    }
    return true;
  }

  /** The decimal number in {@code n} characters at {@code p}, or -1. */
  private static int number(char[] b, int p, int n) {
    int v = 0;
    for (int i = p; i < p + n; i++) {
      char c = b[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int monthLength(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (as {@code LocalDate.toEpochDay}). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}
