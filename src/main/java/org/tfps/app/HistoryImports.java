package org.tfps.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.api.CallHistory;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.DayCount;
import org.tfps.decision.DecisionService;
import org.tfps.decision.KeptLedger;
import org.tfps.decision.ProvisionedAccounts;
import org.tfps.history.CdrFormat;
import org.tfps.history.CdrImport;
import org.tfps.history.WhatIf;
import org.tfps.history.WhatIfOptions;
import org.tfps.history.WhatIfReport;
import org.tfps.numbers.NumberNormalizer;
import org.tfps.store.Store;

/**
 * The {@link CallHistory} of a node with a database: imported calls' keys kept in the store, their
 * day counters written to the store (so they survive restarts, as snapshots do) and put in the
 * ledger at once. Runs on a worker thread: it waits for the database.
 */
final class HistoryImports implements CallHistory {

  private static final Logger log = LoggerFactory.getLogger(HistoryImports.class);

  /** The longest wait for one batch of keys or the day counters. */
  private static final long WAIT_SECONDS = 60;

  private final ProvisionedAccounts accounts;
  private final TfpsConfig config;
  private final Store store;
  private final KeptLedger ledger;
  private final Clock clock;

  HistoryImports(
      TfpsConfig config,
      ProvisionedAccounts accounts,
      Store store,
      KeptLedger ledger,
      Clock clock) {
    this.config = config;
    this.accounts = accounts;
    this.store = store;
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public CdrImport.Result importFile(Path file, CdrFormat format, ZoneId zone, String domain)
      throws IOException {
    CdrImport importer =
        new CdrImport(
            a -> accounts.profile(a).result(),
            // An import's own cache, as large as the live one: an office's history dials the same
            // numbers again and again, and libphonenumber is two thirds of an import's time
            // (bench/RESULTS.md). At most NORMALIZED_NUMBERS entries, dropped with the import.
            new NumberNormalizer(Tfps.NORMALIZED_NUMBERS),
            keys -> store.accounts().keepNewImports(keys).toCompletionStage().toCompletableFuture(),
            this::seed);
    try (InputStream in = Files.newInputStream(file)) {
      return importer.run(
          in,
          format,
          zone,
          domain,
          // Today's live counters are the ledger's: the history seeds the days before it (in the
          // import's zone; an account in another zone may lose or gain its edge day).
          LocalDate.now(clock.withZone(zone)),
          counts -> log.info("CDR import: {} records read", counts.records()));
    }
  }

  @Override
  public WhatIfReport replay(Path file, CdrFormat format, ZoneId zone, Instant from, Instant to)
      throws IOException {
    // A fresh decision use case, as production runs it, with the accounts provisioned now: its own
    // ledger, so the live counters are never touched.
    DecisionService decisions = Tfps.decisions(config, accounts.all());
    try (InputStream in = Files.newInputStream(file)) {
      return WhatIf.replay(in, format, zone, decisions, WhatIfOptions.defaults().period(from, to));
    }
  }

  private void seed(List<DayCount> days) {
    try {
      wait(store.saveDayCounts(days));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ledger.restoreLate(days);
  }

  private static <T> T wait(io.vertx.core.Future<T> f) throws IOException {
    try {
      // Not Future.await: Vert.x refuses it on its worker threads; this waits like any blocking
      // call.
      return f.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(
          "the database did not take the import: " + e.getCause().getMessage(), e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("the database did not answer within " + WAIT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
