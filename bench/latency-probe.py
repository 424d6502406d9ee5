#!/usr/bin/env python3
"""Low-rate, microsecond-resolution INVITE latency probe for the SIPp sweep.

SIPp time-stamps messages with its event-loop clock, which on this kind of machine
advances in ~4 ms ticks, so its per-call response times are 0, 4, 8 ... ms. This probe
runs next to the SIPp load at a small fixed rate (default 100 calls/s), sends its own
INVITEs to the target, and measures INVITE -> final response with time.perf_counter_ns().
Each answered call is ACKed (non-2xx ACK: same Via branch, To tag from the response).

Bounded: sends exactly rate * duration INVITEs, then waits at most --timeout seconds.
Only talks to 127.0.0.1.

Prints one line:  sent,answered,unexpected,timeouts,p50_ms,p90_ms,p99_ms,max_ms
and, with --out FILE, writes every response time (ms) to FILE.
"""
import argparse
import os
import select
import socket
import sys
import time

FINAL_OK = {"302", "503", "603"}


def load_numbers(path):
    nums = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line == "SEQUENTIAL" or line == "RANDOM":
                continue
            parts = line.split(";")
            nums.append((parts[0], parts[1] if len(parts) > 1 else "probe"))
    return nums or [("+442079460000", "probe")]


def header(msg, name):
    low = name.lower() + ":"
    for line in msg.split("\r\n")[1:]:
        if not line:
            break
        if line.lower().startswith(low):
            return line.split(":", 1)[1].strip()
    return ""


def pct(sorted_vals, q):
    if not sorted_vals:
        return ""
    k = max(0, -(-len(sorted_vals) * q // 100) - 1)  # nearest rank
    return "%.3f" % sorted_vals[int(k)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rate", type=int, default=100)
    ap.add_argument("--duration", type=float, default=10.0)
    ap.add_argument("--timeout", type=float, default=3.0)
    ap.add_argument("--numbers", required=True)
    ap.add_argument("--out")
    a = ap.parse_args()
    if not (0 < a.rate <= 1000 and 0 < a.duration <= 600):
        sys.exit("rate must be 1..1000 and duration 1..600")

    host = "127.0.0.1"
    nums = load_numbers(a.numbers)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((host, 0))
    lport = sock.getsockname()[1]
    tag = "%x" % os.getpid()

    total = int(a.rate * a.duration)
    interval = 1.0 / a.rate
    pending = {}            # call-id -> (t_sent_ns, branch, number, caller)
    rtts, unexpected = [], 0
    start = time.perf_counter()
    sent = 0
    deadline_end = start + a.duration + a.timeout + 1.0

    while True:
        now = time.perf_counter()
        if sent < total and now >= start + sent * interval:
            num, caller = nums[sent % len(nums)]
            cid = "probe-%s-%d@%s" % (tag, sent, host)
            branch = "z9hG4bK-probe-%s-%d" % (tag, sent)
            msg = (
                "INVITE sip:%s@%s:%d SIP/2.0\r\n"
                "Via: SIP/2.0/UDP %s:%d;branch=%s\r\n"
                "From: <sip:%s@%s>;tag=p%s%d\r\n"
                "To: <sip:%s@%s:%d>\r\n"
                "Call-ID: %s\r\n"
                "CSeq: 1 INVITE\r\n"
                "Contact: <sip:%s@%s:%d>\r\n"
                "Max-Forwards: 70\r\n"
                "User-Agent: tfps-bench-probe\r\n"
                "Content-Length: 0\r\n\r\n"
            ) % (num, host, a.port, host, lport, branch, caller, host, tag, sent,
                 num, host, a.port, cid, caller, host, lport)
            pending[cid] = (time.perf_counter_ns(), branch, num)
            sock.sendto(msg.encode(), (host, a.port))
            sent += 1
            continue
        if sent >= total and (not pending or now > deadline_end):
            break
        if now > deadline_end:
            break
        wait = (start + sent * interval - now) if sent < total else 0.05
        r, _, _ = select.select([sock], [], [], max(0.0, min(wait, 0.05)))
        if not r:
            continue
        data = sock.recv(65535)
        t_recv = time.perf_counter_ns()
        text = data.decode("utf-8", "replace")
        first = text.split("\r\n", 1)[0].split(" ")
        if len(first) < 2 or not first[0].startswith("SIP/2.0"):
            continue
        code = first[1]
        cid = header(text, "Call-ID") or header(text, "i")
        if code.startswith("1") or cid not in pending:
            continue
        t_sent, branch, num = pending.pop(cid)
        if code in FINAL_OK:
            rtts.append((t_recv - t_sent) / 1e6)
        else:
            unexpected += 1
        ack = (
            "ACK sip:%s@%s:%d SIP/2.0\r\n"
            "Via: SIP/2.0/UDP %s:%d;branch=%s\r\n"
            "From: %s\r\nTo: %s\r\nCall-ID: %s\r\n"
            "CSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
        ) % (num, host, a.port, host, lport, branch,
             header(text, "From") or header(text, "f"),
             header(text, "To") or header(text, "t"), cid)
        sock.sendto(ack.encode(), (host, a.port))

    rtts.sort()
    if a.out:
        with open(a.out, "w") as f:
            f.write("\n".join("%.3f" % v for v in rtts) + ("\n" if rtts else ""))
    print("%d,%d,%d,%d,%s,%s,%s,%s" % (
        sent, len(rtts), unexpected, len(pending),
        pct(rtts, 50), pct(rtts, 90), pct(rtts, 99), ("%.3f" % rtts[-1]) if rtts else ""))


if __name__ == "__main__":
    main()
