#!/usr/bin/env bash
# SIPp call-rate sweep against TFPS and/or a reference Kamailio, on 127.0.0.1 only.
#
# Usage:
#   bench/sipp-sweep.sh tfps      [RATE ...]   start target/tfps.jar on a free port, sweep, stop it
#   bench/sipp-sweep.sh kamailio  [RATE ...]   start Kamailio (bench/kamailio/kamailio-bench.cfg), sweep, stop it
#   bench/sipp-sweep.sh both      [RATE ...]   tfps then kamailio, prints the ratio of highest clean rates
#   bench/sipp-sweep.sh pair      [RATE ...]   an HA pair of TFPS nodes (one cluster, each its own store);
#                                              SIPp loads node A, CPU is summed over both
#   bench/sipp-sweep.sh external PORT [RATE ...]  sweep an already running server on 127.0.0.1:PORT
#                                                 (set TARGET_PIDS="pid ..." to get its CPU usage)
#
# Environment (defaults in brackets):
#   STEPS="1000 2000 4000 6000 8000 10000 12000 15000 18000 20000 25000 30000"
#                          call rates (CPS) when no RATE args are given
#   DURATION=10            seconds per step; SIPp -m = rate * DURATION so it stops by itself
#   PAUSE=3                seconds of idle between steps (lets server timers drain)
#   WARMUP=5               seconds of warm-up at WARMUP_RATE before the first step (0 = none)
#   WARMUP_RATE=1000       warm-up rate (JIT warm-up for TFPS; done identically for Kamailio)
#   RECV_TIMEOUT=5000      ms; a call without final response within this is a failed call
#   LIMIT_FACTOR=1         SIPp -l (max concurrent calls) = rate * LIMIT_FACTOR (at least 500)
#   STOP_AFTER_DIRTY=0     stop the sweep after N consecutive non-clean steps (0 = never stop)
#   MODE=redirect          redirect (302/603) or failover (503/603), for both targets
#   TFPS_JAR=target/tfps.jar   TFPS_JAVA_OPTS="-Xms512m -Xmx512m -XX:+UseParallelGC"
#   TFPS_CONF_EXTRA=""     extra HOCON lines appended to the generated TFPS config
#   TFPS_DB=embedded       the store: embedded (MariaDB in the run folder), none, or a mysql:// URL
#   TFPS_CLUSTER=0         1: the tfps target runs as a one-member cluster (Hazelcast in the path)
#   MIX=plain              the verdict mix: plain (the numbers file's: ~9 in 10 plain allows, ~1 in
#                          10 denied) or alerts (R26's learning floors kept: ~8 in 10 calls are
#                          alerts, each an event row; the store's worst case)
#   KAM_CHILDREN=2         Kamailio UDP worker processes (-n)
#   KAM_SHM=1024           Kamailio shared memory MB (-m); 256 runs out at ~10k CPS (tm keeps
#                          each transaction ~13 KB for wt_timer=2s after the ACK)
#   PROBE_RATE=100         calls/s of the microsecond latency probe (bench/latency-probe.py) run
#                          alongside SIPp in every step; 0 = off (p50/p99 then only from SIPp)
#   QUIET_WAIT=120         before each step wait up to this many s for the host to be quiet ...
#   QUIET_MAX_PCT=25       ... i.e. busy below this % of one core (SIPp and target share 2 cores)
#   NOISY_PCT=30           a non-clean step during which other processes used more than this
#                          % of a core (or whose SIPp got killed from outside) is re-run once;
#                          the first try goes to sweep-<target>-<stamp>.noisy.csv
#   RESULTS_DIR=bench/results
#
# Output: a Markdown table on stdout, and under $RESULTS_DIR:
#   sweep-<target>-<stamp>.csv / .md   one row per step
#   <stamp>/<target>/step-<rate>/      SIPp stat / rtt / error files and logs of each step
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
SCENARIO="$BENCH_DIR/sipp/uac-invite.xml"
KAM_CFG="$BENCH_DIR/kamailio/kamailio-bench.cfg"

STEPS="${STEPS:-1000 2000 4000 6000 8000 10000 12000 15000 18000 20000 25000 30000}"
DURATION="${DURATION:-10}"
PAUSE="${PAUSE:-3}"
WARMUP="${WARMUP:-5}"
WARMUP_RATE="${WARMUP_RATE:-1000}"
RECV_TIMEOUT="${RECV_TIMEOUT:-5000}"
LIMIT_FACTOR="${LIMIT_FACTOR:-1}"
STOP_AFTER_DIRTY="${STOP_AFTER_DIRTY:-0}"
MODE="${MODE:-redirect}"
TFPS_JAR="${TFPS_JAR:-$REPO_DIR/target/tfps.jar}"
TFPS_DB="${TFPS_DB:-embedded}"
MIX="${MIX:-plain}"
TFPS_JAVA_OPTS="${TFPS_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}"
TFPS_CONF_EXTRA="${TFPS_CONF_EXTRA:-}"
TFPS_CLUSTER="${TFPS_CLUSTER:-0}"
KAM_CHILDREN="${KAM_CHILDREN:-2}"
KAM_SHM="${KAM_SHM:-1024}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results}"
PROBE_RATE="${PROBE_RATE:-100}"
QUIET_WAIT="${QUIET_WAIT:-120}"
QUIET_MAX_PCT="${QUIET_MAX_PCT:-25}"
NOISY_PCT="${NOISY_PCT:-30}"
HOST=127.0.0.1

STAMP="$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$RESULTS_DIR/$STAMP"
CLK_TCK="$(getconf CLK_TCK)"
NUMBERS_CSV="$RUN_DIR/numbers.csv"

EXT_PIDS="${TARGET_PIDS:-}"   # for "external": pids given by the caller
TARGET_PID=""          # pid we started (tfps java or kamailio main), killed on exit
TARGET_PIDS=()         # pids whose CPU is measured
PEER_PID=""            # the second node of a pair, killed on exit
HIGHEST_CLEAN=0        # result of the last sweep()

die() { echo "sipp-sweep: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

for tool in sipp python3 awk timeout /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
done
case "$MODE" in redirect|failover) ;; *) die "MODE must be redirect or failover" ;; esac
case "$MIX" in plain|alerts) ;; *) die "MIX must be plain or alerts, not '$MIX'" ;; esac
rmem_max="$(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo 0)"
if (( rmem_max < 16777216 )); then
  log "warning: net.core.rmem_max is $rmem_max bytes: TFPS's and SIPp's UDP receive buffers (16 MiB each)" \
    "are capped and short stalls drop datagrams; raise it as the appliance does: sysctl -w net.core.rmem_max=16777216"
fi

# ---------------------------------------------------------------- helpers

# A port that is free on 127.0.0.1 for both UDP and TCP (bounded number of tries).
free_port() {
  python3 - <<'PY'
import socket, sys
for _ in range(50):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind(("127.0.0.1", 0))
    port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
    except OSError:
        t.close(); u.close(); continue
    t.close(); u.close()
    print(port); sys.exit(0)
sys.exit(1)
PY
}

# Deterministic injection file: ~90 % allowed UK/US numbers, ~10 % Cuban (+53), 200 caller accounts.
make_numbers() {
  local out="$1" n="${2:-20000}"
  awk -v n="$n" 'BEGIN {
    srand(5353); print "SEQUENTIAL";
    for (i = 0; i < n; i++) {
      r = rand();
      if (r < 0.10)      num = sprintf("+53%d%07d", 5 + int(rand() * 3), int(rand() * 10000000));
      else if (r < 0.55) num = sprintf("+44207946%04d", int(rand() * 10000));
      else               num = sprintf("+1212555%04d", int(rand() * 10000));
      printf "%s;acct%04d\n", num, int(rand() * 200);
    }
  }' > "$out"
}

# Sum of utime+stime (clock ticks) of the given pids (all threads included); 0 for vanished pids.
cpu_ticks() {
  local total=0 pid stat rest
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    rest="${stat##*) }"            # drop "pid (comm) " (comm may contain spaces)
    # shellcheck disable=SC2086
    set -- $rest                   # field 3 of stat is now $1 -> utime=$12, stime=$13
    total=$(( total + ${12} + ${13} ))
  done
  echo "$total"
}

now_ns() { date +%s%N; }

# Datagrams dropped by the target's own UDP socket(s) on PORT (receive buffer full).
port_drops() {
  ss -uanmH "sport = :$1" 2>/dev/null | grep -o ',d[0-9]*)' | tr -dc '0-9\n' \
    | awk '{ s += $1 } END { print s + 0 }'
}

# "busy total" jiffies of the whole host (all cores) from /proc/stat.
host_ticks() {
  awk '/^cpu / { idle = $5 + $6; tot = 0; for (i = 2; i <= NF; i++) tot += $i; print tot - idle, tot; exit }' /proc/stat
}

# Wait (at most QUIET_WAIT s) until the host is quiet: busy CPU over 1 s below QUIET_MAX_PCT
# percent of one core. Other work on the 2 shared cores (a build, tests) skews a step.
wait_quiet() {
  local i a b busy
  for (( i = 0; i < QUIET_WAIT; i++ )); do
    read -r -a a <<< "$(host_ticks)"; sleep 1; read -r -a b <<< "$(host_ticks)"
    busy=$(( (b[0] - a[0]) * 100 * $(nproc) / ( b[1] - a[1] > 0 ? b[1] - a[1] : 1 ) ))
    if (( busy <= QUIET_MAX_PCT )); then return 0; fi
    (( i % 10 == 0 )) && log "host busy ${busy}% of a core (other processes), waiting for quiet"
  done
  log "host still busy after ${QUIET_WAIT}s, running anyway (see the other CPU % column)"
}

# Host-wide count of UDP datagrams dropped because a socket receive buffer was full.
udp_rcvbuf_errors() {
  awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) col[$i] = i; h = 1 } else { print $col["RcvbufErrors"]; exit } }' \
    /proc/net/snmp
}

# One SIPp INVITE call; success (exit 0) when the target answered 302/503/603.
probe_invite() {
  local port="$1" dir="$2"
  (cd "$dir" && timeout 10 sipp -sf "$SCENARIO" -inf "$NUMBERS_CSV" -m 1 -r 1 -t u1 -i "$HOST" \
      -nd -recv_timeout 1000 -timeout 5s -timeout_error "$HOST:$port" >/dev/null 2>&1)
}

wait_ready() {
  local port="$1" name="$2" logfile="$3" dir i
  dir="$RUN_DIR/$name/probe"
  mkdir -p "$dir"
  for i in $(seq 1 60); do
    if [[ -n "$TARGET_PID" ]] && ! kill -0 "$TARGET_PID" 2>/dev/null; then
      tail -n 30 "$logfile" >&2 || true
      die "$name exited during start-up (log: $logfile)"
    fi
    if probe_invite "$port" "$dir"; then
      log "$name answers INVITE on $HOST:$port (after $i probes)"
      return 0
    fi
    sleep 0.5
  done
  tail -n 30 "$logfile" >&2 || true
  die "$name did not answer on $HOST:$port within ~60 probes"
}

stop_target() {
  local peer="$PEER_PID"
  PEER_PID=""
  stop_pid "$TARGET_PID"
  TARGET_PID=""
  stop_pid "$peer"
}

stop_pid() {
  local pid="$1" i
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid still alive after TERM, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}
trap stop_target EXIT
trap 'exit 130' INT TERM

# start_tfps PORT [NAME [CLUSTER_HOCON]]: one TFPS node in $RUN_DIR/NAME
start_tfps() {
  local port="$1" name="${2:-tfps}" cluster="${3:-}" api_port conf dir
  dir="$RUN_DIR/$name"
  [[ -f "$TFPS_JAR" ]] || die "TFPS jar not found: $TFPS_JAR (build it with: mvn -q -DskipTests package)"
  command -v java >/dev/null || die "java not found"
  mkdir -p "$dir"
  api_port="$(free_port)"
  conf="$dir/tfps-bench.conf"
  {
    echo "# generated by bench/sipp-sweep.sh"
    echo "tfps.node-name = \"$name\""
    echo "tfps.sip.bind = \"$HOST\""
    echo "tfps.sip.udp-port = $port"
    echo "tfps.sip.tcp-port = $port"
    echo "tfps.sip.mode = $MODE"
    echo "tfps.api.bind = \"$HOST\""
    echo "tfps.api.port = $api_port"
    # The sweep's 200 accounts each make 5 to 150 calls a second, far past any account limit
    # and around the clock: without this every call after the first minute would be denied by
    # R09/R11, and the verdict mix would depend on the time of day. Limits off, always business
    # hours; every other rule runs (override with TFPS_CONF_EXTRA).
    echo "tfps.accounts { business-hours = [], limits { concurrent-calls { business = 0, off-hours = 0 }, calls-per-minute { business = 0, off-hours = 0 }, calls-per-day { total = 0, off-hours = 0 } } }"
    # R26's floors are limits of the same kind (50 calls a day, 10 up at once while an account
    # learns): past them every call of a learning account is an alert. MIX=plain (the default)
    # raises them out of reach, so the verdicts are the numbers file's (about 9 calls in 10 plain
    # allows, 1 in 10 denied); MIX=alerts keeps them, and about 8 calls in 10 become R26 alerts,
    # each an event row: the store's worst case.
    if [[ "$MIX" == plain ]]; then
      echo "tfps.engine.learning { min-daily-calls = 10000000, min-concurrent-calls = 100000 }"
    fi
    # The store: an embedded MariaDB in the run's folder (TFPS_DB=embedded, the default), an
    # external one (TFPS_DB=mysql://...), or none (TFPS_DB=none: the in-memory baseline).
    echo "tfps.db { url = \"$( [[ "$TFPS_DB" == embedded ]] && echo "" || echo "$TFPS_DB" )\", data-dir = \"$dir/data\" }"
    [[ -z "$cluster" ]] || printf '%s\n' "$cluster"
    [[ -z "$TFPS_CONF_EXTRA" ]] || printf '%s\n' "$TFPS_CONF_EXTRA"
  } > "$conf"
  # run a private copy: a rebuild of target/ (or a "pkill -f target/tfps.jar" aimed at
  # another instance) during the sweep must not hit the server under test
  cp "$TFPS_JAR" "$dir/under-bench.jar"
  # the embedded database's binaries, named by the jar's manifest (Class-Path: lib/...)
  if [[ -d "$(dirname "$TFPS_JAR")/lib" ]]; then ln -sfn "$(cd "$(dirname "$TFPS_JAR")" && pwd)/lib" "$dir/lib"; fi
  log "starting TFPS: java $TFPS_JAVA_OPTS -jar $dir/under-bench.jar (copy of $TFPS_JAR) --config $conf (SIP $HOST:$port, API $api_port)"
  # shellcheck disable=SC2086
  (cd "$REPO_DIR" && exec java $TFPS_JAVA_OPTS -jar "$dir/under-bench.jar" --config "$conf") \
      > "$dir/tfps.log" 2>&1 &
  TARGET_PID=$!
  TARGET_PIDS=("$TARGET_PID")
  if command -v curl >/dev/null; then
    local i
    for i in $(seq 1 60); do
      curl -fsS -m 1 "http://$HOST:$api_port/health" >/dev/null 2>&1 && { log "TFPS /health OK"; break; }
      kill -0 "$TARGET_PID" 2>/dev/null || break
      sleep 0.5
    done
  fi
  wait_ready "$port" tfps "$dir/tfps.log"
}

# An HA pair: node B (no SIP load) first, then node A, which SIPp loads; one cluster.
start_pair() {
  local port="$1" ca cb members
  ca="$(free_port)"; cb="$(free_port)"
  members="tfps.cluster { members = [\"$HOST:$ca\", \"$HOST:$cb\"], bind = \"$HOST\", port = PORT }"
  start_tfps "$(free_port)" tfps-b "${members/PORT/$cb}"
  PEER_PID="$TARGET_PID"
  start_tfps "$port" tfps "${members/PORT/$ca}"
  TARGET_PIDS=("$TARGET_PID" "$PEER_PID")
  grep -q "2 members" "$RUN_DIR/tfps/tfps.log" || log "warning: node A's log does not show 2 members"
}

start_kamailio() {
  local port="$1" dir="$RUN_DIR/kamailio" defs=() kids=()
  command -v kamailio >/dev/null || die "kamailio not found"
  mkdir -p "$dir"
  [[ "$MODE" == failover ]] && defs=(-A FAILOVER)
  kamailio -c -f "$KAM_CFG" "${defs[@]}" -l "udp:$HOST:$port" > "$dir/check.log" 2>&1 \
    || { cat "$dir/check.log" >&2; die "kamailio config check failed"; }
  log "starting Kamailio: $KAM_CFG on udp:$HOST:$port (-n $KAM_CHILDREN -m $KAM_SHM)"
  # -DD: stay in foreground (so $! is the main process) but fork the workers; -E: log to stderr
  kamailio -f "$KAM_CFG" "${defs[@]}" -l "udp:$HOST:$port" -n "$KAM_CHILDREN" -m "$KAM_SHM" -M 16 \
      -P "$dir/kamailio.pid" -w "$dir" -DD -E > "$dir/kamailio.log" 2>&1 &
  TARGET_PID=$!
  wait_ready "$port" kamailio "$dir/kamailio.log"
  # measure CPU of the main process and all of its (direct) children
  read -r -a kids <<< "$(ps -o pid= --ppid "$TARGET_PID" | tr -s ' \n' ' ')"
  TARGET_PIDS=("$TARGET_PID" "${kids[@]}")
  log "kamailio pids: ${TARGET_PIDS[*]}"
}

# --------------------------------------------------------------- one step

# run_step NAME PORT RATE SECONDS LABEL -> prints one CSV line (without target name) on stdout
run_step() {
  local name="$1" port="$2" rate="$3" secs="$4" label="$5"
  local dir="$RUN_DIR/$name/$label" calls limit sport bound t0 t1 c0 c1 d0 d1 pd0 pd1 h0 h1 rc=0
  mkdir -p "$dir"
  calls=$(( rate * secs ))
  limit=$(( rate * LIMIT_FACTOR )); (( limit >= 500 )) || limit=500
  sport="$(free_port)"
  bound=$(( secs * 3 + RECV_TIMEOUT / 1000 + 20 ))
  d0="$(udp_rcvbuf_errors)"; pd0="$(port_drops "$port")"; h0="$(host_ticks)"
  c0="$(cpu_ticks "${TARGET_PIDS[@]}")"; t0="$(now_ns)"
  local probe_pid=""
  if (( PROBE_RATE > 0 )); then
    timeout -k 2 $(( secs + 15 )) python3 "$BENCH_DIR/latency-probe.py" --port "$port" \
        --rate "$PROBE_RATE" --duration "$secs" --timeout 3 --numbers "$NUMBERS_CSV" \
        --out "$dir/probe-rtt.txt" > "$dir/probe.out" 2> "$dir/probe.err" &
    probe_pid=$!
  fi
  (
    cd "$dir"
    timeout -k 5 "$bound" /usr/bin/time -f '%U %S %e' -o "$dir/sipp.time" \
      sipp -sf "$SCENARIO" -inf "$NUMBERS_CSV" \
        -t u1 -i "$HOST" -p "$sport" \
        -r "$rate" -rp 1000 -m "$calls" -l "$limit" \
        -nd -aa \
        -recv_timeout "$RECV_TIMEOUT" \
        -timeout "${bound}s" -timeout_error \
        -max_recv_loops 10000 -max_sched_loops 10000 \
        -buff_size 16777216 \
        -trace_stat -stf stat.csv -fd 1 \
        -trace_rtt -rtt_freq 1 \
        -trace_err -error_file errors.log -max_log_size 20000000 \
        "$HOST:$port" > sipp.screen 2> sipp.stderr
  ) || rc=$?
  if [[ -n "$probe_pid" ]]; then wait "$probe_pid" || true; fi
  t1="$(now_ns)"; c1="$(cpu_ticks "${TARGET_PIDS[@]}")"
  d1="$(udp_rcvbuf_errors)"; pd1="$(port_drops "$port")"; h1="$(host_ticks)"
  echo "$rc" > "$dir/sipp.rc"

  local rtt_file sipp_u=0 sipp_s=0 sipp_e=1
  rtt_file="$(find "$dir" -maxdepth 1 -name '*_rtt.csv' | head -n 1)"
  if [[ -s "$dir/sipp.time" ]]; then
    read -r sipp_u sipp_s sipp_e < <(tail -n 1 "$dir/sipp.time") || true
  fi

  python3 - "$dir/stat.csv" "${rtt_file:-/nonexistent}" "$rate" "$calls" \
      "$c0" "$c1" "$t0" "$t1" "$CLK_TCK" "$sipp_u" "$sipp_s" "$sipp_e" "$rc" \
      "$PROBE_RATE" "$dir/probe.out" "$(( d1 - d0 ))" "$(( pd1 - pd0 ))" "$h0" "$h1" "$(nproc)" \
      "$dir/sipp.screen" <<'PY'
import csv, sys, math
(stat, rtt, rate, calls, c0, c1, t0, t1, tck, su, ss, se, rc, probe_rate, probe_out,
 udp_drops, target_drops, h0, h1, ncpu, screen) = sys.argv[1:]
rate, calls, tck, rc = int(rate), int(calls), int(tck), int(rc)

def num(v):
    try: return float(v)
    except ValueError: return 0.0

ok = failed = shed = retrans = dead = created = 0
try:
    with open(stat, newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    if len(rows) >= 2:
        h, last = rows[0], rows[-1]
        g = lambda k: int(num(last[h.index(k)])) if k in h and h.index(k) < len(last) else 0
        ok, failed = g("SuccessfulCall(C)"), g("FailedCall(C)")
        retrans, dead, created = g("Retransmissions(C)"), g("DeadCallMsgs(C)"), g("TotalCallCreated")
except FileNotFoundError:
    pass
# TFPS's overload answer (500, no verdict): SIPp counts the call as successful (uac-invite.xml),
# the sweep as failed. Its count is on SIPp's final screen: "500 <---------- E-RTD1 N ...".
try:
    with open(screen) as f:
        for line in f:
            p = line.split()
            if len(p) >= 4 and p[0] == "500" and p[1].startswith("<--"):
                shed = int(num(p[3] if p[2].startswith("E-RTD") else p[2]))
    ok, failed = max(0, ok - shed), failed + shed
except FileNotFoundError:
    pass

times, resp = [], []
try:
    with open(rtt) as f:
        next(f, None)
        for line in f:
            p = line.strip().split(";")
            if len(p) >= 2:
                times.append(num(p[0])); resp.append(num(p[1]))
except FileNotFoundError:
    pass
resp.sort()

def pct(q):
    if not resp: return ""
    k = max(0, math.ceil(q / 100.0 * len(resp)) - 1)   # nearest-rank
    return "%g" % resp[k]

# achieved rate: final responses per second over the span first..last response
if len(times) > 1 and max(times) > min(times):
    span = (max(times) - min(times)) / 1000.0
    achieved = (len(times) - 1) / span
else:
    achieved = ok / max(num(se), 1e-9)

# calls that never completed (SIPp killed by the time bound, or not all created) count as failed
not_done = max(0, calls - ok - failed)
failed_total = failed + not_done
wall = (int(t1) - int(t0)) / 1e9
cpu = (int(c1) - int(c0)) / tck / wall * 100.0 if wall > 0 else 0.0
sipp_cpu = (num(su) + num(ss)) / max(num(se), 1e-9) * 100.0
mean = sum(resp) / len(resp) if resp else 0.0
# host CPU: busy share of all cores over the step, in % of one core; "other" = not target, not SIPp
hb0, ht0 = (int(x) for x in h0.split())
hb1, ht1 = (int(x) for x in h1.split())
host = (hb1 - hb0) / max(ht1 - ht0, 1) * int(ncpu) * 100.0
other = max(0.0, host - cpu - sipp_cpu * num(se) / max(wall, 1e-9))

# latency probe: sent,answered,unexpected,timeouts,p50,p90,p99,max (ms, microsecond resolution)
probe = ["0", "0", "0", "0", "", "", "", ""]
if int(probe_rate) > 0:
    try:
        with open(probe_out) as f:
            got = f.read().strip().split(",")
        if len(got) == 8:
            probe = got
        else:
            probe = ["0", "0", "0", "1", "", "", "", ""]   # probe broken: count it as a failure
    except FileNotFoundError:
        probe = ["0", "0", "0", "1", "", "", "", ""]
probe_failed = int(probe[2]) + int(probe[3])

clean = "yes" if failed_total == 0 and probe_failed == 0 and retrans == 0 and rc == 0 else "no"
print(",".join(str(x) for x in [
    rate, calls, "%.0f" % achieved, ok, failed_total + probe_failed, failed_total, probe_failed,
    shed, retrans, dead, udp_drops, target_drops,
    probe[4], probe[5], probe[6], probe[7], probe[1],
    pct(50), pct(90), pct(99), "%g" % (resp[-1] if resp else 0), "%.2f" % mean,
    "%.0f" % cpu, "%.0f" % sipp_cpu, "%.0f" % other, "%.1f" % wall, rc, clean]))
PY
}

CSV_HEADER="target_cps,calls,achieved_cps,ok,failed,sipp_failed,probe_failed,shed,retrans,dead_msgs,udp_drops,target_drops,\
probe_p50_ms,probe_p90_ms,probe_p99_ms,probe_max_ms,probe_samples,\
sipp_p50_ms,sipp_p90_ms,sipp_p99_ms,sipp_max_ms,sipp_mean_ms,\
target_cpu_pct,sipp_cpu_pct,other_cpu_pct,wall_s,sipp_rc,clean"

md_header() {
  echo "| target CPS | achieved CPS | calls | failed | retrans | UDP drops (target) | p50 ms | p99 ms | SIPp p50/p99 ms | target CPU % | SIPp CPU % | other CPU % | clean |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"
}
md_row() {
  local IFS=,
  # shellcheck disable=SC2086
  set -- $1
  local failed="$5"
  (( $8 > 0 )) && failed="$5 ($8 shed)"
  echo "| $1 | $3 | $2 | $failed | $9 | ${11} (${12}) | ${13:--} | ${15:--} | ${18:--} / ${20:--} | ${23} | ${24} | ${25} | ${28} |"
}

# sweep NAME PORT RATE... -> table on stdout, sets HIGHEST_CLEAN
sweep() {
  local name="$1" port="$2"; shift 2
  local csv="$RESULTS_DIR/sweep-$name-$STAMP.csv" md="$RESULTS_DIR/sweep-$name-$STAMP.md"
  local rate line dirty=0 dirty_list="" dirty_below="" r f
  HIGHEST_CLEAN=0
  mkdir -p "$RUN_DIR/$name"
  if (( WARMUP > 0 )); then
    log "$name: warm-up ${WARMUP}s at $WARMUP_RATE CPS"
    run_step "$name" "$port" "$WARMUP_RATE" "$WARMUP" warmup > "$RUN_DIR/$name/warmup.csv" || true
    sleep "$PAUSE"
  fi
  echo "target,$CSV_HEADER" > "$csv"
  {
    echo "### $name ($MODE mode, ${DURATION}s per step, $HOST:$port, $(nproc) cores)"
    echo
    md_header
  } > "$md"
  for rate in "$@"; do
    wait_quiet
    log "$name: step $rate CPS x ${DURATION}s"
    line="$(run_step "$name" "$port" "$rate" "$DURATION" "step-$rate")"
    # a non-clean step while something else used > NOISY_PCT % of a core, or whose SIPp was
    # killed by a signal from outside (exit status >= 128), is run once more
    IFS=, read -r -a f <<< "$line"
    if [[ "${f[-1]}" != yes ]] && (( f[-4] > NOISY_PCT || f[-2] >= 128 )); then
      log "$name: step $rate not clean (other processes ${f[-4]}% CPU, SIPp exit ${f[-2]}); retrying once"
      echo "$name,$line" >> "$RESULTS_DIR/sweep-$name-$STAMP.noisy.csv"
      sleep "$PAUSE"; wait_quiet
      line="$(run_step "$name" "$port" "$rate" "$DURATION" "step-$rate-retry")"
    fi
    echo "$name,$line" >> "$csv"
    md_row "$line" >> "$md"
    log "$name: $(md_row "$line")"
    if [[ "${line##*,}" == yes ]]; then
      (( rate > HIGHEST_CLEAN )) && HIGHEST_CLEAN=$rate
      dirty=0
    else
      dirty_list+=" $rate"
      dirty=$(( dirty + 1 ))
      if (( STOP_AFTER_DIRTY > 0 && dirty >= STOP_AFTER_DIRTY )); then
        log "$name: $dirty consecutive non-clean steps, stopping the sweep"
        break
      fi
    fi
    if [[ -n "$TARGET_PID" ]] && ! kill -0 "$TARGET_PID" 2>/dev/null; then
      log "$name: target process died, stopping the sweep"
      break
    fi
    sleep "$PAUSE"
  done
  for r in $dirty_list; do
    if (( r < HIGHEST_CLEAN )); then dirty_below+=" $r"; fi
  done
  {
    echo
    echo "Highest clean rate ($name): **$HIGHEST_CLEAN CPS** (0 failed calls, 0 retransmissions)"
    if [[ -n "$dirty_below" ]]; then
      echo "(not clean below it:$dirty_below CPS)"
    fi
  } >> "$md"
  cat "$md"
  echo
  log "$name: CSV $csv"
}

run_target() {
  local name="$1"; shift
  local port
  port="$(free_port)"
  case "$name" in
    tfps)
      if [[ "$TFPS_CLUSTER" == 1 ]]; then
        local c
        c="$(free_port)"
        start_tfps "$port" tfps "tfps.cluster { members = [\"$HOST:$c\"], bind = \"$HOST\", port = $c }"
      else
        start_tfps "$port"
      fi
      ;;
    pair) start_pair "$port" ;;
    kamailio) start_kamailio "$port" ;;
    *) die "unknown target $name" ;;
  esac
  sweep "$name" "$port" "$@"
  mkdir -p "$RUN_DIR/$name"
  echo "$HIGHEST_CLEAN" > "$RUN_DIR/$name/highest_clean"
  stop_target
  sleep "$PAUSE"
}

# run_target in a subshell so that a target that fails to start does not stop "both";
# the highest clean rate is read back from $RUN_DIR/NAME/highest_clean
run_target_isolated() {
  local name="$1"; shift
  if ! ( trap stop_target EXIT; run_target "$name" "$@" ); then
    log "$name: sweep failed, see $RUN_DIR/$name/"
  fi
}

best_of() {
  local hc="$RUN_DIR/$1/highest_clean"
  if [[ -s "$hc" ]]; then cat "$hc"; else echo failed; fi
}

# ------------------------------------------------------------------ main

[[ $# -ge 1 ]] || usage
what="$1"; shift
ext_port=""
if [[ "$what" == external ]]; then
  [[ $# -ge 1 ]] || die "external needs a PORT"
  ext_port="$1"; shift
fi
if [[ $# -gt 0 ]]; then rates=("$@"); else read -r -a rates <<< "$STEPS"; fi
for r in "${rates[@]}"; do
  if ! [[ "$r" =~ ^[1-9][0-9]*$ ]]; then die "bad rate: $r"; fi
done
if ! [[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || (( DURATION > 600 )); then die "DURATION must be 1..600"; fi

mkdir -p "$RUN_DIR"
# SEQUENTIAL injection wraps around, so a modest file is enough
make_numbers "$NUMBERS_CSV" 20000

log "results in $RUN_DIR; steps: ${rates[*]} CPS, ${DURATION}s each, mode $MODE"
case "$what" in
  tfps|kamailio|pair)
    run_target "$what" "${rates[@]}"
    ;;
  both)
    run_target_isolated tfps "${rates[@]}"
    run_target_isolated kamailio "${rates[@]}"
    tfps_best="$(best_of tfps)"; kam_best="$(best_of kamailio)"
    if [[ "$tfps_best" =~ ^[0-9]+$ && "$kam_best" =~ ^[0-9]+$ ]] && (( kam_best > 0 )); then
      ratio="$(awk -v a="$tfps_best" -v b="$kam_best" 'BEGIN { printf "%.2f", a / b }')"
    else
      ratio="n/a"
    fi
    echo "Highest clean rate: TFPS $tfps_best, Kamailio $kam_best (CPS), TFPS/Kamailio = $ratio"
    # CPU per call at the highest rate both passed cleanly (the CSVs of this run)
    python3 - "$RESULTS_DIR/sweep-tfps-$STAMP.csv" "$RESULTS_DIR/sweep-kamailio-$STAMP.csv" <<'PY' || true
import csv, sys
def clean_rows(path):
    try:
        with open(path, newline="") as f:
            return {int(r["target_cps"]): r for r in csv.DictReader(f) if r["clean"] == "yes"}
    except FileNotFoundError:
        return {}
t, k = clean_rows(sys.argv[1]), clean_rows(sys.argv[2])
common = sorted(set(t) & set(k))
if common:
    c = common[-1]
    tc, kc = float(t[c]["target_cpu_pct"]), float(k[c]["target_cpu_pct"])
    ratio = "%.2f" % (tc / kc) if kc > 0 else "n/a"
    print("At %d CPS (highest rate clean for both): TFPS %.0f %% CPU, Kamailio %.0f %% CPU "
          "(of one core), TFPS/Kamailio CPU = %s" % (c, tc, kc, ratio))
PY
    ;;
  external)
    mkdir -p "$RUN_DIR/external"
    read -r -a TARGET_PIDS <<< "$EXT_PIDS"
    sweep external "$ext_port" "${rates[@]}"
    ;;
  *) usage ;;
esac
