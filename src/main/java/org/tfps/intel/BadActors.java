package org.tfps.intel;

import java.time.Instant;
import java.util.Set;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionLog;
import org.tfps.engine.Action;

/**
 * TFPS's own intelligence: the numbers attackers dialled and the addresses they came from, as its
 * rules caught them (prefix probing, sequential dialling, high-risk ranges; scanner user agents,
 * listed addresses), plus the configured deny list. Served in SentryPeer's shapes so tools written
 * for SentryPeer can ask TFPS. Bounded: the least recently seen go first.
 */
public final class BadActors implements DecisionLog, org.tfps.decision.Intelligence {

  /** Numbers (and addresses) remembered. */
  public static final int MAX_ENTRIES = 100_000;

  /** Denials whose dialled number is an attacker's. */
  public static final Set<String> NUMBER_CODES = Set.of("R20", "R23", "R24");

  /** Denials whose source address is an attacker's. */
  public static final Set<String> ADDRESS_CODES = Set.of("R01", "R02");

  private final ListedSources listed;
  private final Bounded numbers = new Bounded();
  private final Bounded addresses = new Bounded();
  private final Bounded probers = new Bounded();

  public BadActors(ListedSources listed) {
    this.listed = listed;
  }

  /**
   * Values and when they were last seen, read without a lock (every call asks); past {@link
   * #MAX_ENTRIES} the first added go first.
   */
  private static final class Bounded {
    final java.util.concurrent.ConcurrentHashMap<String, Instant> seen =
        new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.concurrent.ConcurrentLinkedQueue<String> order =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    void put(String value, Instant at) {
      if (seen.put(value, at) == null) {
        order.add(value);
        while (seen.size() > MAX_ENTRIES) {
          String oldest = order.poll();
          if (oldest == null) {
            break;
          }
          seen.remove(oldest);
        }
      }
    }
  }

  @Override
  public void decided(Decision d) {
    if (d.verdict().action() == Action.ALLOW) {
      return;
    }
    String code = d.verdict().code();
    if (NUMBER_CODES.contains(code) && d.destination().isNumber()) {
      number(d.destination().e164(), d.attempt().at());
    }
    if (ADDRESS_CODES.contains(code) && !d.attempt().sourceIp().isEmpty()) {
      address(d.attempt().sourceIp(), d.attempt().at());
    }
  }

  @Override
  public void honeypot(
      String method, String sourceIp, String userAgent, String dialed, String e164, Instant at) {
    if (sourceIp != null && !sourceIp.isEmpty()) {
      address(sourceIp, at);
      probers.put(sourceIp, at);
    }
    if (e164 != null && !e164.isEmpty()) {
      number(e164, at);
    }
  }

  /** An attacker's number (E.164), seen at {@code at}. */
  public void number(String e164, Instant at) {
    numbers.put(e164, at);
  }

  /** An attacker's address, seen at {@code at}. */
  public void address(String ip, Instant at) {
    addresses.put(ip, at);
  }

  @Override
  public Instant number(String e164) {
    return numbers.seen.get(e164);
  }

  /** True when the address attacked, or is on the configured deny list. */
  @Override
  public boolean address(String ip) {
    return addresses.seen.containsKey(ip) || listed.listed(ip) != null;
  }

  /**
   * Takes back what the database's events say (read at start, newest first): each {code, e164,
   * sourceIp, at}.
   */
  public void restore(java.util.List<io.vertx.core.json.JsonObject> attacks) {
    for (int i = attacks.size() - 1; i >= 0; i--) {
      io.vertx.core.json.JsonObject a = attacks.get(i);
      Instant at = Instant.parse(a.getString("at"));
      String e164 = a.getString("e164");
      String ip = a.getString("sourceIp");
      boolean honeypot = "honeypot".equals(a.getString("kind"));
      if ((honeypot || NUMBER_CODES.contains(a.getString("code")))
          && e164 != null
          && !e164.isEmpty()) {
        number(e164, at);
      }
      if ((honeypot || ADDRESS_CODES.contains(a.getString("code")))
          && ip != null
          && !ip.isEmpty()) {
        address(ip, at);
        if (honeypot) {
          probers.put(ip, at);
        }
      }
    }
  }

  /**
   * True when {@code ip} knocked on TFPS's honeypot (R02 then judges calls from it). Addresses TFPS
   * denied calls from are not counted: R02 must not feed itself.
   */
  public boolean prober(String ip) {
    return probers.seen.containsKey(ip);
  }

  /** Numbers and addresses remembered. */
  public int size() {
    return numbers.seen.size() + addresses.seen.size();
  }
}
