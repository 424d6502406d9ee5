#!/usr/bin/env python3
"""The callers' media end for verify-load.sh: one UDP socket on 127.0.0.1 that every call's SDP
offer points at. It measures, independently of TFPS, how regularly TFPS's RTP arrives, and (with
--echo) sends each packet back to the port it came from, so TFPS receives a caller's 50 packets a
second per call, as from a real phone.

Arrival times are the kernel's receive timestamps (SO_TIMESTAMPNS), so this script's own
scheduling does not count. Streams are told apart by SSRC. Per packet:
  lateness = (arrival - RTP timestamp / 8 kHz) - the smallest such value of its stream,
that is how much later than its stream's best packet it arrived, on the stream's own sampling
clock (TFPS's frame n is due at start + n x 20 ms and carries timestamp base + 160 n, so skipped
frames do not shift it). Also RFC 3550 6.4.1 interarrival jitter J per stream, and sequence gaps.

Bounded: stops on SIGTERM/SIGINT or after --max-seconds, then writes --out (JSON).
"""
import argparse
import json
import os
import signal
import socket
import struct
import sys
import time

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux
SCM_TIMESTAMPNS = SO_TIMESTAMPNS
SAMPLE_NS = 125_000  # 8 kHz


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True, help="where the bound port is written")
    ap.add_argument("--out", required=True, help="JSON summary written at the end")
    ap.add_argument("--echo", action="store_true", help="send each packet back to its source")
    ap.add_argument("--max-seconds", type=float, default=300)
    a = ap.parse_args()

    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.bind(("127.0.0.1", 0))
    s.settimeout(0.2)
    with open(a.port_file + ".tmp", "w") as f:
        f.write(str(s.getsockname()[1]))
    os.replace(a.port_file + ".tmp", a.port_file)

    stop = [False]

    def on_signal(*_):
        stop[0] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    streams = {}  # ssrc -> list of (arrival_ns, ts, seq)
    other = 0
    echo_errors = 0
    end = time.monotonic() + a.max_seconds
    cmsg_space = socket.CMSG_SPACE(16)
    while not stop[0] and time.monotonic() < end:
        try:
            data, anc, _flags, addr = s.recvmsg(2048, cmsg_space)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        arrival = None
        for level, kind, cdata in anc:
            if level == socket.SOL_SOCKET and kind == SCM_TIMESTAMPNS and len(cdata) >= 16:
                sec, nsec = struct.unpack("qq", cdata[:16])
                arrival = sec * 1_000_000_000 + nsec
        if arrival is None:
            arrival = time.time_ns()
        if len(data) < 12 or data[0] >> 6 != 2:
            other += 1
            continue
        seq, ts, ssrc = struct.unpack("!HII", data[2:12])
        streams.setdefault(ssrc, []).append((arrival, ts, seq))
        if a.echo:
            try:
                s.sendto(data, addr)
            except OSError:
                echo_errors += 1

    lateness = []
    gaps = []
    jitters = []
    lost = 0
    packets = 0
    for ssrc, pk in streams.items():
        packets += len(pk)
        _, ts0, seq0 = pk[0]
        rel = []
        for arrival, ts, _seq in pk:
            d = (ts - ts0) & 0xFFFFFFFF
            rel.append(arrival - d * SAMPLE_NS)
        base = min(rel)
        lateness.extend(r - base for r in rel)
        j = 0.0
        expected_seq = (pk[-1][2] - seq0) & 0xFFFF
        lost += max(0, expected_seq + 1 - len(pk))
        for i in range(1, len(pk)):
            dt = pk[i][0] - pk[i - 1][0]
            dts = ((pk[i][1] - pk[i - 1][1]) & 0xFFFFFFFF) * SAMPLE_NS
            if dts == 160 * SAMPLE_NS:
                gaps.append(abs(dt - dts))
            j += (abs(dt - dts) - j) / 16.0
        jitters.append(j)

    def pct(values, q):
        if not values:
            return 0
        v = sorted(values)
        return v[min(len(v) - 1, max(0, int(q * len(v) + 0.999999) - 1))]

    out = {
        "streams": len(streams),
        "packets": packets,
        "lost": lost,
        "non_rtp": other,
        "echo_errors": echo_errors,
        "lateness_ms": {
            "p50": pct(lateness, 0.50) / 1e6,
            "p99": pct(lateness, 0.99) / 1e6,
            "max": (max(lateness) if lateness else 0) / 1e6,
            "within_1ms": sum(1 for x in lateness if x <= 1e6) / max(1, len(lateness)),
            "within_5ms": sum(1 for x in lateness if x <= 5e6) / max(1, len(lateness)),
        },
        "interarrival_deviation_ms": {
            "p50": pct(gaps, 0.50) / 1e6,
            "p99": pct(gaps, 0.99) / 1e6,
            "max": (max(gaps) if gaps else 0) / 1e6,
        },
        "rfc3550_jitter_ms": {
            "mean": (sum(jitters) / len(jitters) if jitters else 0) / 1e6,
            "max": (max(jitters) if jitters else 0) / 1e6,
        },
    }
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
