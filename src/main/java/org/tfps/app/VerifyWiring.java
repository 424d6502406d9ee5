package org.tfps.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.slf4j.LoggerFactory;
import org.tfps.config.TfpsConfig;
import org.tfps.decision.DecisionLog;
import org.tfps.metrics.MetricsRegistry;
import org.tfps.sip.SipVerticle;
import org.tfps.store.Store;

/** The verify dialog's wiring (issue 7, docs/ivr.md): prompts, the media side, its metrics. */
final class VerifyWiring {

  private VerifyWiring() {}

  /**
   * With {@code tfps.verify.mode} captcha or pin, verify verdicts are answered by the dialog (issue
   * 7); with deny (the default) nothing is wired and they are refused as before.
   */
  static Future<Void> start(
      Vertx vertx,
      TfpsConfig config,
      Clock clock,
      MetricsRegistry metrics,
      SipVerticle sip,
      Tfps.Wiring wiring,
      Store store,
      DecisionLog outcomes) {
    org.tfps.config.VerifyConfig v = config.verify();
    metrics.gauge("tfps_ivr_dialogs", "Live verify dialogs.", sip::dialogCount);
    if (store.pool() != null) {
      // Blocks a failed verify call put on (also those of before a change of mode) end in time.
      new BlockExpiry(store.accounts(), wiring.accounts(), clock).start(vertx);
    }
    if (!v.answers()) {
      return Future.succeededFuture();
    }
    return vertx
        .executeBlocking(
            () ->
                org.tfps.ivr.Prompts.load(
                    v.language(), v.promptsDir(), org.tfps.ivr.Challenge.promptNames()),
            false)
        .map(
            prompts -> {
              org.tfps.metrics.Histogram lateness =
                  metrics.histogram(
                      "tfps_ivr_rtp_send_lateness_seconds",
                      "How late each verify RTP frame was sent after its due time (send jitter).");
              java.util.random.RandomGenerator codes =
                  v.testSeed() != 0
                      ? new java.util.Random(v.testSeed())
                      : new java.security.SecureRandom();
              if (config.db().url().equals("none")) {
                LoggerFactory.getLogger(VerifyWiring.class)
                    .warn(
                        "tfps.db.url = none: a verify call is answered, but its outcome (the"
                            + " destination authorized or blocked) cannot be kept");
              }
              if (v.testSeed() != 0) {
                LoggerFactory.getLogger(VerifyWiring.class)
                    .warn(
                        "tfps.verify.test-seed is set: CAPTCHA codes are predictable (tests only)");
              }
              org.tfps.ivr.VerifyCalls calls =
                  new org.tfps.ivr.VerifyCalls(
                      vertx,
                      v,
                      prompts,
                      codes,
                      clock,
                      account -> {
                        var settings = wiring.accounts().settings(account);
                        return settings == null ? null : settings.pinHash();
                      },
                      new VerifyOutcomeWriter(
                          store.accounts(), wiring.accounts(), outcomes, clock, v.blockFor()),
                      lateness::record);
              metrics.gauge(
                  "tfps_ivr_rtp_ports", "RTP ports held by verify calls.", calls::portsInUse);
              metrics.counterOf(
                  "tfps_ivr_calls_started_total",
                  "Verify calls answered with media.",
                  calls::callsStarted);
              metrics.counterOf(
                  "tfps_ivr_calls_ended_total",
                  "Verify calls whose media ended and whose RTP port was freed.",
                  calls::callsEnded);
              java.util.Map<String, java.util.function.LongSupplier> byOutcome =
                  new java.util.LinkedHashMap<>();
              for (org.tfps.ivr.Challenge.Outcome o : org.tfps.ivr.Challenge.Outcome.values()) {
                if (o != org.tfps.ivr.Challenge.Outcome.PENDING) {
                  byOutcome.put(
                      o.name().toLowerCase(java.util.Locale.ROOT), () -> calls.outcomes(o));
                }
              }
              metrics.counterOf(
                  "tfps_ivr_outcomes_total",
                  "Verify challenges ended, by outcome.",
                  "outcome",
                  byOutcome);
              metrics.counterOf(
                  "tfps_ivr_rtp_frames_skipped_total",
                  "Verify RTP frames skipped because the media thread ran a call more than two"
                      + " frames late.",
                  calls::framesSkipped);
              metrics.counterOf(
                  "tfps_ivr_rtp_send_errors_total",
                  "Verify RTP frames the socket did not take (buffer full or an error).",
                  calls::sendErrors);
              sip.verifyWith(calls);
              LoggerFactory.getLogger(VerifyWiring.class)
                  .info(
                      "verify verdicts answered by the {} dialog, RTP {}:{}-{}",
                      v.mode().name().toLowerCase(java.util.Locale.ROOT),
                      v.mediaAddress(),
                      v.rtpPortMin(),
                      v.rtpPortMax());
              return null;
            });
  }
}
