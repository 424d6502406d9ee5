package org.tfps.decision;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.tfps.engine.BusinessHours;
import org.tfps.engine.DestinationList;
import org.tfps.numbers.DialPlan;

/**
 * How an operator provisioned an account. A null field (an empty limit) takes the configured
 * default, so a change of the defaults reaches every account that did not set its own value.
 * Checked where it enters (the API), so {@link #over} does not fail on a stored one.
 *
 * @param account "user@domain", as TFPS names the caller in SIP
 * @param homeCountry ISO 3166-1 alpha-2, or null
 * @param internationalPrefixes e.g. ["00"], or null
 * @param outsideLinePrefix e.g. "9" ("" for none), or null
 * @param timeZone an IANA zone id, or null
 * @param businessHours specs (docs/business-hours.md), empty for always, or null
 * @param limits its own limits
 * @param pinHash the PIN's hash ({@link Pins}), or null for none
 * @param emails alert addresses
 * @param webhooks alert URLs
 * @param authorized destinations it may call whatever their country, range, type or rate ({@link
 *     DestinationList} entries)
 * @param blockedDestinations destinations it may never call
 * @param monitorOnly true: monitored (calls let through, verdicts recorded as would-deny or
 *     would-verify); false: enforced; null: as {@code tfps.accounts.monitor-only} says
 * @param createdAt when it was provisioned (null before it is stored)
 * @param updatedAt when it last changed (null before it is stored)
 */
public record AccountSettings(
    String account,
    String homeCountry,
    List<String> internationalPrefixes,
    String outsideLinePrefix,
    String timeZone,
    List<String> businessHours,
    LimitSettings limits,
    String pinHash,
    List<String> emails,
    List<String> webhooks,
    List<String> authorized,
    List<String> blockedDestinations,
    Boolean monitorOnly,
    Instant createdAt,
    Instant updatedAt) {

  public AccountSettings {
    authorized = authorized == null ? List.of() : List.copyOf(authorized);
    blockedDestinations =
        blockedDestinations == null ? List.of() : List.copyOf(blockedDestinations);
    internationalPrefixes =
        internationalPrefixes == null ? null : List.copyOf(internationalPrefixes);
    businessHours = businessHours == null ? null : List.copyOf(businessHours);
    limits = limits == null ? LimitSettings.defaults() : limits;
    emails = emails == null ? List.of() : List.copyOf(emails);
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
  }

  /** Nothing of its own: the account as the defaults make it. */
  public static AccountSettings bare(String account) {
    return new AccountSettings(
        account, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  /** The profile these settings give, over the configured {@code defaults}. */
  public AccountProfile over(AccountProfile defaults) {
    DialPlan d = defaults.dialPlan();
    // The default plan itself when the account has none of its own: the normalizer's cache is
    // keyed by the plan object, so accounts of one plan share their normalized numbers.
    DialPlan plan =
        homeCountry == null && internationalPrefixes == null && outsideLinePrefix == null
            ? d
            : new DialPlan(
                homeCountry == null ? d.homeCountry() : homeCountry,
                internationalPrefixes == null ? d.internationalPrefixes() : internationalPrefixes,
                outsideLinePrefix == null ? d.outsideLinePrefix() : outsideLinePrefix);
    ZoneId zone = timeZone == null ? defaults.zone() : ZoneId.of(timeZone);
    BusinessHours hours;
    if (businessHours != null) {
      hours =
          businessHours.isEmpty()
              ? BusinessHours.always()
              : BusinessHours.parse(businessHours, zone);
    } else if (timeZone != null && !defaults.hours().specs().isEmpty()) {
      // The default hours, read in the account's own zone (specs that name a zone keep it).
      hours = BusinessHours.parse(defaults.hours().specs(), zone);
    } else {
      hours = defaults.hours();
    }
    return new AccountProfile(
        account,
        plan,
        zone,
        hours,
        limits.over(defaults.limits()),
        DestinationList.of(authorized),
        DestinationList.of(blockedDestinations),
        monitorOnly == null ? defaults.monitorOnly() : monitorOnly);
  }

  /** These settings with the stored times. */
  public AccountSettings stored(Instant created, Instant updated) {
    return with(pinHash, authorized, blockedDestinations, created, updated);
  }

  /** These settings with other destination lists. */
  public AccountSettings withDestinations(List<String> authorized, List<String> blocked) {
    return with(pinHash, authorized, blocked, createdAt, updatedAt);
  }

  /** These settings, monitored (true), enforced (false) or as the default says (null). */
  public AccountSettings withMonitorOnly(Boolean monitor) {
    return new AccountSettings(
        account,
        homeCountry,
        internationalPrefixes,
        outsideLinePrefix,
        timeZone,
        businessHours,
        limits,
        pinHash,
        emails,
        webhooks,
        authorized,
        blockedDestinations,
        monitor,
        createdAt,
        updatedAt);
  }

  /** These settings with another PIN hash (null: no PIN). */
  public AccountSettings withPinHash(String hash) {
    return with(hash, authorized, blockedDestinations, createdAt, updatedAt);
  }

  private AccountSettings with(
      String pin, List<String> auth, List<String> blocked, Instant created, Instant updated) {
    return new AccountSettings(
        account,
        homeCountry,
        internationalPrefixes,
        outsideLinePrefix,
        timeZone,
        businessHours,
        limits,
        pin,
        emails,
        webhooks,
        auth,
        blocked,
        monitorOnly,
        created,
        updated);
  }
}
