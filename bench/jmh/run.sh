#!/usr/bin/env bash
# JMH benchmarks of the SIP decision path. Usage: bench/jmh/run.sh [JMH options], e.g. -prof gc.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests install)
(cd "$root/bench/jmh" && mvn -B -q package)
exec java -jar "$root/bench/jmh/target/benchmarks.jar" "$@"
