package org.tfps.numbers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a dial string under a {@link DialPlan} and names its E.164 form and country with
 * libphonenumber, optionally remembering the answers. Thread-safe; no I/O after construction.
 */
public final class NumberNormalizer {

  /** Longer dial strings are not phone numbers (E.164 allows 15 digits; prefixes add a few). */
  static final int MAX_DIAL_LENGTH = 32;

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

  /** A dial string under a dial plan: what a cached {@link Destination} depends on. */
  private record Key(DialPlan plan, String dialed) {}

  private final int generation;
  private volatile Map<Key, Destination> young;
  private volatile Map<Key, Destination> old = Map.of();

  /** A normalizer that computes every number. */
  public NumberNormalizer() {
    this(0);
  }

  /**
   * @param cacheSize numbers remembered once normalized (0: none). Most calls go to numbers dialled
   *     before (redials, an office's usual destinations), and libphonenumber's pattern matching is
   *     most of a decision's cost. The cache has two generations of half that size each: when the
   *     young one is full it becomes the old one and the previous old one is dropped whole (no
   *     clearing on the call path); a number found in the old generation moves back to the young
   *     one. A flood of new numbers costs at most {@code cacheSize} entries.
   */
  public NumberNormalizer(int cacheSize) {
    this.generation = cacheSize / 2;
    this.young = generation > 0 ? new ConcurrentHashMap<>() : null;
  }

  /** Normalizes {@code dialed}; never throws, returns {@link Destination#notANumber} instead. */
  public Destination normalize(String dialed, DialPlan plan) {
    Map<Key, Destination> y = young;
    if (y == null) {
      return compute(dialed, plan);
    }
    Key key = new Key(plan, dialed);
    Destination d = y.get(key);
    if (d != null) {
      return d;
    }
    d = old.get(key);
    if (d == null) {
      d = compute(dialed, plan);
    }
    if (y.size() >= generation) {
      y = rotate(y);
    }
    y.put(key, d);
    return d;
  }

  /** Makes the full young generation the old one, unless another thread just did. */
  private synchronized Map<Key, Destination> rotate(Map<Key, Destination> full) {
    if (young == full) {
      old = full;
      young = new ConcurrentHashMap<>();
    }
    return young;
  }

  /** Numbers in the cache, both generations. */
  int cached() {
    return young == null ? 0 : young.size() + old.size();
  }

  private Destination compute(String dialed, DialPlan plan) {
    String digits = stripSeparators(dialed);
    if (digits == null) {
      return Destination.notANumber(dialed);
    }
    String used = "";
    if (!plan.outsideLinePrefix().isEmpty()
        && digits.startsWith(plan.outsideLinePrefix())
        && digits.length() > plan.outsideLinePrefix().length() + 2) {
      used = plan.outsideLinePrefix();
      digits = digits.substring(used.length());
    }
    String international = null;
    if (digits.startsWith("+")) {
      international = digits.substring(1);
      used += "+";
    } else {
      for (String p : plan.internationalPrefixes()) {
        if (digits.startsWith(p) && digits.length() > p.length()) {
          international = digits.substring(p.length());
          used += p;
          break;
        }
      }
    }
    try {
      PhoneNumber number =
          international != null
              ? util.parse("+" + international, "ZZ")
              : util.parse(digits, plan.homeCountry());
      String e164 = "+" + number.getCountryCode() + nationalDigits(number);
      String region = region(number);
      // A number is valid exactly when libphonenumber can give it a type (isValidNumber is
      // getNumberType != UNKNOWN for the same region), so one call answers both.
      NumberType type = type(util.getNumberType(number));
      boolean valid = type != NumberType.UNKNOWN;
      return new Destination(dialed, e164, region, used, type, valid);
    } catch (NumberParseException e) {
      return Destination.notANumber(dialed);
    }
  }

  /**
   * The number's region. A country code used by one region needs no pattern matching; shared ones
   * (+1, +7, +44...) ask libphonenumber, which matches the number against each region.
   */
  private String region(PhoneNumber number) {
    java.util.List<String> regions = util.getRegionCodesForCountryCode(number.getCountryCode());
    if (regions.size() == 1) {
      return regions.get(0);
    }
    String region = util.getRegionCodeForNumber(number);
    if (region == null) {
      region = util.getRegionCodeForCountryCode(number.getCountryCode());
    }
    return "ZZ".equals(region) ? "" : region;
  }

  private static String nationalDigits(PhoneNumber n) {
    StringBuilder sb = new StringBuilder(16);
    if (n.hasItalianLeadingZero()) {
      for (int i = 0; i < Math.max(1, n.getNumberOfLeadingZeros()); i++) {
        sb.append('0');
      }
    }
    return sb.append(n.getNationalNumber()).toString();
  }

  private static NumberType type(PhoneNumberUtil.PhoneNumberType t) {
    return switch (t) {
      case FIXED_LINE -> NumberType.FIXED_LINE;
      case MOBILE -> NumberType.MOBILE;
      case FIXED_LINE_OR_MOBILE -> NumberType.FIXED_LINE_OR_MOBILE;
      case TOLL_FREE -> NumberType.TOLL_FREE;
      case PREMIUM_RATE -> NumberType.PREMIUM_RATE;
      case SHARED_COST -> NumberType.SHARED_COST;
      case VOIP -> NumberType.VOIP;
      case PERSONAL_NUMBER -> NumberType.PERSONAL_NUMBER;
      case PAGER -> NumberType.PAGER;
      case UAN -> NumberType.UAN;
      case VOICEMAIL -> NumberType.VOICEMAIL;
      case UNKNOWN -> NumberType.UNKNOWN;
    };
  }

  /**
   * Removes visual separators (space, '-', '.', '(', ')'); returns null when anything other than
   * digits and one leading '+' remains.
   */
  static String stripSeparators(String dialed) {
    if (dialed == null || dialed.isEmpty() || dialed.length() > MAX_DIAL_LENGTH) {
      return null;
    }
    StringBuilder sb = new StringBuilder(dialed.length());
    for (int i = 0; i < dialed.length(); i++) {
      char ch = dialed.charAt(i);
      if (ch >= '0' && ch <= '9') {
        sb.append(ch);
      } else if (ch == '+' && sb.length() == 0) {
        sb.append(ch);
      } else if (ch != ' ' && ch != '-' && ch != '.' && ch != '(' && ch != ')') {
        return null;
      }
    }
    return sb.length() == 0 || (sb.length() == 1 && sb.charAt(0) == '+') ? null : sb.toString();
  }
}
