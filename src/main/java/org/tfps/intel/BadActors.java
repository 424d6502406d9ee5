package org.tfps.intel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
  private final Map<String, Instant> numbers = lru();
  private final Map<String, Instant> addresses = lru();

  public BadActors(ListedSources listed) {
    this.listed = listed;
  }

  private static Map<String, Instant> lru() {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Instant> e) {
        return size() > MAX_ENTRIES;
      }
    };
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

  /** An attacker's number (E.164), seen at {@code at}. */
  public synchronized void number(String e164, Instant at) {
    numbers.put(e164, at);
  }

  /** An attacker's address, seen at {@code at}. */
  public synchronized void address(String ip, Instant at) {
    addresses.put(ip, at);
  }

  @Override
  public synchronized Instant number(String e164) {
    return numbers.get(e164);
  }

  /** True when the address attacked, or is on the configured deny list. */
  @Override
  public boolean address(String ip) {
    synchronized (this) {
      if (addresses.containsKey(ip)) {
        return true;
      }
    }
    return listed.listed(ip) != null;
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
      if (NUMBER_CODES.contains(a.getString("code")) && e164 != null && !e164.isEmpty()) {
        number(e164, at);
      }
      if (ADDRESS_CODES.contains(a.getString("code")) && ip != null && !ip.isEmpty()) {
        address(ip, at);
      }
    }
  }

  /** Numbers and addresses remembered. */
  public synchronized int size() {
    return numbers.size() + addresses.size();
  }
}
