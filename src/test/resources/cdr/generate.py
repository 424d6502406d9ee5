#!/usr/bin/env python3
"""Generates the CDR test files of org.tfps.history (docs/cdr-import.md, "Test files").

One month (September 2026) of a small office's calls in four formats: five extensions, weekdays
in business hours, mostly UK numbers, a few usual countries (Ireland, France, Germany, the US);
and in the night of Thursday 10 to Friday 11 September a compromised extension (204): first
prefix probing (one number dialled with several outside-line prefixes), then a burst of calls to
satellite, premium and IRSF ranges. Each file also holds malformed rows at known places.

Beside each file, FILE.expected.json lists what a reader must find: the records, the calls, and
every bad row with its line, column (1-based) and reason. The Java tests read it as their oracle,
so this script, not the reader under test, says what the file holds.

Deterministic (seeded); run from anywhere: python3 src/test/resources/cdr/generate.py
"""

import datetime as dt
import hashlib
import json
import os
import random
import uuid
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
ZONE = ZoneInfo("Europe/London")
SEED = 20260901
MONTH_DAYS = 30

EXTENSIONS = {  # extension: (name, mean calls per weekday)
    "201": ("Reception", 26),
    "202": ("Accounts", 16),
    "203": ("Sales One", 14),
    "204": ("Sales Two", 11),
    "205": ("Director", 7),
}
OFFICE_IP = "192.0.2.10"
ATTACKER_IP = "203.0.113.66"

# National numbers as the office dials them (Ofcom's drama ranges), and international ones.
DOMESTIC = [("01632", 960000, 960999), ("020", 79460000, 79460999),
            ("0113", 4960000, 4960999), ("07700", 900000, 900999)]
INTERNATIONAL = [("353", "1", 5550000), ("33", "1", 42685300), ("49", "30", 9012300),
                 ("1", "212", 5550100)]

# Fraud: the probed number and the ranges of the burst (satellite, premium, IRSF favourites).
PROBE_TARGET = "37181000123"
PROBE_PREFIXES = ["", "0", "00", "000", "011", "9011", "+", "800", "9000", "900"]
BURST_RANGES = ["8816310", "8821640", "870772", "3718100", "252615", "2399901", "675700",
                "682550", "96079", "5372"]
FRAUD_NIGHT = dt.date(2026, 9, 11)


class Call:
    def __init__(self, ext, number_intl, national, start, ring, talk, disposition, internal=False,
                 fraud=False):
        self.ext = ext
        self.intl = number_intl      # E.164 digits without '+', or the extension for internal
        self.national = national     # as dialled without the outside-line 9
        self.start = start           # aware datetime, Europe/London
        self.ring = ring
        self.talk = talk
        self.disposition = disposition
        self.internal = internal
        self.fraud = fraud

    @property
    def answered(self):
        return self.disposition == "ANSWERED"

    @property
    def duration(self):
        return self.ring + self.talk

    @property
    def answer(self):
        return self.start + dt.timedelta(seconds=self.ring) if self.answered else None

    @property
    def end(self):
        return self.start + dt.timedelta(seconds=self.duration)


def disposition(rng):
    r = rng.random()
    return "ANSWERED" if r < 0.75 else "NO ANSWER" if r < 0.90 else "BUSY" if r < 0.97 else "FAILED"


def office_calls(rng):
    calls = []
    for day in range(1, MONTH_DAYS + 1):
        date = dt.date(2026, 9, day)
        if date.weekday() >= 5:
            continue
        for ext, (_, mean) in EXTENSIONS.items():
            for _ in range(max(0, int(rng.gauss(mean, mean / 4)))):
                minute = int(rng.triangular(8 * 60 + 30, 18 * 60, 11 * 60))
                if 12 * 60 + 30 <= minute < 13 * 60 + 15 and rng.random() < 0.7:
                    minute += 60  # lunch
                start = dt.datetime.combine(date, dt.time(minute // 60, minute % 60,
                                                          rng.randrange(60)), ZONE)
                d = disposition(rng)
                ring = rng.randint(2, 12) if d == "ANSWERED" else rng.randint(15, 30) \
                    if d == "NO ANSWER" else rng.randint(0, 3)
                talk = int(min(3600, rng.lognormvariate(4.6, 1.0))) + 5 if d == "ANSWERED" else 0
                kind = rng.random()
                if kind < 0.08:
                    other = rng.choice([e for e in EXTENSIONS if e != ext])
                    calls.append(Call(ext, other, other, start, ring, talk, d, internal=True))
                elif kind < 0.88 or ext in ("201", "202"):
                    area, lo, hi = rng.choice(DOMESTIC)
                    local = str(rng.randint(lo, hi))
                    calls.append(Call(ext, "44" + area[1:] + local, area + local, start, ring,
                                      talk, d))
                else:
                    cc, area, base = rng.choice(INTERNATIONAL)
                    number = cc + area + str(base + rng.randint(0, 99))
                    calls.append(Call(ext, number, "00" + number, start, ring, talk, d))
    return calls


def fraud_calls(rng):
    calls = []
    t = dt.datetime.combine(FRAUD_NIGHT, dt.time(1, 12, 5), ZONE)
    for prefix in PROBE_PREFIXES:  # each variant rejected but the last ("900" + number)
        works = prefix == "900"
        national = prefix + PROBE_TARGET if prefix not in ("900",) else "00" + PROBE_TARGET
        calls.append(Call("204", PROBE_TARGET, national, t, 1 if works else 0,
                          rng.randint(20, 40) if works else 0,
                          "ANSWERED" if works else "FAILED", fraud=True))
        t += dt.timedelta(seconds=rng.randint(4, 15))
    t = dt.datetime.combine(FRAUD_NIGHT, dt.time(1, 31, 0), ZONE)
    end = dt.datetime.combine(FRAUD_NIGHT, dt.time(4, 30, 0), ZONE)
    sequence = {r: 1 for r in BURST_RANGES}
    while t < end:
        for _ in range(rng.randint(2, 6)):  # several channels at once
            r = rng.choice(BURST_RANGES)
            number = r + str(sequence[r]).zfill(12 - len(r))
            sequence[r] += 1
            d = "ANSWERED" if rng.random() < 0.9 else "FAILED"
            calls.append(Call("204", number, "00" + number,
                              t + dt.timedelta(seconds=rng.randint(0, 20)),
                              rng.randint(1, 4) if d == "ANSWERED" else 0,
                              rng.randint(60, 900) if d == "ANSWERED" else 0, d, fraud=True))
        t += dt.timedelta(seconds=rng.randint(30, 150))
    return calls


def local(t):
    return t.strftime("%Y-%m-%d %H:%M:%S") if t else ""


def rfc3339(t):
    return t.isoformat() if t else "0001-01-01T00:00:00Z"


def quote(v):
    return '"' + str(v).replace('"', '""') + '"'


def csv_line(fields, always_quoted=lambda i: False):
    """RFC 4180: a field quoted when the format always quotes it or when it must be."""
    out = []
    for i, v in enumerate(fields):
        v = str(v)
        if always_quoted(i) or any(ch in v for ch in ',"\r\n'):
            out.append(quote(v))
        else:
            out.append(v)
    return ",".join(out)


# Each format turns a call into a list of fields and writes them its way; its malformed rows
# are good rows spoiled one way each: (text, column 1-based, reason).

def asterisk_fields(c, n):
    name = EXTENSIONS[c.ext][0]
    dst = c.intl if c.internal else "9" + c.national
    chan = "PJSIP/%s-%08x" % (c.ext, n)
    dchan = ("PJSIP/%s-%08x" % (c.intl, n + 1) if c.internal else "PJSIP/trunk-%08x" % (n + 1)) \
        if c.disposition != "FAILED" else ""
    target = "PJSIP/%s" % c.intl if c.internal else "PJSIP/%s@trunk" % c.national
    return ["", c.ext, dst, "from-internal", '"%s" <%s>' % (name, c.ext), chan, dchan, "Dial",
            target + ",300,Tt", local(c.start), local(c.answer), local(c.end), c.duration,
            c.talk, c.disposition, "DOCUMENTATION"]


def asterisk_line(f):
    # cdr_csv quotes every field but duration and billsec (append_int)
    return csv_line(f, lambda i: i not in (12, 13))


def asterisk_bad(rows):
    out = []
    f = list(rows[0]); f[9] = "2026-09-31" + f[9][10:]
    out.append((asterisk_line(f), 10, "BAD_TIME"))
    out.append((asterisk_line(rows[1][:12]), 13, "MISSING_COLUMN"))
    out.append((asterisk_line(rows[2])[:-1], 16, "UNTERMINATED_QUOTE"))  # amaflags never closed
    f = list(rows[3]); f[8] = "x" * 20000  # lastdata: far beyond any real record
    out.append((asterisk_line(f), 9, "RECORD_TOO_LONG"))
    f = list(rows[4]); f[12] = "12s"
    out.append((asterisk_line(f), 13, "BAD_NUMBER"))
    f = list(rows[5]); f[14] = "ANSWERD"
    out.append((asterisk_line(f), 15, "BAD_DISPOSITION"))
    return out


def freeswitch_fields(c, n, rng):
    name = EXTENSIONS[c.ext][0]
    cause = {"ANSWERED": "NORMAL_CLEARING", "NO ANSWER": "ORIGINATOR_CANCEL",
             "BUSY": "USER_BUSY", "FAILED": rng.choice(["CALL_REJECTED", "NO_ROUTE_DESTINATION",
                                                        "UNALLOCATED_NUMBER"])}[c.disposition]
    u = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    b = str(uuid.UUID(int=rng.getrandbits(128), version=4)) if c.answered else ""
    return [name, c.ext, c.national, "default", local(c.start), local(c.answer), local(c.end),
            c.duration, c.talk, cause, u, b, c.ext, "PCMA" if c.answered else "",
            "PCMA" if c.answered else ""]


def freeswitch_line(f):
    return csv_line(f, lambda i: True)  # the template quotes every variable


def freeswitch_bad(rows):
    out = []
    f = list(rows[0]); f[4] = "2026-13" + f[4][7:]
    out.append((freeswitch_line(f), 5, "BAD_TIME"))
    out.append((freeswitch_line(rows[1][:10]), 11, "MISSING_COLUMN"))
    line = freeswitch_line(rows[2])
    comma = line.index('",')
    out.append((line[:comma + 1] + "x" + line[comma + 1:], 1, "BAD_QUOTE"))  # text after a quote
    f = list(rows[3]); f[0] = "Z" * 30000
    out.append((freeswitch_line(f), 1, "RECORD_TOO_LONG"))
    f = list(rows[4]); f[7] = "abc"
    out.append((freeswitch_line(f), 8, "BAD_NUMBER"))
    f = list(rows[5]); f[2] = f[2] + "\t9"
    out.append((freeswitch_line(f), 3, "CONTROL_CHARACTER"))
    out.append((freeswitch_line(rows[6])[:-1], 15, "UNTERMINATED_QUOTE"))  # write_codec
    return out


def cgrates_fields(c, n, rng):
    origin = "%08x-%04x@pbx.office.example" % (rng.getrandbits(32), n)
    cgrid = hashlib.sha1((origin + "192.0.2.1").encode()).hexdigest()
    talk = c.talk
    usage = "%dm%ds" % (talk // 60, talk % 60) if talk >= 60 else "%ds" % talk
    cost = "%.4f" % (talk / 60 * (0.01 if c.intl.startswith("44") else 0.35))
    return [cgrid, "*default", "*voice", origin, "*postpaid", "office.example", "call", c.ext,
            c.ext, c.intl, rfc3339(c.start), rfc3339(c.answer), usage, cost]


def cgrates_bad(rows):
    out = []
    f = list(rows[0]); f[10] = "2026-09-04T25:61:00+01:00"
    out.append((csv_line(f), 11, "BAD_TIME"))
    out.append((csv_line(rows[1][:9]), 10, "MISSING_COLUMN"))
    f = list(rows[2]); f[9] = '"' + f[9]  # Destination: a quote opened, never closed
    out.append((",".join(f), 10, "UNTERMINATED_QUOTE"))
    f = list(rows[3]); f[3] = "o" * 17000
    out.append((csv_line(f), 4, "RECORD_TOO_LONG"))
    f = list(rows[4]); f[12] = "ninety"
    out.append((csv_line(f), 13, "BAD_NUMBER"))
    f = list(rows[5]); f[2] = "*sms"
    out.append((csv_line(f), 3, "NOT_A_CALL"))
    return out


GENERIC_HEADER = "account,destination,start,answer,duration,billsec,disposition,caller_id," \
                 "source_ip,call_id"


def generic_fields(c, n):
    name = EXTENSIONS[c.ext][0]
    caller = '"%s, Office" <%s>' % (name, c.ext) if n % 7 == 0 else c.ext
    dst = c.intl if c.internal else "+" + c.intl
    return [c.ext + "@office.example", dst, c.start.isoformat(),
            c.answer.isoformat() if c.answer else "", c.duration, c.talk, c.disposition, caller,
            ATTACKER_IP if c.fraud else OFFICE_IP, "gen-%06d" % n]


def generic_bad(rows):
    rows = [r for r in rows if not r[7].startswith('"')]  # spoil rows without quoted fields
    out = []
    f = list(rows[0]); f[2] = "11/09/2026 10:00"
    out.append((csv_line(f), 3, "BAD_TIME"))
    out.append((csv_line(rows[1][:5]), 6, "MISSING_COLUMN"))
    f = [str(v) for v in rows[2]]; f[1] = '"' + f[1]  # destination: quote opened, never closed
    out.append((",".join(f), 2, "UNTERMINATED_QUOTE"))
    f = list(rows[3]); f[9] = "id-" + "9" * 25000
    out.append((csv_line(f), 10, "RECORD_TOO_LONG"))
    f = list(rows[4]); f[4] = "-5"
    out.append((csv_line(f), 5, "BAD_NUMBER"))
    f = list(rows[5]); f[0] = ""
    out.append((csv_line(f), 1, "MISSING_VALUE"))
    return out


def utc(t):
    return t.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def write(name, fmt, header, rows, bad, calls, rng, crlf=False):
    """Writes rows with the bad ones spread through the file, and the oracle beside it."""
    nl = "\r\n" if crlf else "\n"
    lines = [header] if header else []
    expected_bad = []
    spots = sorted(rng.sample(range(50, len(rows) - 50), len(bad)))
    k = 0
    for i, row in enumerate(rows):
        if k < len(bad) and spots[k] == i:
            text, column, reason = bad[k]
            lines.append(text)
            expected_bad.append({"line": len(lines), "column": column, "reason": reason})
            k += 1
        lines.append(row)
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        f.write(nl.join(lines) + nl)
    fraud = [c for c in calls if c.fraud]
    oracle = {
        "format": fmt,
        "zone": str(ZONE),
        "records": len(rows) + len(bad),
        "calls": len(rows),
        "badRows": expected_bad,
        "fraud": {"account": "204", "calls": len(fraud),
                  "first": utc(min(c.start for c in fraud)),
                  "last": utc(max(c.start for c in fraud))},
    }
    with open(os.path.join(HERE, name + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(oracle, f, indent=2)
        f.write("\n")


def main():
    rng = random.Random(SEED)
    # Softswitches write a record when the call ends: files are in order of end.
    calls = sorted(office_calls(rng) + fraud_calls(rng), key=lambda c: c.end)
    spoil = random.Random(SEED + 1)

    fields = [asterisk_fields(c, 2 * i + 1) for i, c in enumerate(calls)]
    write("asterisk-Master.csv", "asterisk", None, [asterisk_line(f) for f in fields],
          asterisk_bad(fields[100:]), calls, spoil)

    r = random.Random(SEED + 2)
    fields = [freeswitch_fields(c, i, r) for i, c in enumerate(calls)]
    write("freeswitch-Master.csv", "freeswitch", None, [freeswitch_line(f) for f in fields],
          freeswitch_bad(fields[200:]), calls, spoil)

    r = random.Random(SEED + 3)
    external = [c for c in calls if not c.internal]
    fields = [cgrates_fields(c, i, r) for i, c in enumerate(external)]
    write("cgrates-cdre.csv", "cgrates", None, [csv_line(f) for f in fields],
          cgrates_bad(fields[300:]), external, spoil)

    fields = [generic_fields(c, i) for i, c in enumerate(calls)]
    write("generic.csv", "generic", GENERIC_HEADER, [csv_line(f) for f in fields],
          generic_bad(fields[400:]), calls, spoil, crlf=True)


if __name__ == "__main__":
    main()
