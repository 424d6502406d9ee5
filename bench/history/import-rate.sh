#!/usr/bin/env bash
# Measures CDR import through TFPS end to end: tfpsctl import-cdrs of a generated generic CSV
# (ROWS outbound calls of ACCOUNTS accounts over DAYS days) into target/tfps.jar with its embedded
# MariaDB, on loopback, then the same file again (every row a duplicate). Prints rows/s of each.
#   bench/history/import-rate.sh            # ROWS=200000 ACCOUNTS=200 DAYS=28
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

python3 - "$work/calls.csv" "$ROWS" "$ACCOUNTS" "$DAYS" <<'PY'
import random, sys, datetime
path, rows, accounts, days = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(7)
start = datetime.datetime(2026, 9, 1, 8, 0, tzinfo=datetime.timezone.utc)
step = days * 86400 / rows
with open(path, "w") as f:
    f.write("account,destination,start,duration,disposition,call_id\n")
    for i in range(rows):
        t = start + datetime.timedelta(seconds=i * step)
        dest = "+4420794%05d" % rnd.randrange(100000)
        f.write("%d@bench.example,%s,%s,%d,ANSWERED,c%d\n" % (
            1000 + rnd.randrange(accounts), dest, t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            rnd.randrange(10, 600), i))
PY

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
size=$(stat -c %s "$work/calls.csv")
for run in first again; do
  t0=$(date +%s.%N)
  "$root/bin/tfpsctl" --json import-cdrs "$work/calls.csv" --format generic >"$work/$run.json" 2>/dev/null
  t1=$(date +%s.%N)
  python3 - "$work/$run.json" "$t0" "$t1" "$run" "$size" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); secs = float(sys.argv[3]) - float(sys.argv[2])
print("%-5s import: %d records (%d imported, %d duplicates) in %.2f s = %.0f records/s (%.1f MB/s)" % (
    sys.argv[4], r["records"], r["imported"], r["duplicates"], secs, r["records"] / secs,
    int(sys.argv[5]) / secs / 1e6))
PY
done
