package org.tfps.decision;

import java.time.Instant;

/** Port: what TFPS knows of attackers' numbers and addresses (its own intelligence). */
public interface Intelligence {

  /** When the number (E.164) was last seen in an attack, or null. */
  Instant number(String e164);

  /** True when the address is an attacker's. */
  boolean address(String ip);
}
