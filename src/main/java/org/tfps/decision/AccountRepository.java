package org.tfps.decision;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Port: where provisioned accounts, operator resets and events are kept (the database). Used by the
 * operator's API only, never on the call path. A failure is {@link Unavailable}: the change was not
 * made.
 */
public interface AccountRepository {

  /** The store cannot take the request now (none configured, down, or schema not applied). */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** A page of accounts and the account to list after for the next one (null: the last page). */
  record Page(List<AccountSettings> accounts, String next) {}

  /** A page of events (as the API shows them), newest first, and the id to page before. */
  record EventPage(List<JsonObject> events, Long next) {}

  /** An account blocked now: why, and until when (the longest of its blocks). */
  record Blocked(String account, String reason, Instant until) {}

  /** A page of blocked accounts, and the account to list after for the next one. */
  record BlockedPage(List<Blocked> accounts, String next) {}

  /** Which events to list: each null field does not filter. */
  record EventQuery(
      String account, String code, String kind, Instant since, Long before, int limit) {}

  /** Every provisioned account (the cache's load at start). */
  Future<List<AccountSettings>> all();

  /** One account, or null. */
  Future<AccountSettings> get(String account);

  /** Accounts in account order after {@code after}, starting with {@code prefix} when given. */
  Future<Page> list(String after, String prefix, int limit);

  /**
   * Accounts blocked at {@code now}, in account order after {@code after}, starting with {@code
   * prefix} when given.
   */
  Future<BlockedPage> blocked(Instant now, String after, String prefix, int limit);

  /** Adds an account; false when one of that name exists. */
  Future<Boolean> insert(AccountSettings s);

  /** Adds or replaces an account; true when it was added. */
  Future<Boolean> put(AccountSettings s);

  /** Deletes an account; false when there was none. */
  Future<Boolean> delete(String account);

  /** The two lists of destinations an account has of its own. */
  enum DestinationKind {
    AUTHORIZED("authorized_destinations"),
    BLOCKED("blocked_destinations");

    /** Its table. */
    public final String table;

    DestinationKind(String table) {
      this.table = table;
    }
  }

  /**
   * Puts {@code entry} on the account's {@code kind} list (provisioning the account with the
   * defaults when nobody did); false when it was there.
   *
   * @param source operator, verified or learned
   */
  default Future<Boolean> addDestination(
      String account, DestinationKind kind, String entry, String source) {
    return addDestination(account, kind, entry, source, null);
  }

  /**
   * As above, until {@code until} (null: until an operator removes it). An entry already there
   * without an end keeps it; with an end, it is made lasting when {@code until} is null, else ends
   * at the later of the two. Only the blocked list has ends.
   *
   * @return false when the entry was there
   */
  Future<Boolean> addDestination(
      String account, DestinationKind kind, String entry, String source, Instant until);

  /**
   * Takes off every blocked destination whose end is {@code now} or before: the accounts whose list
   * changed.
   */
  Future<java.util.Set<String>> expireDestinations(Instant now);

  /** Takes {@code entry} off the list; false when it was not on it. */
  Future<Boolean> removeDestination(String account, DestinationKind kind, String entry);

  /** Zeroes the kept counters of {@code day} (an operator's reset). */
  Future<Void> resetDay(String account, LocalDate day);

  /**
   * The numbers and addresses of the denials with {@code codes} since {@code since}, newest first,
   * at most {@code limit}: each {code, e164, sourceIp, at} (TFPS's own intelligence, read back at
   * start).
   */
  Future<List<JsonObject>> attacks(Instant since, java.util.Set<String> codes, int limit);

  /** Events, newest first. */
  Future<EventPage> events(EventQuery q);

  /**
   * An imported call record's identity (docs/cdr-import.md): its idempotency key, and its start as
   * the file writes it ({@code HistoricalCall.writtenStart}), by which the keys are kept in order.
   */
  record ImportKey(long writtenStart, String key) {}

  /**
   * Keeps the keys of imported call records not kept before, and answers which those are (bit
   * {@code i} for {@code keys.get(i)}): the records to import (docs/cdr-import.md). Of a key listed
   * twice, the first is the new one. One import at a time calls it.
   */
  Future<java.util.BitSet> keepNewImports(List<ImportKey> keys);
}
