package org.tfps.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code tfps.intel} (the reputation sources) into {@link TfpsConfig.Intel}. */
final class IntelConfigReader extends ConfigReader {

  private static final String K = "tfps.intel.";
  private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s]+");
  private static final Pattern LIST_NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");

  IntelConfigReader(Config c) {
    super(c);
  }

  TfpsConfig.Intel intel() {
    String onMiss = string(K + "on-miss");
    if (!onMiss.equals("open") && !onMiss.equals("closed")) {
      throw new ConfigError(
          K + "on-miss",
          onMiss,
          "open (a look-up that missed the deadline knows nothing) or closed (it lists the source)");
    }
    Duration deadline = duration(K + "deadline", 1, 5_000);
    Duration decision = duration("tfps.decision.deadline", 1, 10_000);
    if (deadline.compareTo(decision) >= 0) {
      throw new ConfigError(
          K + "deadline",
          c.getValue(K + "deadline").unwrapped(),
          "shorter than tfps.decision.deadline ("
              + human(decision.toMillis())
              + "), so a late source is counted and on-miss decides, not the call's own deadline");
    }
    return new TfpsConfig.Intel(
        deadline,
        onMiss.equals("closed"),
        intIn(K + "cache-size", 100, 10_000_000),
        intIn(K + "breaker.failures", 1, 1_000),
        duration(K + "breaker.reset", 1_000, 3_600_000),
        abuseIpDb(),
        apiBan(),
        sentryPeer(),
        lists());
  }

  private TfpsConfig.AbuseIpDb abuseIpDb() {
    String k = K + "abuseipdb.";
    if (!bool(k + "enabled")) {
      return null;
    }
    return new TfpsConfig.AbuseIpDb(
        url(k + "url"),
        secret(k + "key", "the API key of your AbuseIPDB account"),
        intIn(k + "max-age-days", 1, 365),
        duration(k + "cache-ttl", 1_000, 7 * 86_400_000L),
        duration(k + "timeout", 10, 60_000));
  }

  private TfpsConfig.ApiBan apiBan() {
    String k = K + "apiban.";
    if (!bool(k + "enabled")) {
      return null;
    }
    String set = string(k + "set");
    if (!LIST_NAME.matcher(set).matches()) {
      throw new ConfigError(k + "set", set, "an APIBAN set name such as sip");
    }
    return new TfpsConfig.ApiBan(
        url(k + "url"),
        secret(k + "key", "the API key of your APIBAN account"),
        set,
        duration(k + "refresh", 10_000, 86_400_000),
        duration(k + "full-refresh", 60_000, 7 * 86_400_000L),
        duration(k + "page-interval", 0, 60_000),
        duration(k + "timeout", 10, 60_000));
  }

  private TfpsConfig.SentryPeer sentryPeer() {
    String k = K + "sentrypeer.";
    if (!bool(k + "enabled")) {
      return null;
    }
    return new TfpsConfig.SentryPeer(
        url(k + "url"),
        url(k + "token-url"),
        string(k + "audience"),
        secret(k + "client-id", "the client id of your SentryPeer API client"),
        secret(k + "client-secret", "the client secret of your SentryPeer API client"),
        bool(k + "numbers"),
        bool(k + "addresses"),
        duration(k + "cache-ttl", 1_000, 7 * 86_400_000L),
        duration(k + "negative-ttl", 1_000, 7 * 86_400_000L),
        duration(k + "timeout", 10, 60_000));
  }

  private List<TfpsConfig.UrlList> lists() {
    List<? extends Config> entries;
    try {
      entries = c.getConfigList(K + "lists");
    } catch (ConfigException e) {
      throw new ConfigError(K + "lists", "(not shown)", "a list of { name, url, refresh }");
    }
    List<TfpsConfig.UrlList> lists = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      Config e = entries.get(i);
      String at = K + "lists." + i;
      String name;
      String url;
      Duration refresh;
      try {
        name = e.getString("name");
        url = e.getString("url");
        refresh = e.hasPath("refresh") ? e.getDuration("refresh") : Duration.ofHours(1);
      } catch (ConfigException x) {
        throw new ConfigError(
            at, "(not shown)", "{ name = \"...\", url = \"https://...\", refresh = 1h }");
      }
      if (!LIST_NAME.matcher(name).matches() || !names.add(name)) {
        throw new ConfigError(at + ".name", name, "a unique name of 1-32 letters, digits, . _ -");
      }
      if (!HTTP_URL.matcher(url).matches()) {
        throw new ConfigError(at + ".url", TfpsConfig.shownUrl(url), "an http:// or https:// URL");
      }
      if (refresh.toMillis() < 60_000 || refresh.toMillis() > 7 * 86_400_000L) {
        throw new ConfigError(at + ".refresh", refresh.toString(), "a duration from 1m to 7d");
      }
      lists.add(new TfpsConfig.UrlList(name, url, refresh));
    }
    return lists;
  }

  private String url(String key) {
    String url = string(key);
    if (!HTTP_URL.matcher(url).matches()) {
      throw new ConfigError(key, TfpsConfig.shownUrl(url), "an http:// or https:// URL");
    }
    return url;
  }

  /** A secret: required when its source is on, never shown in an error. */
  private String secret(String key, String what) {
    String v;
    try {
      v = c.getString(key).trim();
    } catch (ConfigException e) {
      throw new ConfigError(key, "must be " + what + ", as a string (value not shown)");
    }
    if (v.isEmpty()) {
      throw new ConfigError(key, "is empty: the source is enabled, so it needs " + what);
    }
    return v;
  }
}
