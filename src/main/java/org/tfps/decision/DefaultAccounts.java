package org.tfps.decision;

import io.vertx.core.Future;

/**
 * Every account gets the configured default profile (dial plan, time zone, business hours, limits).
 * This is the whole account model until provisioning (durable accounts) is wired in; it answers
 * synchronously.
 */
public final class DefaultAccounts implements Accounts {

  private final AccountProfile defaults;

  public DefaultAccounts(AccountProfile defaults) {
    this.defaults = defaults;
  }

  @Override
  public Future<AccountProfile> profile(String account) {
    return Future.succeededFuture(defaults.forAccount(account));
  }
}
