package org.tfps.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.AccountSettings;
import org.tfps.decision.LimitSettings;
import org.tfps.decision.Pins;
import org.tfps.engine.BusinessHours;
import org.tfps.engine.Limits;
import org.tfps.numbers.Countries;

/**
 * An account as the API reads and shows it (docs/api.md). Reading checks every field and names the
 * one it refuses; a field absent keeps what the base has, null takes the configured default.
 */
final class AccountJson {

  /** A field the API refuses, named in the 400 it answers. */
  static final class BadField extends RuntimeException {
    BadField(String field, String message) {
      super("field '" + field + "': " + message, null, false, false);
    }
  }

  /** What a request asks for: the settings, and a PIN to hash first (null: keep the base's). */
  record Request(AccountSettings settings, String pin, boolean clearPin) {}

  static final int MAX_ACCOUNT = 255;
  static final int MAX_ADDRESSES = 20;

  /** The prefixes are kept comma-joined in a VARCHAR(64) column. */
  static final int MAX_PREFIXES_TEXT = 64;

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,6}");

  /** The addresses email alerts can go to: the same rule as the configured ones. */
  private static final Pattern EMAIL = org.tfps.config.TfpsConfig.Email.ADDRESS;

  private static final Pattern URL = Pattern.compile("https?://[^\\s]{1,2000}");

  private static final Set<String> FIELDS =
      Set.of(
          "account",
          "homeCountry",
          "internationalPrefixes",
          "outsideLinePrefix",
          "timeZone",
          "businessHours",
          "limits",
          "pin",
          "contacts",
          "monitorOnly",
          // shown by GET; accepted back unchanged so a GET body can be PUT again
          "hasPin",
          "createdAt",
          "updatedAt",
          "provisioned",
          "state",
          "effective",
          // managed through their own routes (POST /v1/accounts/{account}/authorized...)
          "authorizedDestinations",
          "blockedDestinations");

  private static final Set<String> LIMIT_FIELDS =
      Set.of(
          "concurrentCalls",
          "callsPerMinute",
          "callsPerDay",
          "maxRatePerMinute",
          "maxSpendPerHour",
          "maxSpendPerDay");

  private AccountJson() {}

  /**
   * The account name as SIP names it: "user@domain", the domain in lower case (TFPS reads it so
   * from the From or P-tfps header).
   */
  static String account(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_ACCOUNT) {
      throw new BadField("account", "1 to " + MAX_ACCOUNT + " characters, user@domain");
    }
    int at = name.lastIndexOf('@');
    if (at <= 0 || at == name.length() - 1) {
      throw new BadField("account", "user@domain, as the softswitch names the caller");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new BadField("account", "control characters are not allowed");
      }
    }
    return org.tfps.decision.Accounts.name(name.substring(0, at), name.substring(at + 1));
  }

  /** Reads {@code body} over {@code base} (a new account: {@link AccountSettings#bare}). */
  static Request read(JsonObject body, AccountSettings base) {
    for (String k : body.fieldNames()) {
      if (!FIELDS.contains(k)) {
        throw new BadField(k, "not a field of an account (docs/api.md)");
      }
    }
    if (body.containsKey("account")
        && !base.account().equals(account(text(body, "account", MAX_ACCOUNT)))) {
      throw new BadField("account", "differs from the account in the path");
    }
    String home =
        body.containsKey("homeCountry") ? text(body, "homeCountry", 2) : base.homeCountry();
    if (home != null) {
      home = home.toUpperCase(Locale.ROOT);
      if (!Countries.isIso(home)) {
        throw new BadField("homeCountry", "an ISO 3166-1 alpha-2 country code such as US or GB");
      }
    }
    List<String> prefixes =
        body.containsKey("internationalPrefixes")
            ? digitsList(body, "internationalPrefixes")
            : base.internationalPrefixes();
    String outside =
        body.containsKey("outsideLinePrefix")
            ? text(body, "outsideLinePrefix", 6)
            : base.outsideLinePrefix();
    if (outside != null && !outside.isEmpty() && !DIGITS.matcher(outside).matches()) {
      throw new BadField("outsideLinePrefix", "empty or digits, e.g. \"9\"");
    }
    String zone = body.containsKey("timeZone") ? text(body, "timeZone", 64) : base.timeZone();
    if (zone != null) {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new BadField("timeZone", "an IANA time zone such as Europe/Paris or UTC");
      }
    }
    List<String> hours =
        body.containsKey("businessHours")
            ? strings(body, "businessHours", 20, 1000)
            : base.businessHours();
    if (hours != null && !hours.isEmpty()) {
      try {
        BusinessHours.parse(hours, zone == null ? ZoneId.of("UTC") : ZoneId.of(zone));
      } catch (IllegalArgumentException e) {
        throw new BadField("businessHours", e.getMessage() + " (docs/business-hours.md)");
      }
    }
    LimitSettings limits = limits(body, base.limits());
    List<String> emails = base.emails();
    List<String> webhooks = base.webhooks();
    if (body.containsKey("contacts")) {
      JsonObject c = object(body, "contacts");
      for (String f : c == null ? Set.<String>of() : c.fieldNames()) {
        if (!f.equals("emails") && !f.equals("webhooks")) {
          throw new BadField("contacts." + f, "not a contact; contacts are emails and webhooks");
        }
      }
      // Each list named replaces the base's; one not named is kept (a PATCH of emails only).
      emails =
          c == null
              ? List.of()
              : c.containsKey("emails")
                  ? addresses(c, "emails", EMAIL, "an email address")
                  : emails;
      webhooks =
          c == null
              ? List.of()
              : c.containsKey("webhooks")
                  ? addresses(c, "webhooks", URL, "an http(s) URL")
                  : webhooks;
    }
    String pin = null;
    boolean clearPin = false;
    if (body.containsKey("pin")) {
      Object p = body.getValue("pin");
      if (p == null) {
        clearPin = true;
      } else if (!(p instanceof String s) || !Pins.valid(s)) {
        // The value is never echoed: it is a secret.
        throw new BadField("pin", "4 to 12 digits, as a string");
      } else {
        pin = s;
      }
    }
    AccountSettings s =
        new AccountSettings(
            base.account(),
            home,
            prefixes,
            outside,
            zone,
            hours,
            limits,
            clearPin ? null : base.pinHash(),
            emails,
            webhooks,
            base.authorized(),
            base.blockedDestinations(),
            monitorOnly(body, base.monitorOnly()),
            base.createdAt(),
            base.updatedAt());
    return new Request(s, pin, clearPin);
  }

  /** {@code monitorOnly}: true, false, or null for the default; absent keeps {@code base}. */
  private static Boolean monitorOnly(JsonObject body, Boolean base) {
    if (!body.containsKey("monitorOnly")) {
      return base;
    }
    Object v = body.getValue("monitorOnly");
    if (v != null && !(v instanceof Boolean)) {
      throw new BadField("monitorOnly", "true, false or null (the default)");
    }
    return (Boolean) v;
  }

  /** The account as GET shows it: its own settings, nulls for defaults, never its PIN. */
  static JsonObject write(AccountSettings s) {
    LimitSettings l = s.limits();
    return new JsonObject()
        .put("account", s.account())
        .put("homeCountry", s.homeCountry())
        .put(
            "internationalPrefixes",
            s.internationalPrefixes() == null ? null : new JsonArray(s.internationalPrefixes()))
        .put("outsideLinePrefix", s.outsideLinePrefix())
        .put("timeZone", s.timeZone())
        .put("businessHours", s.businessHours() == null ? null : new JsonArray(s.businessHours()))
        .put("limits", limits(l))
        .put("hasPin", s.pinHash() != null)
        .put(
            "contacts",
            new JsonObject()
                .put("emails", new JsonArray(s.emails()))
                .put("webhooks", new JsonArray(s.webhooks())))
        .put("authorizedDestinations", new JsonArray(s.authorized()))
        .put("blockedDestinations", new JsonArray(s.blockedDestinations()))
        .put("monitorOnly", s.monitorOnly())
        .put("createdAt", s.createdAt() == null ? null : s.createdAt().toString())
        .put("updatedAt", s.updatedAt() == null ? null : s.updatedAt().toString());
  }

  /** The profile TFPS decides the account's calls with (defaults filled in). */
  static JsonObject effective(AccountProfile p) {
    Limits l = p.limits();
    return new JsonObject()
        .put("homeCountry", p.dialPlan().homeCountry())
        .put("internationalPrefixes", new JsonArray(p.dialPlan().internationalPrefixes()))
        .put("outsideLinePrefix", p.dialPlan().outsideLinePrefix())
        .put("timeZone", p.zone().getId())
        .put("businessHours", new JsonArray(p.hours().specs()))
        .put("limits", limits(LimitSettings.of(l)))
        .put("monitorOnly", p.monitorOnly());
  }

  /** Limits as the API shows them (null: the default). */
  private static JsonObject limits(LimitSettings l) {
    return new JsonObject()
        .put(
            "concurrentCalls",
            pair("business", l.concurrentBusiness(), "offHours", l.concurrentOffHours()))
        .put(
            "callsPerMinute",
            pair("business", l.perMinuteBusiness(), "offHours", l.perMinuteOffHours()))
        .put("callsPerDay", pair("total", l.perDay(), "offHours", l.perDayOffHours()))
        .put("maxRatePerMinute", l.maxRatePerMinute())
        .put("maxSpendPerHour", l.maxSpendPerHour())
        .put("maxSpendPerDay", l.maxSpendPerDay());
  }

  private static JsonObject pair(String a, Object av, String b, Object bv) {
    return new JsonObject().put(a, av).put(b, bv);
  }

  private static LimitSettings limits(JsonObject body, LimitSettings base) {
    if (!body.containsKey("limits")) {
      return base;
    }
    JsonObject l = object(body, "limits");
    if (l == null) {
      return LimitSettings.defaults();
    }
    for (String k : l.fieldNames()) {
      if (!LIMIT_FIELDS.contains(k)) {
        throw new BadField(
            "limits." + k, "not a limit; limits are " + new java.util.TreeSet<>(LIMIT_FIELDS));
      }
    }
    Integer[] cc =
        pairOf(
            l,
            "concurrentCalls",
            "business",
            "offHours",
            base.concurrentBusiness(),
            base.concurrentOffHours(),
            1_000_000);
    Integer[] cm =
        pairOf(
            l,
            "callsPerMinute",
            "business",
            "offHours",
            base.perMinuteBusiness(),
            base.perMinuteOffHours(),
            1_000_000);
    Integer[] cd =
        pairOf(
            l,
            "callsPerDay",
            "total",
            "offHours",
            base.perDay(),
            base.perDayOffHours(),
            100_000_000);
    return new LimitSettings(
        cc[0],
        cc[1],
        cm[0],
        cm[1],
        cd[0],
        cd[1],
        money(l, "maxRatePerMinute", base.maxRatePerMinute()),
        money(l, "maxSpendPerHour", base.maxSpendPerHour()),
        money(l, "maxSpendPerDay", base.maxSpendPerDay()));
  }

  private static Integer[] pairOf(
      JsonObject l, String key, String a, String b, Integer baseA, Integer baseB, int max) {
    if (!l.containsKey(key)) {
      return new Integer[] {baseA, baseB};
    }
    JsonObject p = object(l, key, "limits." + key);
    if (p == null) {
      return new Integer[] {null, null};
    }
    for (String k : p.fieldNames()) {
      if (!k.equals(a) && !k.equals(b)) {
        throw new BadField("limits." + key + "." + k, "not a field; use " + a + " and " + b);
      }
    }
    return new Integer[] {
      p.containsKey(a) ? count(p, a, "limits." + key + "." + a, max) : baseA,
      p.containsKey(b) ? count(p, b, "limits." + key + "." + b, max) : baseB
    };
  }

  private static Integer count(JsonObject o, String k, String field, int max) {
    Object v = o.getValue(k);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < 0
        || n.longValue() > max) {
      throw new BadField(field, "a whole number from 0 (no limit) to " + max);
    }
    return n.intValue();
  }

  private static Double money(JsonObject l, String k, Double base) {
    if (!l.containsKey(k)) {
      return base;
    }
    Object v = l.getValue(k);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || !(n.doubleValue() >= 0) || n.doubleValue() > 1e9) {
      throw new BadField("limits." + k, "a number from 0 (no limit) to 1e9");
    }
    return n.doubleValue();
  }

  private static String text(JsonObject o, String k, int max) {
    Object v = o.getValue(k);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.length() > max) {
      throw new BadField(k, "a string of at most " + max + " characters");
    }
    return s;
  }

  private static JsonObject object(JsonObject o, String k) {
    return object(o, k, k);
  }

  private static JsonObject object(JsonObject o, String k, String field) {
    Object v = o.getValue(k);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject j)) {
      throw new BadField(field, "a JSON object");
    }
    return j;
  }

  private static List<String> strings(JsonObject o, String k, int maxItems, int maxLength) {
    Object v = o.getValue(k);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray a) || a.size() > maxItems) {
      throw new BadField(k, "a list of at most " + maxItems + " strings");
    }
    List<String> out = new ArrayList<>();
    for (Object x : a) {
      if (!(x instanceof String s) || s.isEmpty() || s.length() > maxLength) {
        throw new BadField(k, "a list of strings of 1 to " + maxLength + " characters");
      }
      out.add(s);
    }
    return out;
  }

  private static List<String> digitsList(JsonObject o, String k) {
    List<String> l = strings(o, k, 10, 6);
    if (l != null && String.join(",", l).length() > MAX_PREFIXES_TEXT) {
      throw new BadField(k, "at most " + MAX_PREFIXES_TEXT + " characters in all, commas counted");
    }
    if (l != null) {
      for (String p : l) {
        if (!DIGITS.matcher(p).matches()) {
          throw new BadField(k, "digits only, e.g. [\"00\"] or [\"011\"]");
        }
      }
    }
    return l;
  }

  private static List<String> addresses(JsonObject c, String k, Pattern valid, String what) {
    List<String> l = strings(c, k, MAX_ADDRESSES, 2000);
    if (l == null) {
      return List.of();
    }
    for (String a : l) {
      if (!valid.matcher(a).matches()) {
        throw new BadField("contacts." + k, "each entry must be " + what);
      }
    }
    return l;
  }
}
