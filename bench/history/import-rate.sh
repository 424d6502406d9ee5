#!/usr/bin/env bash
# Measures CDR import through TFPS end to end: tfpsctl import-cdrs of a generated generic CSV
# (ROWS outbound calls of ACCOUNTS accounts over DAYS days) into target/tfps.jar with its embedded
# MariaDB, on loopback, then the same file again (every row a duplicate). Prints rows/s of each:
# wall (tfpsctl, with its JVM start and the upload) and server (TFPS's own log line: spooling,
# reading, keys, seeding).
#   bench/history/import-rate.sh            # ROWS=200000 ACCOUNTS=200 DAYS=28
#   WARMUP=1 bench/history/import-rate.sh   # first an import of another file (the month before,
#                                           # other ids), not measured: the JIT has compiled the
#                                           # import's code, as in a server that has run one
# Bounded: one import of each, the server stopped at the end (and on any exit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROWS="${ROWS:-200000}"
ACCOUNTS="${ACCOUNTS:-200}"
DAYS="${DAYS:-28}"
work="$(mktemp -d /tmp/tfps-import-rate.XXXXXX)"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  [[ -n "${KEEP_LOG:-}" && -f "$work/tfps.log" ]] && cp "$work/tfps.log" "$KEEP_LOG"
  rm -rf "$work"
}
trap cleanup EXIT
[[ -f "$root/target/tfps.jar" ]] || (cd "$root" && mvn -B -q -o -DskipTests package)

generate() { # FILE MONTH SEED ID-PREFIX
python3 - "$1" "$ROWS" "$ACCOUNTS" "$DAYS" "$2" "$3" "$4" <<'PY'
import random, sys, datetime
path, rows, accounts, days = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
month, seed, prefix = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
rnd = random.Random(seed)
start = datetime.datetime(2026, month, 1, 8, 0, tzinfo=datetime.timezone.utc)
step = days * 86400 / rows
with open(path, "w") as f:
    f.write("account,destination,start,duration,disposition,call_id\n")
    for i in range(rows):
        t = start + datetime.timedelta(seconds=i * step)
        dest = "+4420794%05d" % rnd.randrange(100000)
        f.write("%d@bench.example,%s,%s,%d,ANSWERED,%s%d\n" % (
            1000 + rnd.randrange(accounts), dest, t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            rnd.randrange(10, 600), prefix, i))
PY
}
generate "$work/calls.csv" 9 7 c
runs="first again"
if [[ -n "${WARMUP:-}" ]]; then
  generate "$work/warm-up.csv" 8 8 w
  runs="warm-up first again"
fi

api_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sip_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token="bench-import-token-$RANDOM$RANDOM"
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
cat >"$work/tfps.conf" <<CONF
tfps.sip { udp-port = $sip_port, tcp-port = $sip_port }
tfps.api { port = $api_port, tokens = [{ name = bench, scopes = [admin], sha256 = "$hash" }] }
tfps.db { url = "", data-dir = "$work/data" }
CONF
java -jar "$root/target/tfps.jar" --config "$work/tfps.conf" >"$work/tfps.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
printf '%s\n' "$token" >"$work/token"
export TFPS_URL="http://127.0.0.1:$api_port" TFPS_TOKEN_FILE="$work/token"
for run in $runs; do
  file="$work/calls.csv"
  [[ $run == warm-up ]] && file="$work/warm-up.csv"
  size=$(stat -c %s "$file")
  t0=$(date +%s.%N)
  "$root/bin/tfpsctl" --json import-cdrs "$file" --format generic >"$work/$run.json" 2>/dev/null
  t1=$(date +%s.%N)
  # The server's time: its log line "CDR import by token ...: ... in N ms".
  ms=$(grep -o 'bad rows, in [0-9]* ms' "$work/tfps.log" | tail -1 | tr -dc '0-9')
  python3 - "$work/$run.json" "$t0" "$t1" "$run" "$size" "$ms" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); secs = float(sys.argv[3]) - float(sys.argv[2])
server = int(sys.argv[6]) / 1000
print("%-7s import: %d records (%d imported, %d duplicates): wall %.2f s = %.0f records/s"
      " (%.1f MB/s); server %.2f s = %.0f records/s" % (
    sys.argv[4], r["records"], r["imported"], r["duplicates"], secs, r["records"] / secs,
    int(sys.argv[5]) / secs / 1e6, server, r["records"] / server))
PY
done
