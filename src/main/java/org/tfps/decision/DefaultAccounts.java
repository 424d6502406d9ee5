package org.tfps.decision;

import io.vertx.core.Future;
import org.tfps.numbers.DialPlan;

/**
 * Every account dials under the configured default dial plan. This is the whole account model until
 * provisioning (durable accounts) is wired in; it answers synchronously.
 */
public final class DefaultAccounts implements Accounts {

  private final DialPlan dialPlan;

  public DefaultAccounts(DialPlan dialPlan) {
    this.dialPlan = dialPlan;
  }

  @Override
  public Future<AccountProfile> profile(String account) {
    return Future.succeededFuture(new AccountProfile(account, dialPlan));
  }
}
