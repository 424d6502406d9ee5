#!/usr/bin/env python3
"""verify-load.sh's report: reads the /metrics scrapes taken during the run (one file, each scrape
after a line '# scrape <unix ms>'), rtp-sink.py's JSON and SIPp's counts, and prints a one-line
summary and a Markdown table row (header with --header).

Send lateness percentiles come from the cumulative buckets of tfps_ivr_rtp_send_lateness_seconds,
interpolated within a bucket as Prometheus's histogram_quantile does; "max" is the upper bound of
the highest bucket that holds a frame (the histogram keeps no exact maximum). "full load" is the
difference between the first and the last scrape that saw CALLS live verify dialogs. Counters are
the difference between the last scrape and the first (taken after the warm-up).
"""
import json
import re
import sys

LATENESS = "tfps_ivr_rtp_send_lateness_seconds"
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$')


def parse_scrapes(path):
    scrapes = []
    cur = None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# scrape "):
                cur = {"t": int(line.split()[2]), "m": {}}
                scrapes.append(cur)
                continue
            if cur is None or not line or line.startswith("#"):
                continue
            m = SAMPLE.match(line)
            if m:
                try:
                    cur["m"][m.group(1) + (m.group(2) or "")] = float(m.group(3))
                except ValueError:
                    pass
    return [s for s in scrapes if s["m"]]


def buckets(metrics):
    out = []
    for k, v in metrics.items():
        if k.startswith(LATENESS + "_bucket{"):
            le = re.search(r'le="([^"]+)"', k).group(1)
            out.append((float("inf") if le == "+Inf" else float(le), v))
    return sorted(out)


def diff(b1, b0):
    old = dict(b0)
    return [(le, c - old.get(le, 0)) for le, c in b1]


def quantile(cum, q):
    """histogram_quantile over cumulative (le, count) pairs, in seconds."""
    if not cum or cum[-1][1] == 0:
        return 0.0
    total = cum[-1][1]
    rank = q * total
    prev_le, prev_c = 0.0, 0.0
    for le, c in cum:
        if c >= rank and c > prev_c:
            if le == float("inf"):
                return prev_le
            return prev_le + (le - prev_le) * (rank - prev_c) / (c - prev_c)
        prev_le, prev_c = le, c
    return prev_le


def top(cum):
    """Upper bound of the highest non-empty bucket, seconds."""
    prev = 0.0
    best = 0.0
    for le, c in cum:
        if c > prev:
            best = le
        prev = c
    return best


def share(cum, bound):
    total = cum[-1][1] if cum else 0
    for le, c in cum:
        if abs(le - bound) < 1e-12:
            return c / total if total else 0.0
    return 0.0


def val(metrics, name, default=None):
    return metrics.get(name, default)


def fmt_ms(seconds):
    return "%.2f" % (seconds * 1e3)


def main():
    args = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)
    if "--header" in sys.argv:
        print(
            "| date (UTC) | commit | calls | SIPp ok/failed | dialogs started/ended | outcomes"
            " | frames (skipped) | send p50 / p99 / max ms | send ≤1 ms / ≤5 ms | full-load p99 ms"
            " | receive p50 / p99 / max ms | RFC 3550 J mean/max ms | control sleeper p99 / max ms"
            " | TFPS CPU % | GC pauses, longest ms"
            " | load 1 min, other CPU %"
            " | ports, dialogs at end |"
        )
        print("|" + "---|" * 17)
        return
    calls = int(args["calls"])
    scrapes = parse_scrapes(args["scrapes"])
    last = scrapes[-1]["m"]
    first = scrapes[0]["m"]
    cum = diff(buckets(last), buckets(first))
    full = [s for s in scrapes if val(s["m"], "tfps_ivr_dialogs", 0) >= calls]
    full_cum = diff(buckets(full[-1]["m"]), buckets(full[0]["m"])) if len(full) >= 2 else []
    full_secs = (full[-1]["t"] - full[0]["t"]) / 1e3 if len(full) >= 2 else 0
    frames = int(cum[-1][1]) if cum else 0
    def counted(name):  # a counter over the run (the warm-up's calls are before the first scrape)
        v = val(last, name)
        return None if v is None else v - val(first, name, 0)

    skipped = counted("tfps_ivr_rtp_frames_skipped_total")
    started = counted("tfps_ivr_calls_started_total")
    ended = counted("tfps_ivr_calls_ended_total")
    outcomes = {}
    for k in last:
        if k.startswith('tfps_ivr_outcomes_total{outcome="') and counted(k):
            outcomes[k[len('tfps_ivr_outcomes_total{outcome="') : -2]] = int(counted(k))
    sink = {}
    if args.get("sink"):
        try:
            sink = json.load(open(args["sink"]))
        except (OSError, ValueError):
            sink = {}
    end = json.loads(args.get("end", "{}"))
    probe = {}
    if args.get("probe"):
        try:
            probe = json.load(open(args["probe"]))
        except (OSError, ValueError):
            probe = {}
    r = {
        "calls": calls,
        "sipp_ok": int(args.get("sipp_ok", -1)),
        "sipp_failed": int(args.get("sipp_failed", -1)),
        "started": None if started is None else int(started),
        "ended": None if ended is None else int(ended),
        "outcomes": outcomes,
        "frames": frames,
        "skipped": None if skipped is None else int(skipped),
        "send_p50_ms": quantile(cum, 0.5) * 1e3,
        "send_p99_ms": quantile(cum, 0.99) * 1e3,
        "send_max_ms_le": top(cum) * 1e3,
        "send_within_1ms": share(cum, 0.001),
        "send_within_5ms": share(cum, 0.005),
        "full_load_seconds": full_secs,
        "full_load_frames": int(full_cum[-1][1]) if full_cum else 0,
        "full_load_p99_ms": quantile(full_cum, 0.99) * 1e3 if full_cum else None,
        "full_load_within_5ms": share(full_cum, 0.005) if full_cum else None,
        "sink": sink,
        "probe": probe,
        "end": end,
        "tfps_cpu_pct": float(args.get("tfps_cpu", "nan")),
        "load": args.get("load", ""),
    }
    with open(args["json"], "w") as f:
        json.dump(r, f, indent=1)

    oc = ", ".join("%s %d" % (k.lower(), v) for k, v in sorted(outcomes.items())) or "n/a"
    ls = sink.get("lateness_ms", {})
    js = sink.get("rfc3550_jitter_ms", {})
    ok = (
        r["send_within_5ms"] >= 0.99
        and r["sipp_failed"] == 0
        and end.get("ports") == 0
        and end.get("dialogs") == 0
        and (started is None or started == ended)
    )
    print(
        "verify-load: %d calls, SIPp %d ok %d failed, dialogs %s/%s, outcomes %s; %d frames "
        "(%s skipped): send lateness p50 %s ms, p99 %s ms, max <= %s ms, <=5 ms %.2f%% "
        "(full load %.0f s: p99 %s ms); receive lateness p50 %.2f p99 %.2f max %.2f ms, "
        "J %.2f ms; control sleeper p99 %.2f max %.2f ms; TFPS CPU %.0f%%, GC pauses %s ms; at the end ports %s dialogs %s; issue 7 target %s"
        % (
            calls,
            r["sipp_ok"],
            r["sipp_failed"],
            "n/a" if started is None else int(started),
            "n/a" if ended is None else int(ended),
            oc,
            frames,
            "n/a" if skipped is None else int(skipped),
            fmt_ms(r["send_p50_ms"] / 1e3),
            fmt_ms(r["send_p99_ms"] / 1e3),
            "%g" % r["send_max_ms_le"],
            100 * r["send_within_5ms"],
            full_secs,
            "n/a" if r["full_load_p99_ms"] is None else "%.2f" % r["full_load_p99_ms"],
            ls.get("p50", 0),
            ls.get("p99", 0),
            ls.get("max", 0),
            js.get("mean", 0),
            probe.get("p99", 0),
            probe.get("max", 0),
            r["tfps_cpu_pct"],
            args.get("gc", "?"),
            end.get("ports"),
            end.get("dialogs"),
            "MET" if ok else "NOT MET",
        )
    )
    print(
        "| %s | %s | %d | %d / %d | %s / %s | %s | %d (%s) | %.2f / %.2f / ≤ %g | %.1f%% / %.2f%% "
        "| %s | %.2f / %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.0f | %s | %s, %s %% | %s, %s |"
        % (
            args.get("date", ""),
            args.get("commit", ""),
            calls,
            r["sipp_ok"],
            r["sipp_failed"],
            "n/a" if started is None else int(started),
            "n/a" if ended is None else int(ended),
            oc,
            frames,
            "n/a" if skipped is None else int(skipped),
            r["send_p50_ms"],
            r["send_p99_ms"],
            r["send_max_ms_le"],
            100 * r["send_within_1ms"],
            100 * r["send_within_5ms"],
            "n/a" if r["full_load_p99_ms"] is None else "%.2f" % r["full_load_p99_ms"],
            ls.get("p50", 0),
            ls.get("p99", 0),
            ls.get("max", 0),
            js.get("mean", 0),
            js.get("max", 0),
            probe.get("p99", 0),
            probe.get("max", 0),
            r["tfps_cpu_pct"],
            args.get("gc", "?"),
            r["load"],
            args.get("others", "?"),
            end.get("ports"),
            end.get("dialogs"),
        )
    )


if __name__ == "__main__":
    main()
