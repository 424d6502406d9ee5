#!/usr/bin/env bash
# Runs inside one node of the HA pair booted by .ci/appliance-ha:
#   ha-checks.sh wait PEER   waits for SIP, then for the 2-member cluster (through the firewall)
#   ha-checks.sh alone       waits until the cluster has this member only (the peer stopped)
# Prints PASS/FAIL lines; exit 1 when any failed.
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
here=/usr/local/lib/tfps-test
token=example-token-replace-me
failed=0
pass() { echo "PASS [$(hostname)] $*"; }
fail() { echo "FAIL [$(hostname)] $*"; failed=1; }
members() {
  curl -s -m 5 -H "Authorization: Bearer $token" http://127.0.0.1:8080/v1/status \
    | python3 -c 'import json,sys; c=json.load(sys.stdin)["cluster"]; print(c["state"], len(c["members"]), " ".join(m["address"] for m in c["members"]))' 2>/dev/null
}
case ${1:-} in
  wait)
    peer=$2
    for _ in $(seq 1 180); do
      [[ "$(python3 $here/sip-options.py 127.0.0.1 5060 1 2>/dev/null)" == "SIP/2.0 200"* ]] && break
      [[ "$(systemctl is-active tfps-firstboot.service)" == failed ]] && { fail "tfps-firstboot failed"; exit 1; }
      sleep 1
    done
    expect_peer=$(nft list set inet tfps hapeer4 2>&1)
    [[ "$expect_peer" == *"$peer"* ]] && pass "firewall admits Hazelcast from $peer only" || fail "hapeer4: $expect_peer"
    m=
    for _ in $(seq 1 120); do
      m=$(members)
      [[ "$m" == "active 2 "* ]] && break
      sleep 1
    done
    [[ "$m" == "active 2 "*"$peer:5701"* ]] && pass "cluster of 2 members: $m" || fail "cluster: '$m' (expected 2 members with $peer:5701)"
    ;;
  alone)
    m=
    for _ in $(seq 1 60); do
      m=$(members)
      [[ "$m" == *" 1 "* ]] && break
      sleep 1
    done
    [[ "$m" == *" 1 "* ]] && pass "the peer left; alone: $m" || fail "cluster after the peer stopped: '$m'"
    line=$(python3 $here/sip-options.py 127.0.0.1 5060 3)
    [[ "$line" == "SIP/2.0 200"* ]] && pass "still answers SIP: $line" || fail "SIP after the peer stopped: $line"
    ;;
  *) echo "usage: ha-checks.sh wait PEER | alone"; exit 2 ;;
esac
exit $failed
