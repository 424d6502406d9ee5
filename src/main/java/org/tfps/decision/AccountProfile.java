package org.tfps.decision;

import java.time.ZoneId;
import org.tfps.engine.BusinessHours;
import org.tfps.engine.DestinationList;
import org.tfps.engine.Limits;
import org.tfps.numbers.DialPlan;

/**
 * What TFPS knows of an account before deciding a call: how it is provisioned, or the configured
 * default profile for an account nobody provisioned.
 *
 * @param account "user@domain"
 * @param dialPlan how the account dials
 * @param zone the account's time zone: its calendar day (daily limits, learning) and hours
 * @param hours its business hours
 * @param limits its limits
 * @param authorized destinations it may call whatever their country, range, type or rate
 * @param blocked destinations it may never call (R27)
 * @param monitorOnly true: its calls are allowed whatever the verdict, which is recorded and
 *     alerted as would-deny or would-verify (docs/monitor-mode.md)
 */
public record AccountProfile(
    String account,
    DialPlan dialPlan,
    ZoneId zone,
    BusinessHours hours,
    Limits limits,
    DestinationList authorized,
    DestinationList blocked,
    boolean monitorOnly) {

  /** An enforced profile with these destination lists. */
  public AccountProfile(
      String account,
      DialPlan dialPlan,
      ZoneId zone,
      BusinessHours hours,
      Limits limits,
      DestinationList authorized,
      DestinationList blocked) {
    this(account, dialPlan, zone, hours, limits, authorized, blocked, false);
  }

  /** An enforced profile with no destination of its own authorized or blocked. */
  public AccountProfile(
      String account, DialPlan dialPlan, ZoneId zone, BusinessHours hours, Limits limits) {
    this(account, dialPlan, zone, hours, limits, DestinationList.none(), DestinationList.none());
  }

  /** This profile, monitored or enforced. */
  public AccountProfile withMonitorOnly(boolean monitor) {
    return new AccountProfile(account, dialPlan, zone, hours, limits, authorized, blocked, monitor);
  }

  /** A profile with a dial plan only: UTC, always in business hours, no limits. */
  public static AccountProfile withDialPlan(String account, DialPlan dialPlan) {
    return new AccountProfile(
        account, dialPlan, ZoneId.of("UTC"), BusinessHours.always(), Limits.none());
  }

  /** This profile for another account (the default profile given to an unknown account). */
  public AccountProfile forAccount(String other) {
    return new AccountProfile(
        other, dialPlan, zone, hours, limits, authorized, blocked, monitorOnly);
  }
}
