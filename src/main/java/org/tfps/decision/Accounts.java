package org.tfps.decision;

import io.vertx.core.Future;

/** Port: account profiles, served from memory or the cluster cache, never from a slow store. */
public interface Accounts {

  /** The profile of {@code account}; an unknown account gets the default profile. */
  Future<AccountProfile> profile(String account);
}
