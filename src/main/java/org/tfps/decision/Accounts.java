package org.tfps.decision;

import io.vertx.core.Future;

/** Port: account profiles, served from memory or the cluster cache, never from a slow store. */
public interface Accounts {

  /**
   * The name of the account of {@code user} at {@code host}, as TFPS keys every account: the user
   * part as it is (SIP user parts are case-sensitive, RFC 3261 19.1.4), the host in lower case.
   */
  static String name(String user, String host) {
    return user + "@" + host.toLowerCase(java.util.Locale.ROOT);
  }

  /** The profile of {@code account}; an unknown account gets the default profile. */
  Future<AccountProfile> profile(String account);
}
