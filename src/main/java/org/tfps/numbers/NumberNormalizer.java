package org.tfps.numbers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads a dial string under a {@link DialPlan} and names its E.164 form and country with
 * libphonenumber, optionally remembering the answers. Thread-safe; no I/O after construction.
 */
public final class NumberNormalizer {

  /** Longer dial strings are not phone numbers (E.164 allows 15 digits; prefixes add a few). */
  static final int MAX_DIAL_LENGTH = 32;

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

  /** The metadata PhoneNumberUtil.getInstance() itself reads (its public accessor). */
  private final MetadataSource metadata =
      DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();

  /**
   * A dial string under a dial plan: what a cached {@link Destination} depends on. The plan is
   * compared by identity (accounts share their plan object), which spares hashing its prefix list
   * on every call.
   */
  private static final class Key {
    private final DialPlan plan;
    private final String dialed;
    private final int hash;

    Key(DialPlan plan, String dialed) {
      this.plan = plan;
      this.dialed = dialed;
      this.hash = 31 * System.identityHashCode(plan) + dialed.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.plan == plan && k.dialed.equals(dialed);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

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
    this.young = generation > 0 ? new ConcurrentHashMap<>(generation) : null;
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
      young = new ConcurrentHashMap<>(generation);
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
      String national = nationalDigits(number);
      String e164 = "+" + number.getCountryCode() + national;
      return classify(dialed, e164, used, number.getCountryCode(), national);
    } catch (NumberParseException e) {
      return Destination.notANumber(dialed);
    }
  }

  /**
   * The number's region and type in one pass over libphonenumber's metadata. libphonenumber's own
   * {@code getRegionCodeForNumber} + {@code getNumberType} match the number against a shared
   * country code's regions twice and then type it again; this does what they do once: the first
   * region whose leading digits match, or whose patterns give the number a type, is the region, and
   * that type (or the region's) is the type. A number is valid exactly when it has a type.
   * NumberNormalizerDifferentialTest checks the result against libphonenumber's own calls.
   */
  private Destination classify(String dialed, String e164, String used, int cc, String national) {
    List<String> regions = util.getRegionCodesForCountryCode(cc);
    String region = null;
    NumberType type = NumberType.UNKNOWN;
    if (regions.size() == 1) {
      region = regions.get(0);
      type = typeIn(national, metadata(cc, region));
    } else {
      for (String r : regions) {
        PhoneMetadata m = metadata(cc, r);
        if (m == null) {
          continue;
        }
        if (m.hasLeadingDigits()) {
          if (pattern(m.getLeadingDigits()).matcher(national).lookingAt()) {
            region = r;
            type = typeIn(national, m);
            break;
          }
        } else {
          NumberType t = typeIn(national, m);
          if (t != NumberType.UNKNOWN) {
            region = r;
            type = t;
            break;
          }
        }
      }
      if (region == null) {
        region = util.getRegionCodeForCountryCode(cc);
      }
    }
    return new Destination(
        dialed, e164, "ZZ".equals(region) ? "" : region, used, type, type != NumberType.UNKNOWN);
  }

  private PhoneMetadata metadata(int cc, String region) {
    return "001".equals(region)
        ? metadata.getMetadataForNonGeographicalRegion(cc)
        : metadata.getMetadataForRegion(region);
  }

  /** libphonenumber's number type of {@code national} under {@code m}'s patterns. */
  private NumberType typeIn(String national, PhoneMetadata m) {
    if (m == null || !matches(national, m.getGeneralDesc())) {
      return NumberType.UNKNOWN;
    }
    if (matches(national, m.getPremiumRate())) {
      return NumberType.PREMIUM_RATE;
    }
    if (matches(national, m.getTollFree())) {
      return NumberType.TOLL_FREE;
    }
    if (matches(national, m.getSharedCost())) {
      return NumberType.SHARED_COST;
    }
    if (matches(national, m.getVoip())) {
      return NumberType.VOIP;
    }
    if (matches(national, m.getPersonalNumber())) {
      return NumberType.PERSONAL_NUMBER;
    }
    if (matches(national, m.getPager())) {
      return NumberType.PAGER;
    }
    if (matches(national, m.getUan())) {
      return NumberType.UAN;
    }
    if (matches(national, m.getVoicemail())) {
      return NumberType.VOICEMAIL;
    }
    if (matches(national, m.getFixedLine())) {
      return m.getSameMobileAndFixedLinePattern() || matches(national, m.getMobile())
          ? NumberType.FIXED_LINE_OR_MOBILE
          : NumberType.FIXED_LINE;
    }
    if (!m.getSameMobileAndFixedLinePattern() && matches(national, m.getMobile())) {
      return NumberType.MOBILE;
    }
    return NumberType.UNKNOWN;
  }

  private boolean matches(String national, PhoneNumberDesc desc) {
    List<Integer> lengths = desc.getPossibleLengthList();
    if (!lengths.isEmpty() && !lengths.contains(national.length())) {
      return false;
    }
    String regex = desc.getNationalNumberPattern();
    return !regex.isEmpty() && pattern(regex).matcher(national).matches();
  }

  /** Compiled metadata patterns: a few thousand, compiled once, read without locking. */
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  private Pattern pattern(String regex) {
    Pattern p = patterns.get(regex);
    if (p == null) {
      p = patterns.computeIfAbsent(regex, Pattern::compile);
    }
    return p;
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
