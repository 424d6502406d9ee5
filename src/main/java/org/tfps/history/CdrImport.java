package org.tfps.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.tfps.decision.AccountProfile;
import org.tfps.decision.AccountRepository.ImportKey;
import org.tfps.decision.DayCount;
import org.tfps.numbers.Destination;
import org.tfps.numbers.NumberNormalizer;

/**
 * Imports an operator's call history (docs/cdr-import.md): reads a CDR file as a stream, keeps the
 * outbound calls not imported before (their idempotency keys, {@link Keys}), and turns them into
 * the day counters each account's learned profile is made of: calls, calls out of business hours,
 * the day's peak of concurrent calls, and the countries called. Those counters {@link #seed} the
 * ledger the way a snapshot read back at start does, so the baseline (R26) and the known countries
 * (R25) start from the history instead of from zero.
 *
 * <p>Memory is bounded by the accounts and days of the file, never by its records: keys go to
 * {@link Keys} a batch at a time. Blocking: call it off the event loop.
 */
public final class CdrImport {

  /** Keys checked and kept at a time. */
  static final int BATCH = 10_000;

  /** Bad rows reported in full; past it they are counted. */
  public static final int MAX_REPORTED_BAD_ROWS = 1_000;

  /**
   * Which records are outbound calls: those the what-if replay decides (its inbound contexts,
   * extensions, CGRateS's numbers without "+"), so both read a file alike.
   */
  private static final WhatIfOptions SELECTION = WhatIfOptions.defaults();

  /** Where the idempotency keys of imported calls are kept. */
  public interface Keys {
    /**
     * Keeps the keys not kept before and answers which they are (bit {@code i} for {@code
     * keys.get(i)}; of a key listed twice, the first): the calls to import. The import reads the
     * next batch while one is kept.
     */
    CompletableFuture<BitSet> keepNew(List<ImportKey> keys);
  }

  /** The longest wait for one batch's keys. */
  private static final long KEYS_WAIT_SECONDS = 60;

  /**
   * What an import did.
   *
   * @param counts what the reader read
   * @param imported outbound calls imported now
   * @param duplicates calls imported before (skipped)
   * @param notOutbound calls skipped as inbound or internal (an inbound context, or a destination
   *     that is not a valid phone number: an extension)
   * @param accounts accounts seeded
   * @param days account-days seeded
   * @param badRows the first {@link #MAX_REPORTED_BAD_ROWS} bad rows (all are counted in counts)
   */
  public record Result(
      ReadCounts counts,
      long imported,
      long duplicates,
      long notOutbound,
      int accounts,
      int days,
      List<BadRow> badRows) {}

  private final Function<String, AccountProfile> profiles;
  private final NumberNormalizer normalizer;
  private final Keys keys;
  private final Consumer<List<DayCount>> seed;

  /**
   * @param profiles each account's profile (dial plan, zone, business hours): provisioned or the
   *     defaults
   * @param seed takes the day counters of the calls imported (the ledger and the store)
   */
  public CdrImport(
      Function<String, AccountProfile> profiles,
      NumberNormalizer normalizer,
      Keys keys,
      Consumer<List<DayCount>> seed) {
    this.profiles = profiles;
    this.normalizer = normalizer;
    this.keys = keys;
    this.seed = seed;
  }

  /**
   * Imports {@code in}.
   *
   * @param format the file's format, or null to recognise it
   * @param zone the zone of the file's local times
   * @param domain appended ({@code @domain}) to account names without one, as SIP names them; or
   *     empty
   * @param today days from this one on are not seeded: their live counters are the ledger's
   * @param progress called every 65,536 records
   */
  public Result run(
      InputStream in,
      CdrFormat format,
      ZoneId zone,
      String domain,
      LocalDate today,
      Consumer<ReadCounts> progress)
      throws IOException {
    Sink sink = new Sink(domain, progress);
    ReadCounts counts;
    try {
      counts = CdrReaders.read(in, format, zone, sink);
      sink.flush();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<DayCount> days = sink.days(today);
    if (!days.isEmpty()) {
      seed.accept(days);
    }
    return new Result(
        counts,
        sink.imported,
        sink.duplicates,
        sink.notOutbound,
        (int) days.stream().map(DayCount::account).distinct().count(),
        days.size(),
        List.copyOf(sink.bad));
  }

  /** One account's day as the import counts it. */
  private static final class Day {
    int calls;
    int offHours;
    int peak;
    final PriorityQueue<Long> up = new PriorityQueue<>(); // end times of the calls up
  }

  /** One account: its days and the countries it called. */
  private static final class Account {
    final AccountProfile profile;
    final Map<LocalDate, Day> days = new HashMap<>();
    final Set<String> countries = new TreeSet<>();

    Account(AccountProfile profile) {
      this.profile = profile;
    }
  }

  private record Pending(String account, Destination destination, HistoricalCall call) {}

  private final class Sink implements CdrSink {
    final String domain;
    final Consumer<ReadCounts> progress;
    final Map<String, Account> accounts = new HashMap<>();
    List<Pending> batch = new ArrayList<>(BATCH);
    List<Pending> keeping;
    CompletableFuture<BitSet> kept;
    final List<BadRow> bad = new ArrayList<>();
    long imported;
    long duplicates;
    long notOutbound;

    Sink(String domain, Consumer<ReadCounts> progress) {
      this.domain = domain;
      this.progress = progress;
    }

    @Override
    public void accept(HistoricalCall call) {
      String name =
          call.account().indexOf('@') >= 0 || domain.isEmpty()
              ? call.account()
              : call.account() + "@" + domain.toLowerCase(Locale.ROOT);
      Account a = accounts.computeIfAbsent(name, n -> new Account(profiles.apply(n)));
      if (SELECTION.skip(call) != null) {
        notOutbound++;
        return;
      }
      Destination d = normalizer.normalize(SELECTION.dialed(call), a.profile.dialPlan());
      // An extension longer than the replay's reads as an invalid number: only valid numbers
      // are outbound calls the profile learns from.
      if (!d.isNumber() || !d.valid()) {
        notOutbound++;
        return;
      }
      batch.add(new Pending(name, d, call));
      if (batch.size() == BATCH) {
        send();
      }
    }

    @Override
    public void reject(BadRow row) {
      if (bad.size() < MAX_REPORTED_BAD_ROWS) {
        bad.add(row);
      }
    }

    @Override
    public void progress(ReadCounts counts) {
      progress.accept(counts);
    }

    /** Sends the batch's keys to be kept, and counts the batch sent before (in file order). */
    void send() {
      if (batch.isEmpty()) {
        return;
      }
      List<ImportKey> ids = new ArrayList<>(batch.size());
      for (Pending p : batch) {
        ids.add(new ImportKey(p.call().writtenStart(), p.call().idempotencyKey()));
      }
      CompletableFuture<BitSet> f = keys.keepNew(ids);
      settle();
      keeping = batch;
      kept = f;
      batch = new ArrayList<>(BATCH);
    }

    /** Sends what is left and counts every batch sent. */
    void flush() {
      send();
      settle();
    }

    /** Waits for the batch being kept and counts its calls. */
    private void settle() {
      if (kept == null) {
        return;
      }
      BitSet fresh;
      try {
        fresh = kept.get(KEYS_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new UncheckedIOException(
            new IOException("the keys were not kept: " + e.getCause().getMessage(), e.getCause()));
      } catch (TimeoutException e) {
        throw new UncheckedIOException(
            new IOException("the keys were not kept within " + KEYS_WAIT_SECONDS + " s", e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new IOException("interrupted", e));
      }
      for (int i = 0; i < keeping.size(); i++) {
        Pending p = keeping.get(i);
        if (fresh.get(i)) {
          count(accounts.get(p.account()), p.destination(), p.call());
          imported++;
        } else {
          duplicates++; // imported before, or twice in this file
        }
      }
      kept = null;
      keeping = null;
    }

    private void count(Account a, Destination d, HistoricalCall call) {
      Instant start = call.start();
      LocalDate day = start.atZone(a.profile.zone()).toLocalDate();
      Day c = a.days.computeIfAbsent(day, x -> new Day());
      c.calls++;
      if (!a.profile.hours().contains(start)) {
        c.offHours++;
      }
      if (!d.country().isEmpty()) {
        a.countries.add(d.country());
      }
      // Calls up: those of the day that had not ended when this one started (records come in
      // start order in every supported format; one out of order only shifts a peak).
      long begin = start.toEpochMilli();
      while (!c.up.isEmpty() && c.up.peek() <= begin) {
        c.up.poll();
      }
      c.up.add(begin + Math.max(1, call.durationSeconds()) * 1000L);
      c.peak = Math.max(c.peak, c.up.size());
    }

    /** The day counters of the days before {@code today}; the countries ride on each's last. */
    List<DayCount> days(LocalDate today) {
      List<DayCount> out = new ArrayList<>();
      for (Map.Entry<String, Account> e : accounts.entrySet()) {
        List<LocalDate> dates = new ArrayList<>(new TreeSet<>(e.getValue().days.keySet()));
        dates.removeIf(d -> !d.isBefore(today));
        for (int i = 0; i < dates.size(); i++) {
          Day c = e.getValue().days.get(dates.get(i));
          boolean last = i == dates.size() - 1;
          String countries =
              last && !e.getValue().countries.isEmpty()
                  ? String.join(",", e.getValue().countries)
                  : null;
          out.add(
              new DayCount(
                  e.getKey(),
                  dates.get(i),
                  c.calls,
                  c.offHours,
                  c.calls,
                  0,
                  c.peak,
                  countries,
                  null));
        }
      }
      return out;
    }
  }
}
