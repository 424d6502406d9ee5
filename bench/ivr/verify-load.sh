#!/usr/bin/env bash
# Issue 7's benchmark: CALLS simultaneous verify calls answered by TFPS's IVR, and how regularly
# their RTP leaves TFPS (send lateness from /metrics) and arrives (rtp-sink.py, kernel timestamps).
#   bench/ivr/verify-load.sh                 # CALLS=50 RATE=10 TYPE=code TYPE_AFTER=22000 ECHO=1
#
# It starts target/tfps.jar (a private copy) on free loopback ports with tfps.verify { mode =
# captcha, test-seed = SEED } and premium-rate numbers verified, its embedded database and no
# account limits, then SIPp (bench/ivr/verify-call.xml) makes CALLS calls at RATE calls/s, one
# account each, to a GB premium-rate number; each call's SDP points at rtp-sink.py, which records
# the RTP and (ECHO=1) sends it back as the caller's media. TYPE=code: TYPE_AFTER ms after its ACK
# (22 s: the question plays, 5 s of silence, no-input and the question again) the call types its
# code as SIP INFO; the codes are those TFPS's seeded generator draws, in ACK order (the script
# computes java.util.Random's sequence). TFPS then says its last prompts and hangs up (about 28 s a
# call). TYPE=none: nothing typed, TFPS times out after three silences (about 42 s a call).
#
# Before the measured calls, WARMUP (10) calls that type their code after the first question
# (about 14 s) warm the JIT; the report counts from after them.
# Knobs: CALLS, RATE, TYPE, TYPE_AFTER, WARMUP, ECHO, SEED (7), TFPS_JAR, TFPS_JAVA_OPTS (-Xms256m -Xmx1g,
# the appliance's; GC pauses are logged to gc.log), TFPS_DB (embedded | none: no database, the
# outcomes are then not written), TFPS_CONF_EXTRA (HOCON lines), QUIET_WAIT (120 s) and
# QUIET_MAX_PCT (25 % of a core: before the calls, wait at most QUIET_WAIT for the host to be
# busier than that no more), KEEP (a folder the run's files are copied to), RESULTS (a file the
# Markdown row is appended to), LABEL (the row's commit column; default: this checkout's commit).
# Bounded: SIPp -timeout (CALLS/RATE + TYPE_AFTER + 60 s) under timeout(1), the sink and the
# /metrics scraper stop by themselves, every wait is bounded; TFPS, SIPp, the sink and the scraper
# are stopped (TERM, then KILL) on any exit. Traffic on 127.0.0.1 only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/ivr"
CALLS="${CALLS:-50}"
RATE="${RATE:-10}"
TYPE="${TYPE:-code}"
TYPE_AFTER="${TYPE_AFTER:-22000}"
WARMUP="${WARMUP:-10}"
ECHO="${ECHO:-1}"
SEED="${SEED:-7}"
TFPS_JAR="${TFPS_JAR:-$root/target/tfps.jar}"
TFPS_JAVA_OPTS="${TFPS_JAVA_OPTS:--Xms256m -Xmx1g}" # the appliance's (appliance/default/tfps)
TFPS_DB="${TFPS_DB:-embedded}"
QUIET_WAIT="${QUIET_WAIT:-120}"
QUIET_MAX_PCT="${QUIET_MAX_PCT:-25}"
TFPS_CONF_EXTRA="${TFPS_CONF_EXTRA:-}"
NUMBER="+449012345678" # libphonenumber's GB premium-rate example: verified by the config below
[[ "$TYPE" == code || "$TYPE" == none ]] || { echo "TYPE must be code or none" >&2; exit 2; }
[[ -f "$TFPS_JAR" ]] || { echo "no $TFPS_JAR: mvn -B -o -q -DskipTests package" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/tfps-verify-load.XXXXXX")"
tfps_pid="" sink_pid="" scraper_pid="" sipp_pid="" probe_pid=""
stop() { # TERM, then KILL after 10 s
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$sipp_pid"; stop "$probe_pid"; stop "$scraper_pid"; stop "$sink_pid"; stop "$tfps_pid"
  if [[ -n "${KEEP:-}" ]]; then # the run's files, not the jar nor the database
    mkdir -p "$KEEP" || true
    find "$work" -maxdepth 1 -type f ! -name under-bench.jar -exec cp {} "$KEEP"/ \; || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
host_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }

# --- TFPS -------------------------------------------------------------------------------------
api_port=$(free_port)
sip_port=$(free_port)
rtp_first=$((40000 + (RANDOM % 50) * 400))
cp "$TFPS_JAR" "$work/under-bench.jar" # a rebuild during the run does not touch it
# the embedded database's binaries, named by the jar's manifest (Class-Path: lib/...)
[[ ! -d "$(dirname "$TFPS_JAR")/lib" ]] || ln -sfn "$(cd "$(dirname "$TFPS_JAR")" && pwd)/lib" "$work/lib"
{
  echo "tfps.sip { bind = \"127.0.0.1\", udp-port = $sip_port, tcp-port = $sip_port }"
  echo "tfps.api { bind = \"127.0.0.1\", port = $api_port, open-metrics = true }"
  echo "tfps.accounts { business-hours = [], limits { concurrent-calls { business = 0, off-hours = 0 }, calls-per-minute { business = 0, off-hours = 0 }, calls-per-day { total = 0, off-hours = 0 } } }"
  echo "tfps.engine.block-account.on = []"
  echo "tfps.engine.number-type-actions { premium-rate = verify }"
  echo "tfps.db { url = \"$([[ "$TFPS_DB" == embedded ]] && echo "" || echo "$TFPS_DB")\", data-dir = \"$work/data\" }"
  echo "tfps.verify { mode = captcha, media-address = \"127.0.0.1\", rtp-ports = [$rtp_first, $((rtp_first + 399))], test-seed = $SEED }"
  [[ -z "$TFPS_CONF_EXTRA" ]] || printf '%s\n' "$TFPS_CONF_EXTRA"
} >"$work/tfps.conf"
# shellcheck disable=SC2086
java $TFPS_JAVA_OPTS -Xlog:gc,safepoint:file="$work/gc.log":timemillis -jar "$work/under-bench.jar" --config "$work/tfps.conf" >"$work/tfps.log" 2>&1 &
tfps_pid=$!
metrics() { curl -sf -m 2 "http://127.0.0.1:$api_port/metrics"; }
for _ in $(seq 1 240); do
  metrics >/dev/null 2>&1 && break
  kill -0 "$tfps_pid" 2>/dev/null || { tail -20 "$work/tfps.log" >&2; exit 1; }
  sleep 0.5
done
ready=""
for _ in $(seq 1 30); do
  if timeout 10 sipp -sf "$root/bench/sipp/options.xml" -m 1 -i 127.0.0.1 -p 0 -t u1 -nostdin \
    -timeout 5s -timeout_error "127.0.0.1:$sip_port" >/dev/null 2>&1; then ready=1; break; fi
  sleep 1
done
[[ -n "$ready" ]] || { echo "TFPS does not answer OPTIONS" >&2; tail -20 "$work/tfps.log" >&2; exit 1; }

# --- the callers ----------------------------------------------------------------------------
bound=$((CALLS / RATE + TYPE_AFTER / 1000 + 60)) # seconds the measured SIPp may take at most
echo_flag=()
[[ "$ECHO" != 1 ]] || echo_flag=(--echo)
python3 "$here/rtp-sink.py" --port-file "$work/sink.port" --out "$work/sink.json" \
  --max-seconds $((QUIET_WAIT + bound + WARMUP / RATE + 160)) "${echo_flag[@]}" >"$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 50); do [[ -s "$work/sink.port" ]] && break; sleep 0.1; done
sink_port=$(cat "$work/sink.port")

# Each call's account and code: java.util.Random(SEED).nextInt(10), four a call, in ACK order,
# the warm-up's calls first.
python3 - "$work/warm.csv" "$WARMUP" "$work/calls.csv" "$CALLS" "$SEED" <<'PY'
import sys
warm_path, warm, path, calls, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
M = (1 << 48) - 1
state = [(seed ^ 0x5DEECE66D) & M]
def nxt(bits):
    state[0] = (state[0] * 0x5DEECE66D + 0xB) & M
    return state[0] >> (48 - bits)
def next_int(bound):  # java.util.Random.nextInt(int), bound not a power of two
    u = nxt(31); r = u % bound
    while u - r + bound - 1 >= 1 << 31:
        u = nxt(31); r = u % bound
    return r
n = 0
for name, count in ((warm_path, warm), (path, calls)):
    with open(name, "w") as f:
        f.write("SEQUENTIAL\n")
        for i in range(count):
            n += 1
            f.write("vl%d;%s\n" % (n, ";".join(str(next_int(10)) for _ in range(4))))
PY
sed -e "s/@SINK_PORT@/$sink_port/" -e "s/@TYPE_AFTER@/$TYPE_AFTER/" -e "s/@BYE_TIMEOUT@/60000/" \
  "$here/verify-call.xml" >"$work/verify-call.xml"
if [[ "$TYPE" == none ]]; then
  sed -i '/<!-- TYPING -->/,/<!-- \/TYPING -->/d' "$work/verify-call.xml"
fi
sed -e "s/@SINK_PORT@/$sink_port/" -e "s/@TYPE_AFTER@/8000/" -e "s/@BYE_TIMEOUT@/60000/" \
  "$here/verify-call.xml" >"$work/warm-call.xml"

# The warm-up (bounded): its calls type their code after the first question.
idle() { # waits (at most 60 s) until no verify dialog is live
  for _ in $(seq 1 60); do
    [[ "$(metrics 2>/dev/null | awk '$1=="tfps_ivr_dialogs"{print $2+0}')" == 0 ]] && return 0
    sleep 1
  done
  return 1
}
if ((WARMUP > 0)); then
  timeout $((WARMUP / RATE + 70)) sipp -sf "$work/warm-call.xml" -inf "$work/warm.csv" -s "$NUMBER" \
    -i 127.0.0.1 -p 0 -mi 127.0.0.1 -mp 0 -t u1 -m "$WARMUP" -l "$WARMUP" -r "$RATE" \
    -timeout "$((WARMUP / RATE + 60))s" -timeout_error -max_retrans 3 -nostdin \
    "127.0.0.1:$sip_port" >"$work/warmup.out" 2>&1 || echo "warm-up: SIPp failed (see warmup.out)" >&2
  idle || echo "warm-up: dialogs still live after 60 s" >&2
fi

(
  for _ in $(seq 1 $((QUIET_WAIT + bound + 90))); do
    printf '# scrape %s\n' "$(date +%s%3N)"
    metrics 2>/dev/null | grep -E '^tfps_ivr_|^tfps_sip_requests_total|^tfps_sip_responses_total' || true
    sleep 1
  done
) >"$work/scrapes.txt" &
scraper_pid=$!

# A quiet host first (bounded): other work on the 2 cores is what delays frames most.
quiet_waited=0
while ((quiet_waited < QUIET_WAIT)); do
  read -r b0 a0 < <(host_busy); sleep 2; read -r b1 a1 < <(host_busy)
  (( 200 * (b1 - b0) / (a1 - a0 > 0 ? a1 - a0 : 1) < QUIET_MAX_PCT )) && break
  quiet_waited=$((quiet_waited + 2))
done

load_before="$(uptime)"
read -r busy0 total0 < <(host_busy)
tfps_cpu0=$(cpu_ticks "$tfps_pid")
sink_cpu0=$(cpu_ticks "$sink_pid")
# The control: a process that sleeps to 20 ms slots beside TFPS, as its media thread does.
python3 "$here/wakeup-probe.py" --out "$work/probe.json" --max-seconds $((bound + 15)) &
probe_pid=$!
t0=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$work/sipp.time" timeout $((bound + 15)) \
  sipp -sf "$work/verify-call.xml" -inf "$work/calls.csv" -s "$NUMBER" \
  -i 127.0.0.1 -p 0 -mi 127.0.0.1 -mp 0 -t u1 -m "$CALLS" -l "$CALLS" -r "$RATE" \
  -timeout "${bound}s" -timeout_error -max_retrans 3 -nostdin \
  -trace_err -error_file "$work/sipp-errors.log" -trace_stat -stf "$work/sipp-stat.csv" -fd 1 \
  "127.0.0.1:$sip_port" >"$work/sipp.out" 2>&1 &
sipp_pid=$!
sipp_rc=0
wait "$sipp_pid" || sipp_rc=$?
sipp_pid=""
t1=$(date +%s.%N)
tfps_cpu1=$(cpu_ticks "$tfps_pid")
sink_cpu=$(($(cpu_ticks "$sink_pid") - sink_cpu0))
read -r busy1 total1 < <(host_busy)
stop "$probe_pid"; probe_pid=""
load_after="$(uptime)"

# TFPS releases every dialog and port (bounded wait), then the last scrape.
end_dialogs="" end_ports=""
for _ in $(seq 1 60); do
  m="$(metrics 2>/dev/null || true)"
  end_dialogs=$(awk '$1=="tfps_ivr_dialogs"{print $2+0}' <<<"$m")
  end_ports=$(awk '$1=="tfps_ivr_rtp_ports"{print $2+0}' <<<"$m")
  [[ "$end_dialogs" == 0 && "$end_ports" == 0 ]] && break
  sleep 1
done
sleep 1.5
stop "$scraper_pid"; scraper_pid=""
{ printf '# scrape %s\n' "$(date +%s%3N)"; metrics | grep -E '^tfps_ivr_|^tfps_sip_' || true; } >>"$work/scrapes.txt"
stop "$sink_pid"; sink_pid=""

# --- the report -----------------------------------------------------------------------------
hz=$(getconf CLK_TCK)
secs=$(python3 -c "print($t1 - $t0)")
tfps_cpu=$(python3 -c "print(round(100 * ($tfps_cpu1 - $tfps_cpu0) / $hz / $secs, 1))")
read -r sipp_u sipp_s < <(tail -1 "$work/sipp.time" 2>/dev/null) || { sipp_u=0; sipp_s=0; }
host_pct=$(python3 -c "print(round(200 * ($busy1 - $busy0) / max(1, $total1 - $total0), 1))")
other_pct=$(python3 -c "print(round($host_pct - $tfps_cpu - 100 * ($sipp_u + $sipp_s) / $secs - 100 * $sink_cpu / $hz / $secs, 1))")
stat_col() { # the last value of a SIPp statistics column
  awk -F';' -v c="$1" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next} {v=$k} END{print v+0}' "$work/sipp-stat.csv" 2>/dev/null || echo -1
}
ok=$(stat_col "SuccessfulCall(C)")
failed=$(stat_col "FailedCall(C)")
load1=$(sed -E 's/.*load average: ([0-9.]+).*/\1/' <<<"$load_before")
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z "$(git -C "$root" status --porcelain -- src 2>/dev/null)" ]] || commit="$commit+dirty"
[[ -z "${LABEL:-}" ]] || commit="$LABEL" # e.g. the commit TFPS_JAR was built from
echo "host before: $load_before"
echo "host after:  $load_after"
gc=$(awk -v t0="$t0" -v t1="$t1" '/Pause/ { # the pauses while SIPp ran: count, longest (ms)
  ms = substr($1, 2, index($1, "ms]") - 2) / 1000; if (ms < t0 || ms > t1) next
  n++; v = $NF; sub("ms", "", v); if (v + 0 > m) m = v + 0 } END { printf "%d, %.1f", n, m }' "$work/gc.log" 2>/dev/null || echo "?, ?")
safepoint=$(awk -v t0="$t0" -v t1="$t1" '/Safepoint "/ { # the longest stop of all threads (ms)
  ms = substr($1, 2, index($1, "ms]") - 2) / 1000; if (ms < t0 || ms > t1) next
  for (i = 1; i < NF; i++) if ($i == "Total:") { v = $(i + 1) / 1e6; if (v > m) m = v }
} END { printf "%.1f", m }' "$work/gc.log" 2>/dev/null || echo "?")
printf 'SIPp exit %s in %.1f s, CPU %.1f%%; receiver CPU %.1f%%; host busy %s%% of 200%%, others %s%% (waited %s s for quiet); GC pauses (count, longest ms): %s, longest safepoint %s ms; TYPE=%s ECHO=%s RATE=%s\n' \
  "$sipp_rc" "$secs" "$(python3 -c "print(100 * ($sipp_u + $sipp_s) / $secs)")" \
  "$(python3 -c "print(100 * $sink_cpu / $hz / $secs)")" "$host_pct" "$other_pct" "$quiet_waited" "$gc" "$safepoint" "$TYPE" "$ECHO" "$RATE"
python3 "$here/verify-report.py" calls="$CALLS" scrapes="$work/scrapes.txt" sink="$work/sink.json" \
  probe="$work/probe.json" \
  sipp_ok="$ok" sipp_failed="$failed" tfps_cpu="$tfps_cpu" load="$load1" others="$other_pct" gc="$gc" \
  end="{\"dialogs\": ${end_dialogs:-null}, \"ports\": ${end_ports:-null}}" \
  date="$(date -u +'%Y-%m-%d %H:%M')" commit="$commit" json="$work/report.json" | tee "$work/report.txt"
if [[ -n "${RESULTS:-}" ]]; then tail -1 "$work/report.txt" >>"$RESULTS"; fi
[[ "$sipp_rc" == 0 ]]
