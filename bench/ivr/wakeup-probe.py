#!/usr/bin/env python3
"""verify-load.sh's control: how late a process that sleeps to a 20 ms slot wakes up on this host,
measured beside TFPS while the calls run. TFPS's media thread does the same (it sleeps until the
next frame is due), so when this probe is late too, the lateness is the host's (other work on
the CPUs, the scheduler), not TFPS's. Bounded: stops on SIGTERM or after --max-seconds, then
writes --out (JSON: p50, p99, max and the share within 1 and 5 ms, in ms).
"""
import argparse
import json
import signal
import time

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--max-seconds", type=float, default=300)
ap.add_argument("--period-ms", type=float, default=20)
a = ap.parse_args()
stop = [False]
signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
period = int(a.period_ms * 1e6)
start = time.monotonic_ns()
end = start + int(a.max_seconds * 1e9)
n = 1
late = []
while not stop[0]:
    due = start + n * period
    if due > end:
        break
    wait = due - time.monotonic_ns()
    if wait > 0:
        time.sleep(wait / 1e9)
    now = time.monotonic_ns()
    late.append(now - due)
    n = max(n + 1, (now - start) // period + 1)  # like the pacer: slots missed are skipped
late.sort()


def pct(q):
    return late[min(len(late) - 1, int(q * len(late)))] / 1e6 if late else 0


with open(a.out, "w") as f:
    json.dump(
        {
            "wakeups": len(late),
            "p50": pct(0.5),
            "p99": pct(0.99),
            "max": late[-1] / 1e6 if late else 0,
            "within_1ms": sum(1 for x in late if x <= 1e6) / max(1, len(late)),
            "within_5ms": sum(1 for x in late if x <= 5e6) / max(1, len(late)),
        },
        f,
    )
