#!/usr/bin/env python3
"""Attack drill (issue 9): a compromised extension behind Kamailio attacks while normal users
keep calling, and TFPS (target/tfps.jar, failover mode) decides every call.

    SIPp normal users ----\
                           > Kamailio (docs/integrations/kamailio/tfps.cfg) -> TFPS -> carrier (SIPp)
    SIPp attacker (6666) -/                                       \-> webhook receiver (alerts)

The attacker first probes prefixes at night (one number dialled with 9, 0, 00, 011, +), then
calls premium-rate and satellite ranges. "Night": TFPS's clock is the real one, so its business
hours are one hour in 2000: every call of the drill is out of hours.

Prints: attack calls that reached the carrier (expensive ones apart), normal calls declined, and
when the first alert about the attacker reached the local webhook receiver. Everything is on
127.0.0.1, bounded in calls and time (about a minute). Needs java 17, kamailio 5.6, kamcmd, sipp,
and target/tfps.jar (built here with `mvn -B -o -q package -DskipTests` when missing).

    bench/attack-drill.py [--normal-calls 60] [--keep DIR]
"""
import argparse
import hashlib
import http.server
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CFG = os.path.join(ROOT, "docs/integrations/kamailio/tfps.cfg")
SCENARIO = os.path.join(ROOT, "bench/sipp/drill-call.xml")
CARRIER = os.path.join(ROOT, "src/test/resources/sipp/kamailio-carrier.xml")
ATTACKER = "6666"

# The same UK number dialled five ways: outside-line 9, trunk 0, 00, 011 and +.
PROBES = ["9011441632960123", "0441632960123", "00441632960123", "011441632960123",
          "+441632960123"]
# What the attacker is after: premium rate and satellite / international networks.
EXPENSIVE = ["+881631234567", "+8816212345678", "+882164123456", "+88234567890",
             "+870772123456", "+870773456789", "+447091234567", "+449098790123",
             "+4390012345678", "+2399912345", "+881631234568", "+870772123457"]


def free_port():
    """A port free for UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            u.close()
            t.close()
    raise SystemExit("no free port")


class Hooks(http.server.BaseHTTPRequestHandler):
    """The local webhook receiver: keeps each alert with the time it arrived."""
    alerts = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            Hooks.alerts.append((time.time(), json.loads(body)))
        except ValueError:
            pass
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def wait_until(test, seconds, what):
    end = time.time() + seconds
    while time.time() < end:
        if test():
            return
        time.sleep(0.1)
    raise SystemExit("attack-drill: %s did not happen within %d s" % (what, seconds))


def http_ok(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def sipp(work, name, csv, port, local_ip, calls, rate):
    """A SIPp caller in the background, bounded by -m and -timeout."""
    return subprocess.Popen(
        ["sipp", "-sf", SCENARIO, "-inf", csv, "-i", local_ip, "-p", "0", "-t", "u1",
         "-m", str(calls), "-r", str(rate), "-l", "10", "-timeout", "90s", "-nostdin",
         "-trace_logs", "-log_file", os.path.join(work, name + ".log"),
         "-trace_err", "-error_file", os.path.join(work, name + ".errors.log"),
         "127.0.0.1:%d" % port],
        cwd=work, stdout=open(os.path.join(work, name + ".out"), "w"), stderr=subprocess.STDOUT)


def csv(path, rows):
    with open(path, "w") as f:
        f.write("SEQUENTIAL\n")
        for ext, number in rows:
            f.write("%s;%s;\n" % (ext, number))
    return path


def lines(path):
    return open(path, encoding="latin-1").read().splitlines() if os.path.exists(path) else []


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--normal-calls", type=int, default=60)
    ap.add_argument("--keep", help="keep the logs in this directory")
    args = ap.parse_args()
    for tool in ("java", "kamailio", "kamcmd", "sipp"):
        if shutil.which(tool) is None:
            raise SystemExit("attack-drill: %s is needed (apt-get install -y sip-tester kamailio"
                             " kamailio-utils-modules)" % tool)
    jar = os.path.join(ROOT, "target/tfps.jar")
    if not os.path.exists(jar):
        subprocess.run(["mvn", "-B", "-o", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)

    work = args.keep or tempfile.mkdtemp(prefix="tfps-drill-")
    os.makedirs(work, exist_ok=True)
    procs = []
    try:
        hooks = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
        threading.Thread(target=hooks.serve_forever, daemon=True).start()

        sip, api, kam, carrier = free_port(), free_port(), free_port(), free_port()
        token = "tfps_drill-" + secrets.token_urlsafe(24)
        with open(os.path.join(work, "tfps.conf"), "w") as f:
            f.write("""tfps {
  sip { udp-port = %d, tcp-port = %d, trusted-peers = ["127.0.0.1"] }
  api { port = %d, tokens = [{ name = kamailio, scopes = [calls], sha256 = "%s" }] }
  db { url = none, data-dir = "%s" }
  accounts.business-hours = ["DTSTART:20000103T090000 DTEND:20000103T100000"]
  alerts { webhooks = [{ url = "http://127.0.0.1:%d/tfps" }], retry-min = 200ms }
}
""" % (sip, sip, api, hashlib.sha256(token.encode()).hexdigest(), os.path.join(work, "data"),
                hooks.server_address[1]))
        # every child is bounded by coreutils timeout too, should this script die uncleanly
        bound = ["timeout", "--kill-after=10", "600"]
        tfps = subprocess.Popen(bound + ["java", "-jar", jar, "--config", os.path.join(work, "tfps.conf")],
                                cwd=work, stdout=open(os.path.join(work, "tfps.log"), "w"),
                                stderr=subprocess.STDOUT)
        procs.append(tfps)
        wait_until(lambda: http_ok("http://127.0.0.1:%d/health/ready" % api), 90, "TFPS ready")

        carrier_log = os.path.join(work, "carrier.log")
        procs.append(subprocess.Popen(
            ["sipp", "-sf", CARRIER, "-i", "127.0.0.1", "-p", str(carrier), "-t", "u1",
             "-nostdin", "-timeout", "180s", "-trace_logs", "-log_file", carrier_log],
            cwd=work, stdout=open(os.path.join(work, "carrier.out"), "w"),
            stderr=subprocess.STDOUT))

        with open(os.path.join(work, "dispatcher.list"), "w") as f:
            f.write("1 sip:127.0.0.1:%d 9\n2 sip:127.0.0.1:%d 0\n" % (sip, carrier))
        ctl = "unixs:" + os.path.join(work, "ctl")
        procs.append(subprocess.Popen(
            bound + ["kamailio", "-f", CFG, "-DD", "-E", "-l", "udp:127.0.0.1:%d" % kam,
             "-P", os.path.join(work, "kamailio.pid"), "-w", work, "-Y", work, "-m", "64",
             "-M", "8",
             "-A", 'DS_LIST="%s"' % os.path.join(work, "dispatcher.list"),
             "-A", 'CTL_SOCK="%s"' % ctl, "-A", "PING_INTERVAL=1", "-A", "WITH_CDRS",
             "-A", 'TFPS_CDRS="tfps=>http://cdr:%s@127.0.0.1:%d/v1/cdrs"' % (token, api)],
            cwd=work, stdout=open(os.path.join(work, "kamailio.log"), "w"),
            stderr=subprocess.STDOUT))

        def tfps_active():
            out = subprocess.run(["kamcmd", "-s", ctl, "dispatcher.list"], capture_output=True,
                                 text=True, timeout=5).stdout
            return "FLAGS: AP" in out
        wait_until(tfps_active, 30, "Kamailio marking TFPS up (OPTIONS)")

        # Normal users: twenty extensions calling numbers at home (US), never the same number
        # twice, one call a second in all: each extension a few calls a minute, under TFPS's
        # default off-hours limit of 10 a minute per account (R09).
        normal = [("20%02d" % (i % 20 + 1), "+1212555%04d" % (1000 + i))
                  for i in range(args.normal_calls)]
        n_rate = 1
        normal_proc = sipp(work, "normal", csv(os.path.join(work, "normal.csv"), normal), kam,
                           "127.0.0.1", len(normal), n_rate)
        procs.append(normal_proc)
        time.sleep(5)  # the attack starts while the office is calling

        attack_start = time.time()
        probe = sipp(work, "probe", csv(os.path.join(work, "probe.csv"),
                                        [(ATTACKER, n) for n in PROBES]),
                     kam, "127.0.0.3", len(PROBES), 1)
        procs.append(probe)
        probe.wait(timeout=120)
        expensive = sipp(work, "expensive", csv(os.path.join(work, "expensive.csv"),
                                                [(ATTACKER, n) for n in EXPENSIVE]),
                         kam, "127.0.0.3", len(EXPENSIVE), 2)
        procs.append(expensive)
        expensive.wait(timeout=120)
        normal_proc.wait(timeout=180)
        wait_until(lambda: any(a.get("account", "").startswith(ATTACKER + "@")
                               for _, a in Hooks.alerts), 20, "an alert about the attacker")
        time.sleep(1)  # the carrier's log is written in batches

        got = [l.split()[2] for l in lines(carrier_log) if l.startswith("carrier got ")]
        reached = lambda numbers: sum(1 for n in numbers if n in got)
        declined_normal = [l for l in lines(os.path.join(work, "normal.log"))
                           if l.startswith("DECLINED")]
        answered_normal = [l for l in lines(os.path.join(work, "normal.log"))
                           if l.startswith("ANSWERED")]
        attack_log = lines(os.path.join(work, "probe.log")) + lines(
            os.path.join(work, "expensive.log"))
        first = min(t for t, a in Hooks.alerts if a.get("account", "").startswith(ATTACKER + "@"))
        first_alert = next(a for t, a in Hooks.alerts if t == first)

        print("attack drill: TFPS %s behind Kamailio (failover mode), out of business hours"
              % subprocess.run(["java", "-version"], capture_output=True, text=True)
              .stderr.splitlines()[0])
        print("normal calls:     %d placed, %d answered by the carrier, %d declined"
              % (len(normal), len(answered_normal), len(declined_normal)))
        for l in declined_normal:
            print("  declined: " + l)
        print("attack calls:     %d placed (%d prefix probes, %d premium/satellite)"
              % (len(PROBES) + len(EXPENSIVE), len(PROBES), len(EXPENSIVE)))
        print("  reached the carrier: %d prefix probes, %d premium/satellite"
              % (reached(PROBES), reached(EXPENSIVE)))
        for l in attack_log:
            print("  " + l)
        print("first alert:      %.1f s after the attack's first call: %s %s (%s)"
              % (first - attack_start, first_alert.get("kind"), first_alert.get("code"),
                 first_alert.get("evidence")))
        print("alerts received:  %d: %s" % (len(Hooks.alerts), ", ".join(
            "%s %s %s" % (a.get("account"), a.get("kind"), a.get("code") or a.get("action"))
            for _, a in Hooks.alerts)))
        return 0 if reached(EXPENSIVE) == 0 and not declined_normal else 1
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
