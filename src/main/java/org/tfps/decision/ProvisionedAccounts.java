package org.tfps.decision;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts an operator provisioned, each as the profile its settings make over the configured
 * defaults; every other account gets the defaults. Answers from memory: the settings are kept in
 * the database and loaded here at start and on every change.
 */
public final class ProvisionedAccounts implements Accounts {

  private final AccountProfile defaults;
  private final Map<String, Entry> accounts = new ConcurrentHashMap<>();
  private volatile AccountShare share = AccountShare.NONE;

  private record Entry(AccountSettings settings, AccountProfile profile) {}

  /**
   * @param defaults the profile of an account nobody provisioned
   */
  public ProvisionedAccounts(AccountProfile defaults) {
    this.defaults = defaults;
  }

  @Override
  public Future<AccountProfile> profile(String account) {
    Entry e = accounts.get(account);
    return Future.succeededFuture(e == null ? defaults.forAccount(account) : e.profile());
  }

  /** The provisioned settings of {@code account}, or null. */
  public AccountSettings settings(String account) {
    Entry e = accounts.get(account);
    return e == null ? null : e.settings();
  }

  /** Adds or replaces an account (already stored). */
  public void put(AccountSettings s) {
    accounts.put(s.account(), new Entry(s, s.over(defaults)));
  }

  /** Shares this node's changes (a cluster member's). */
  public void shareWith(AccountShare share) {
    this.share = share;
  }

  /** An operator stored {@code s} on this node: kept here and shared with the other members. */
  public void provisioned(AccountSettings s) {
    put(s);
    share.changed(s);
  }

  /** An operator deleted {@code account} on this node: forgotten here and on the other members. */
  public void deprovisioned(String account) {
    remove(account);
    share.deleted(account);
  }

  /** Every provisioned account's settings (a snapshot). */
  public java.util.List<AccountSettings> all() {
    return accounts.values().stream().map(Entry::settings).toList();
  }

  /** Adds or replaces many (the load at start). */
  public void putAll(Collection<AccountSettings> all) {
    all.forEach(this::put);
  }

  /** Forgets an account (deleted): it gets the defaults again. */
  public void remove(String account) {
    accounts.remove(account);
  }

  /** Accounts provisioned. */
  public int size() {
    return accounts.size();
  }
}
