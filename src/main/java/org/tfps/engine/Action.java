package org.tfps.engine;

/** What TFPS tells the softswitch to do with a call, in rising order of severity. */
public enum Action {
  ALLOW,
  VERIFY,
  DENY;

  /** The wire name used in headers and JSON. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
