package org.tfps.sip;

import org.tfps.metrics.Counter;
import org.tfps.metrics.Histogram;
import org.tfps.metrics.MetricsRegistry;

/** The SIP layer's counters, exposed at /metrics. */
public final class SipStats {

  final Counter requests;
  final Counter responses;
  final Counter verdicts;
  final Counter parseErrors;
  final Counter untrusted;
  final Counter requestRetransmissions;
  final Counter responseRetransmissions;
  final Counter ackTimeouts;
  final Counter verifyDeclined;
  final Counter overload;
  final Counter shed;
  final Counter strayResponses;
  final Histogram decisionLatency;
  final Counter tcpRefused;
  private volatile QueueDelay queue = new QueueDelay(0, 0);

  public SipStats(MetricsRegistry registry) {
    requests =
        registry.counter("tfps_sip_requests_total", "SIP requests received, by method.", "method");
    responses =
        registry.counter(
            "tfps_sip_responses_total", "Final SIP responses sent, by status.", "status");
    verdicts =
        registry.counter("tfps_verdicts_total", "Calls decided, by deciding rule code.", "code");
    parseErrors =
        registry.counter(
            "tfps_sip_parse_errors_total", "Malformed SIP messages, by reason.", "reason");
    untrusted =
        registry.counter(
            "tfps_sip_untrusted_total",
            "Messages from peers outside trusted-peers (answered 403 or dropped).",
            null);
    requestRetransmissions =
        registry.counter(
            "tfps_sip_request_retransmissions_total",
            "Retransmitted requests absorbed by a transaction.",
            null);
    responseRetransmissions =
        registry.counter(
            "tfps_sip_response_retransmissions_total",
            "Final responses retransmitted by Timer G.",
            null);
    verifyDeclined =
        registry.counter(
            "tfps_ivr_declined_total",
            "Verify calls answered like a deny because the dialog could not take them (no RTP port).",
            null);
    ackTimeouts =
        registry.counter(
            "tfps_sip_ack_timeouts_total",
            "INVITE transactions that never got an ACK (Timer H).",
            null);
    overload =
        registry.counter(
            "tfps_sip_overload_total",
            "Requests refused with 500 because the transaction table was full.",
            null);
    shed =
        registry.counter(
            "tfps_sip_shed_total",
            "New INVITEs answered 500 without a decision because requests waited longer than"
                + " tfps.sip.max-queue-delay in the UDP queue (overload).",
            null);
    registry.gauge(
        "tfps_sip_queue_delay_milliseconds",
        "How long the last probe waited in the SIP UDP socket's queue before it was read, in"
            + " milliseconds (a probe every 10 ms; 0 when tfps.sip.max-queue-delay is 0).",
        () -> queue.delayMillis());
    strayResponses =
        registry.counter(
            "tfps_sip_stray_responses_total",
            "SIP responses received and dropped (TFPS sends no requests but the BYE of a verify dialog).",
            null);
    tcpRefused =
        registry.counter(
            "tfps_sip_tcp_refused_total",
            "TCP connections closed at once because the connection limit was reached.",
            null);
    decisionLatency =
        registry.histogram(
            "tfps_decision_seconds",
            "Time from an INVITE's arrival to its final response being sent, in seconds.");
  }

  /** Where the queue's wait is read from: the SIP loop's {@link QueueDelay}. */
  void queue(QueueDelay queue) {
    this.queue = queue;
  }

  /** The last wait measured in the UDP queue, in milliseconds, for status. */
  public long queueDelayMillis() {
    return queue.delayMillis();
  }

  /** New INVITEs shed since start (overload control), for status. */
  public long shed() {
    return shed.total();
  }

  /** Counts a call decided elsewhere (over the API) under its deciding {@code code}. */
  public void countDecided(String code) {
    verdicts.inc(code);
  }

  /** Total calls decided, for status. */
  public long decided() {
    return verdicts.total();
  }

  /** The decision-latency histogram, for status and stats. */
  public Histogram decisionLatency() {
    return decisionLatency;
  }
}
