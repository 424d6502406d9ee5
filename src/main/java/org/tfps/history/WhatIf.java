package org.tfps.history;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;
import org.tfps.decision.CallRecord;
import org.tfps.decision.Decision;
import org.tfps.decision.DecisionService;
import org.tfps.engine.CallAttempt;

/**
 * The what-if replay (issue 10, docs/what-if.md): decides each outbound call of a period of history
 * through a {@link DecisionService}, at the call's own start, and tallies what the policy would
 * have done. A {@link CdrSink}: hand it a read ({@link #replay}) or feed it yourself and call
 * {@link #report}.
 *
 * <p>The decision service must be a fresh one whose ports answer synchronously, as {@code
 * Tfps.decisions(config)} builds it (a {@code LocalAccountLedger} of its own): the replay fills its
 * ledger with the history, so it must never be the live one. A decision that does not complete at
 * once fails the replay ({@link IllegalStateException}); nothing here blocks or waits.
 *
 * <p>Streaming: the read holds one record; the replay holds the calls of the reorder window (at
 * most {@link WhatIfOptions#maxHeld()}), a fixed set of counters, the examples of each rule, and
 * per account a few counters (that part grows with the accounts, not with the calls). Not
 * thread-safe: one replay on one thread (a worker thread: reading and deciding is CPU work).
 */
public final class WhatIf implements CdrSink {

  private static final Comparator<HistoricalCall> BY_START =
      Comparator.comparing(HistoricalCall::start).thenComparingLong(HistoricalCall::line);

  private final DecisionService decisions;
  private final WhatIfOptions options;
  private final BiConsumer<HistoricalCall, Decision> each;
  private final WhatIfTally tally;
  private final PriorityQueue<HistoricalCall> held;
  private final PriorityQueue<CallRecord> ends =
      new PriorityQueue<>(Comparator.comparing(CallRecord::end));
  private final long windowMillis;
  private Instant latestRead;
  private Instant latestDecided;
  private boolean done;

  public WhatIf(DecisionService decisions, WhatIfOptions options) {
    this(decisions, options, (call, decision) -> {});
  }

  /**
   * A replay that also hands each decided call to {@code each}, in the order decided: for
   * regression tests of a policy change, or to keep the decisions.
   */
  public WhatIf(
      DecisionService decisions, WhatIfOptions options, BiConsumer<HistoricalCall, Decision> each) {
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.options = Objects.requireNonNull(options, "options");
    this.each = Objects.requireNonNull(each, "each");
    this.tally = new WhatIfTally(options);
    this.held = new PriorityQueue<>(BY_START);
    this.windowMillis = options.reorderWindow().toMillis();
  }

  /**
   * Reads a CDR file and replays it: the entry point of the API and the CLI. Blocking (reads {@code
   * in} to its end, which it does not close) and CPU-bound: call it on a worker thread.
   *
   * @param in the file, UTF-8
   * @param format its format, or null to recognise it (docs/cdr-import.md)
   * @param zone the zone of the file's local times
   * @param decisions a fresh decision use case, {@code Tfps.decisions(config)}: never the live one
   * @throws CdrFileException when the file as a whole cannot be read
   * @throws IllegalStateException when a decision does not complete at once
   */
  public static WhatIfReport replay(
      InputStream in,
      CdrFormat format,
      ZoneId zone,
      DecisionService decisions,
      WhatIfOptions options)
      throws IOException {
    WhatIf replay = new WhatIf(decisions, options);
    ReadCounts counts = CdrReaders.read(in, format, zone, replay);
    return replay.report(counts);
  }

  @Override
  public void accept(HistoricalCall call) {
    if (done) {
      throw new IllegalStateException("the replay was reported: start a new one");
    }
    WhatIfReport.Skip skip = options.skip(call);
    if (skip != null) {
      tally.skipped(skip);
      return;
    }
    if (latestRead == null || call.start().isAfter(latestRead)) {
      latestRead = call.start();
    }
    held.add(call);
    long horizon = latestRead.toEpochMilli() - windowMillis;
    while (!held.isEmpty()
        && (held.size() > options.maxHeld() || held.peek().start().toEpochMilli() <= horizon)) {
      decide(held.poll());
    }
  }

  @Override
  public void reject(BadRow row) {
    tally.badRow(row);
  }

  /**
   * Decides the calls still held and reports. Call it once, after the read.
   *
   * @param counts what the read went through
   */
  public WhatIfReport report(ReadCounts counts) {
    while (!held.isEmpty()) {
      decide(held.poll());
    }
    done = true;
    return tally.report(counts);
  }

  private void decide(HistoricalCall call) {
    Instant at = call.start();
    if (latestDecided != null && at.isBefore(latestDecided)) {
      tally.outOfOrder(); // decided at its own time all the same: the ledger takes it as it comes
    } else {
      latestDecided = at;
    }
    while (!ends.isEmpty() && !ends.peek().end().isAfter(at)) {
      done(decisions.callEnded(ends.poll()), call);
    }
    // Asterisk without uniqueid has no Call-ID: the row's key keeps each call's lease apart
    String callId = call.callId().isEmpty() ? call.idempotencyKey() : call.callId();
    CallAttempt attempt =
        new CallAttempt(call.account(), options.dialed(call), call.sourceIp(), "", callId, at, -1);
    Decision decision = done(decisions.decide(attempt), call);
    tally.decided(call, decision);
    each.accept(call, decision);
    if (options.endCalls() && decision.letThrough() && ends.size() < options.maxHeld()) {
      // past maxHeld calls up, a lease ends by tfps.engine.concurrency-window alone
      Instant end = at.plusSeconds(call.durationSeconds());
      ends.add(
          new CallRecord(
              callId,
              call.account(),
              attempt.dialed(),
              at,
              call.answer(),
              end,
              call.billableSeconds(),
              call.disposition().name(),
              end));
    }
  }

  /** The result of a port that answers at once (a LocalAccountLedger's). */
  private static <T> T done(Future<T> f, HistoricalCall call) {
    if (!f.isComplete()) {
      throw new IllegalStateException(
          "a what-if replay needs a decision service whose ports answer at once"
              + " (Tfps.decisions(config), with its own LocalAccountLedger)");
    }
    if (f.failed()) {
      throw new IllegalStateException(
          "the decision of line " + call.line() + " failed: " + f.cause(), f.cause());
    }
    return f.result();
  }
}
