package org.tfps.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The whole validated configuration. Immutable; built by {@link ConfigLoader}. */
public record TfpsConfig(
    String nodeName, Sip sip, Api api, Numbers numbers, Engine engine, Decision decision) {

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
      Duration tcpIdleTimeout) {
    public Sip {
      trustedPeers = List.copyOf(trustedPeers);
    }
  }

  /** The REST API listener. */
  public record Api(String bind, int port) {}

  /** The default dial plan. */
  public record Numbers(
      String homeCountry, List<String> internationalPrefixes, String outsideLinePrefix) {
    public Numbers {
      internationalPrefixes = List.copyOf(internationalPrefixes);
    }
  }

  /**
   * Rule data and policy.
   *
   * @param rangesFile path of the ranges file, or empty for the built-in list
   * @param scannerUserAgentsFile path of the scanner User-Agent file, or empty for the built-in
   * @param numberTypeActions number type name (e.g. "premium-rate") to deny, verify or alert
   * @param invalidNumberAction deny, verify or alert
   */
  public record Engine(
      Set<String> blockedCountries,
      String rangesFile,
      String scannerUserAgentsFile,
      java.util.Map<String, String> numberTypeActions,
      String invalidNumberAction,
      PrefixProbing prefixProbing,
      Sequential sequential,
      Repeat repeat) {
    public Engine {
      blockedCountries = Set.copyOf(blockedCountries);
      numberTypeActions = java.util.Map.copyOf(numberTypeActions);
    }
  }

  /** Detector R23: {@code forms} dial forms of one number within {@code window}. */
  public record PrefixProbing(Duration window, int forms, String action) {}

  /** Detector R24: {@code numbers} numbers of one range within {@code window}. */
  public record Sequential(Duration window, int numbers, int suffixDigits, String action) {}

  /** Detector R05: more than {@code limit} calls to one number within {@code window}. */
  public record Repeat(int limit, Duration window, Duration blockFor, String action) {}

  /** The decision use case. */
  public record Decision(Duration deadline) {}
}
