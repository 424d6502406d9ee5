package org.tfps.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.tfps.engine.BusinessHours;
import org.tfps.engine.Limits;

/** The whole validated configuration. Immutable; built by {@link ConfigLoader}. */
public record TfpsConfig(
    String nodeName,
    Sip sip,
    Api api,
    Numbers numbers,
    Accounts accounts,
    Engine engine,
    Db db,
    Cluster cluster,
    Decision decision,
    Alerts alerts,
    Honeypot honeypot,
    Intel intel,
    VerifyConfig verify,
    String effective) {

  /**
   * The effective configuration as JSON (every key under {@code tfps}, defaults included), with
   * secrets replaced by "(redacted)": shown by GET /v1/config.
   */
  public String effective() {
    return effective;
  }

  /** SIP listeners, integration mode and transaction layer. */
  public record Sip(
      String bind,
      int udpPort,
      int tcpPort,
      int udpReceiveBuffer,
      SipMode mode,
      String allowPrefix,
      boolean denyRedirect,
      String contactHost,
      List<Cidr> trustedPeers,
      IdentitySource identity,
      Duration t1,
      Duration t2,
      int maxTransactions,
      Duration maxQueueDelay,
      Duration tcpIdleTimeout,
      int tlsPort,
      Tls tls) {
    public Sip {
      trustedPeers = List.copyOf(trustedPeers);
    }
  }

  /**
   * The honeypot (docs/honeypot.md): a listener of its own that behaves like a careless PBX and
   * records who knocks.
   *
   * @param enabled false: no listener
   * @param bind its address (meant to face the internet)
   * @param udpPort its UDP port
   * @param requestsPerMinute requests one source may make a minute; past it they are dropped
   * @param realm the realm of its REGISTER challenge
   * @param server its Server header, a PBX's (an attacker must not see TFPS)
   */
  public record Honeypot(
      boolean enabled,
      String bind,
      int udpPort,
      int requestsPerMinute,
      String realm,
      String server) {}

  /**
   * Alerts (docs/alerts.md).
   *
   * @param throttle one alert per account and rule within this; the next one counts the calls
   * @param webhooks where alerts are posted
   * @param retryMin the first pause after a failed delivery (it doubles)
   * @param retryMax the longest pause
   * @param email alerts by email, or off
   * @param syslog alerts as syslog lines, or off
   */
  public record Alerts(
      Duration throttle,
      List<Webhook> webhooks,
      Duration retryMin,
      Duration retryMax,
      Email email,
      Syslog syslog) {
    public Alerts {
      webhooks = List.copyOf(webhooks);
    }
  }

  /** How the SMTP connection is secured before authenticating: STARTTLS (RFC 3207) or not. */
  public enum StartTls {
    /** STARTTLS or no mail: a server that does not offer it is a failed delivery. */
    REQUIRED,
    /** STARTTLS when the server offers it. */
    OPTIONAL,
    /** Never (with {@code ssl}, the connection is TLS from the start). */
    DISABLED
  }

  /**
   * Alerts by email over SMTP.
   *
   * @param host the SMTP server; empty: no email
   * @param port its port (587 submission, 465 with ssl, 25)
   * @param starttls whether the connection is upgraded with STARTTLS
   * @param ssl true: TLS from the first byte (port 465), not STARTTLS
   * @param username the SMTP AUTH user ("" for none)
   * @param password the SMTP AUTH password; never logged nor shown
   * @param from the sender's address
   * @param to the operator's addresses, which get every alert (each account's own contacts get that
   *     account's alerts as well)
   * @param trust a PEM file of the certificate authorities to trust instead of the JVM's, or null
   */
  public record Email(
      String host,
      int port,
      StartTls starttls,
      boolean ssl,
      String username,
      String password,
      String from,
      List<String> to,
      Path trust) {
    public Email {
      to = List.copyOf(to);
    }

    /** True when alerts are sent by email. */
    public boolean enabled() {
      return !host.isEmpty();
    }

    /**
     * A bare address {@code local@domain} that is safe in an SMTP command and a header: no display
     * name, spaces, control characters, brackets, quotes, commas or semicolons.
     */
    public static boolean isAddress(String s) {
      return s != null && ADDRESS.matcher(s).matches();
    }

    /**
     * A plain address: an RFC 5322 dot-atom local part and a host name; no display name, quotes,
     * brackets, commas or controls (a header injection or a second recipient cannot hide in it).
     */
    public static final java.util.regex.Pattern ADDRESS =
        java.util.regex.Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    @Override
    public String toString() {
      return "Email[" + host + ":" + port + ", user " + username + "]"; // never the password
    }
  }

  /** The transport of syslog lines. */
  public enum SyslogProtocol {
    /** One datagram per line (RFC 5426). */
    UDP,
    /** A stream, each line preceded by its length (octet counting, RFC 6587 3.4.1). */
    TCP
  }

  /**
   * Alerts as RFC 5424 syslog lines (for a SIEM, or rsyslog and fail2ban).
   *
   * @param host the receiver; empty: no syslog
   * @param port its port
   * @param protocol udp or tcp
   * @param facility the RFC 5424 facility number (0..23)
   * @param appName the APP-NAME field (what fail2ban's {@code _daemon} matches)
   */
  public record Syslog(
      String host, int port, SyslogProtocol protocol, int facility, String appName) {

    /** True when alerts are sent to syslog. */
    public boolean enabled() {
      return !host.isEmpty();
    }
  }

  /**
   * A webhook.
   *
   * @param url http(s) URL alerts are posted to
   * @param secret the HMAC-SHA256 key of the X-TFPS-Signature header ("" for none)
   * @param slack true: a Slack-compatible {@code {"text": ...}} body instead of the alert JSON
   */
  public record Webhook(String url, String secret, boolean slack) {

    /** The URL without its path and query, which may be a secret (Slack's are). */
    public String shown() {
      return shownUrl(url);
    }

    @Override
    public String toString() {
      return "Webhook[" + shown() + "]"; // never the secret, nor the path
    }
  }

  /** {@code scheme://host[:port]/...}: a URL without its path, query or user info. */
  public static String shownUrl(String url) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(https?://)(?:[^@/]*@)?([^/?#]+)(.*)").matcher(url);
    if (!m.matches()) {
      return "(url)";
    }
    return m.group(1) + m.group(2) + (m.group(3).isEmpty() || m.group(3).equals("/") ? "" : "/...");
  }

  /**
   * Reputation sources (docs/reputation.md): asked about call sources and destinations, each
   * cached, bounded on the call path by {@code deadline}, behind a circuit breaker.
   *
   * @param deadline how long a call waits for a look-up that is not cached (the look-up goes on and
   *     fills the cache)
   * @param failClosed false (open): a look-up that missed the deadline or failed knows nothing;
   *     true (closed): the source counts as listing the address (R02's listed-action decides)
   * @param cacheSize entries each source's cache keeps
   * @param breakerFailures failures in a row that open a source's circuit
   * @param breakerReset how long an open circuit stays open before one look-up is tried
   * @param abuseIpDb AbuseIPDB's check API (scores), or null when off
   * @param apiBan APIBAN's list, synchronized periodically, or null when off
   * @param sentryPeer SentryPeer's look-ups of numbers and addresses, or null when off
   * @param lists address lists fetched from URLs, refreshed
   */
  public record Intel(
      Duration deadline,
      boolean failClosed,
      int cacheSize,
      int breakerFailures,
      Duration breakerReset,
      AbuseIpDb abuseIpDb,
      ApiBan apiBan,
      SentryPeer sentryPeer,
      List<UrlList> lists) {
    public Intel {
      lists = List.copyOf(lists);
    }
  }

  /**
   * AbuseIPDB v2 check.
   *
   * @param url base URL (https://api.abuseipdb.com)
   * @param key the API key (a secret)
   * @param maxAgeDays reports older than this are not counted (1..365)
   * @param cacheTtl how long a score is kept
   * @param timeout one request's limit
   */
  public record AbuseIpDb(
      String url, String key, int maxAgeDays, Duration cacheTtl, Duration timeout) {
    @Override
    public String toString() {
      return "AbuseIpDb[" + shownUrl(url) + "]";
    }
  }

  /**
   * APIBAN's banned list, synchronized page by page.
   *
   * @param url base URL (https://apiban.org/api)
   * @param key the API key (a secret)
   * @param set the list (sip)
   * @param refresh pause between synchronizations (new bans since the last one)
   * @param fullRefresh a whole list is fetched again this often (bans expire on APIBAN's side)
   * @param pageInterval pause between pages (APIBAN allows about 11 requests in 2 minutes)
   * @param timeout one request's limit
   */
  public record ApiBan(
      String url,
      String key,
      String set,
      Duration refresh,
      Duration fullRefresh,
      Duration pageInterval,
      Duration timeout) {
    @Override
    public String toString() {
      return "ApiBan[" + shownUrl(url) + "]";
    }
  }

  /**
   * SentryPeer's API (OAuth2 client credentials).
   *
   * @param url the API's base URL (https://sentrypeer.com)
   * @param tokenUrl the OAuth2 token endpoint
   * @param audience the token's audience
   * @param clientId the client's id
   * @param clientSecret the client's secret
   * @param numbers true: destinations are looked up (R28)
   * @param addresses true: sources are looked up (R02)
   * @param cacheTtl how long a "seen" answer is kept
   * @param negativeTtl how long a "not seen" answer is kept
   * @param timeout one request's limit
   */
  public record SentryPeer(
      String url,
      String tokenUrl,
      String audience,
      String clientId,
      String clientSecret,
      boolean numbers,
      boolean addresses,
      Duration cacheTtl,
      Duration negativeTtl,
      Duration timeout) {
    @Override
    public String toString() {
      return "SentryPeer[" + shownUrl(url) + "]";
    }
  }

  /**
   * An address list fetched from a URL (one address or CIDR block per line, # comments).
   *
   * @param name how events name it
   * @param url http(s) URL
   * @param refresh how often it is fetched again
   */
  public record UrlList(String name, String url, Duration refresh) {
    @Override
    public String toString() {
      return "UrlList[" + name + " " + shownUrl(url) + "]";
    }
  }

  /** A TLS identity: PEM files of the certificate chain and its private key (PKCS#8 or PKCS#1). */
  public record Tls(Path cert, Path key) {}

  /**
   * The REST API.
   *
   * @param tokens the configured bearer tokens (hashes only); empty: TFPS generates one
   * @param tokenFile where the generated admin token is kept (mode 0600), read at each start
   * @param authFailuresPerMinute failed authentications a source may make per minute before 429
   * @param openMetrics true: {@code /metrics} needs no token
   * @param tls HTTPS on the API port, or null for plain HTTP
   */
  public record Api(
      String bind,
      int port,
      List<ApiToken> tokens,
      Path tokenFile,
      int authFailuresPerMinute,
      boolean openMetrics,
      Tls tls) {
    public Api {
      tokens = List.copyOf(tokens);
    }

    /** An API without tokens configured, on {@code bind:port} (tests, tools). */
    public Api(String bind, int port, Path tokenFile) {
      this(bind, port, List.of(), tokenFile, 10, false, null);
    }
  }

  /**
   * A configured bearer token: its name (shown in logs instead of the token), its scopes and the
   * SHA-256 of the token, lower-case hex.
   */
  public record ApiToken(String name, java.util.Set<String> scopes, String sha256) {
    public ApiToken {
      scopes = java.util.Set.copyOf(scopes);
    }
  }

  /** The default dial plan. */
  public record Numbers(
      String homeCountry, List<String> internationalPrefixes, String outsideLinePrefix) {
    public Numbers {
      internationalPrefixes = List.copyOf(internationalPrefixes);
    }
  }

  /**
   * The profile of an account nobody provisioned (its dial plan is {@link Numbers}).
   *
   * @param zone its time zone
   * @param hours its business hours, parsed and checked
   * @param limits its limits (0 = none)
   * @param monitorOnly true: every account without its own setting is monitored, not enforced (its
   *     calls are allowed; verdicts are recorded and alerted as would-deny/would-verify)
   */
  public record Accounts(ZoneId zone, BusinessHours hours, Limits limits, boolean monitorOnly) {}

  /**
   * Rule data and policy.
   *
   * @param rangesFile path of the ranges file, or empty for the built-in list
   * @param scannerUserAgentsFile path of the scanner User-Agent file, or empty for the built-in
   * @param numberTypeActions number type name (e.g. "premium-rate") to deny, verify or alert
   * @param invalidNumberAction deny, verify or alert
   * @param blockedCountriesFile a reloadable file replacing {@code blockedCountries}, or empty
   * @param ratesFile the rate deck, or empty for none
   * @param ipDenyListFile source addresses to refuse (R02), or empty
   * @param reloadInterval how often data files are checked for changes (0 = never)
   * @param newDestinationAction R25's action
   * @param limitActions R08/R10, R09, R11, R14, R15 actions
   * @param concurrencyWindow how long an allowed call counts as up without its call record (used
   *     when the softswitch gives no count)
   * @param estimatedCallMinutes an allowed call's estimated cost is its rate times this
   * @param sourceIp R02 policy
   * @param learning R26 and the baseline
   * @param blockAccount which denials block the account, and for how long
   * @param attackerNumberAction R28's action
   */
  public record Engine(
      Set<String> blockedCountries,
      String rangesFile,
      String scannerUserAgentsFile,
      java.util.Map<String, String> numberTypeActions,
      String invalidNumberAction,
      PrefixProbing prefixProbing,
      Sequential sequential,
      Repeat repeat,
      String blockedCountriesFile,
      String ratesFile,
      String ipDenyListFile,
      Duration reloadInterval,
      String newDestinationAction,
      LimitActions limitActions,
      Duration concurrencyWindow,
      double estimatedCallMinutes,
      SourceIp sourceIp,
      Learning learning,
      BlockAccount blockAccount,
      String attackerNumberAction) {
    public Engine {
      blockedCountries = Set.copyOf(blockedCountries);
      numberTypeActions = java.util.Map.copyOf(numberTypeActions);
    }
  }

  /** Actions of the limit rules: deny, verify or alert each. */
  public record LimitActions(
      String concurrentCalls,
      String callsPerMinute,
      String callsPerDay,
      String rateCeiling,
      String spend) {}

  /** R02: the action for listed sources, and abuse-score thresholds (0 = off). */
  public record SourceIp(String listedAction, int denyScore, int verifyScore) {}

  /** R26 and the learned baseline. */
  public record Learning(
      int windowDays,
      int learningDays,
      double deviations,
      int minDailyCalls,
      int minConcurrentCalls,
      String action) {}

  /** Denials by these codes block the account for {@code blockFor}. */
  public record BlockAccount(Set<String> codes, Duration blockFor) {
    public BlockAccount {
      codes = Set.copyOf(codes);
    }
  }

  /** Detector R23: {@code forms} dial forms of one number within {@code window}. */
  public record PrefixProbing(Duration window, int forms, String action) {}

  /** Detector R24: {@code numbers} numbers of one range within {@code window}. */
  public record Sequential(Duration window, int numbers, int suffixDigits, String action) {}

  /** Detector R05: more than {@code limit} calls to one number within {@code window}. */
  public record Repeat(int limit, Duration window, Duration blockFor, String action) {}

  /**
   * The durable store.
   *
   * @param url the database URL, empty for the embedded MariaDB, or "none"
   * @param dataDir where the embedded database and the journal live
   * @param poolSize connections to the database
   * @param retryInterval wait before writing again after a failure
   * @param snapshotInterval how often the accounts' day counters are written
   */
  public record Db(
      String url, Path dataDir, int poolSize, Duration retryInterval, Duration snapshotInterval) {
    /** The URL with its password hidden, for logs and errors. */
    public String safeUrl() {
      return safe(url);
    }

    /** {@code url} with its password hidden. */
    public static String safe(String url) {
      return url.replaceFirst("(://[^:/@]*:).*@(?=[^@]*$)", "$1***@");
    }
  }

  /**
   * The cluster of TFPS nodes (an HA pair or more) sharing every account's state.
   *
   * @param members the members to join, host:port (this node may be listed); empty: this node works
   *     alone, without Hazelcast
   * @param name the cluster's name: members of another cluster are refused
   * @param bind the interface the member listens on, and only it
   * @param port its port
   * @param batchInterval how long a member gathers its counts before it sends them
   */
  public record Cluster(
      List<String> members, String name, String bind, int port, Duration batchInterval) {
    public Cluster {
      members = List.copyOf(members);
    }

    /** True when this node shares its state with a cluster. */
    public boolean enabled() {
      return !members.isEmpty();
    }
  }

  /** The decision use case. */
  public record Decision(Duration deadline) {}
}
