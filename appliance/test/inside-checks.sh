#!/usr/bin/env bash
# Runs inside the booted appliance container (.ci/appliance-boot): checks what the NoCloud
# example user-data (cloud-init/nocloud/user-data) must have produced, from the inside.
# Test hosts are network namespaces made here, on test networks (RFC 5737):
#   softswitch 192.0.2.20    (SOFTSWITCHES)      -> appliance 192.0.2.1
#   mgmt       198.51.100.7  (MGMT_NETWORKS)     -> appliance 198.51.100.1
#   stranger   203.0.113.99  (neither)           -> appliance 203.0.113.1
# SCENARIO=ovf: the same, seeded instead with cloud-init/ovf/ovf-env.xml (vApp properties, with
# the user-data property) in cloud-init's OVF seed folder.
# Prints one line per check; exits 1 at the end when any failed.
set -uo pipefail
scenario=${SCENARIO:-nocloud}
case $scenario in
  nocloud) node=tfps-a; mode=failover; datasource=DataSourceNoCloud
           peers='["192.0.2.20/32", "127.0.0.0/8", "::1/128"]' ;;
  ovf)     node=tfps-b; mode=redirect; datasource=DataSourceOVF
           peers='["192.0.2.20/32", "192.0.2.21/32", "127.0.0.0/8", "::1/128"]' ;;
  *) echo "inside-checks: unknown SCENARIO $scenario"; exit 2 ;;
esac
echo "inside-checks: scenario $scenario"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
here=/usr/local/lib/tfps-test
failed=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=1; }
expect() { # name, expected substring, actual
  if [[ "$3" == *"$2"* ]]; then pass "$1: $2"; else fail "$1: expected '$2', got '${3:0:300}'"; fi
}

# --- boot: cloud-init, then the appliance's units.
ci=$(timeout 240 cloud-init status --wait 2>&1 | tail -1)
expect "cloud-init finished" "status: done" "$ci"
if [[ $scenario == ovf ]] && grep -q "in _get_subplatform" /var/log/cloud-init.log \
   && grep -q "AttributeError: 'NoneType' object has no attribute 'lower'" /var/log/cloud-init.log; then
  # cloud-init 22.4.2 (Debian 12): DataSourceOVF._get_subplatform() calls .lower() on the DMI
  # product name, which cloud-init never reads in a container (None), so the OVF datasource
  # cannot work in any container; on a VM (vSphere, qemu) DMI is there. Its part (host name,
  # user-data) is checked by bench/appliance/qemu-boot with TFPS_QEMU_SEED=ovf, not here.
  echo "NOTE cloud-init's OVF datasource fails in a container (cloud-init 22.4.2 bug, no DMI):"
  echo "     its host name and user-data are not checked here; TFPS's vApp properties are"
else
  expect "cloud-init datasource" "$datasource" "$(cat /run/cloud-init/result.json 2>&1)"
  expect "cloud-init errors" '"errors": []' "$(tr -d '\n' </run/cloud-init/result.json | sed 's/  */ /g' | grep -o '"errors": \[[^]]*\]' | head -1)"
  expect "host name from $scenario" "$node" "$(hostname)"
  if [[ $scenario == ovf ]]; then
    expect "OVF user-data: user noc" "noc:" "$(getent passwd noc)"
    expect "OVF user-data: time zone" "Europe/Paris" "$(readlink /etc/localtime)"
  fi
fi
expect "tfps-firstboot read the $scenario input" \
  "$([[ $scenario == ovf ]] && echo 'OVF environment found' || echo 'wrote /etc/tfps/tfps.conf')" \
  "$(journalctl -u tfps-firstboot.service --no-pager -o cat)"
sip_ready=
for _ in $(seq 1 180); do
  if [[ "$(python3 $here/sip-options.py 127.0.0.1 5060 1 2>/dev/null)" == "SIP/2.0 200"* ]]; then
    sip_ready=$(ps -o etimes= -p 1 | tr -d ' ')
    break
  fi
  st=$(systemctl is-active tfps.service)
  [[ "$st" == failed || "$(systemctl is-active tfps-firstboot.service)" == failed ]] && break
  sleep 1
done
echo "     SIP ready ${sip_ready:-never} s after the container's init started"
expect "tfps-firstboot.service" "active" "$(systemctl is-active tfps-firstboot.service)"
expect "tfps.service" "active" "$(systemctl is-active tfps.service)"
expect "mariadb.service" "active" "$(systemctl is-active mariadb.service)"

# --- TFPS runs as its own user, sandboxed.
pid=$(systemctl show -p MainPID --value tfps.service)
expect "tfps runs as" "tfps" "$(ps -o user= -p "$pid" 2>/dev/null)"
props=$(systemctl show tfps.service -p NoNewPrivileges -p ProtectSystem -p CapabilityBoundingSet -p Restart -p SuccessExitStatus)
expect "NoNewPrivileges" "NoNewPrivileges=yes" "$props"
expect "ProtectSystem" "ProtectSystem=strict" "$props"
expect "capabilities" "CapabilityBoundingSet=cap_net_bind_service" "$props"
expect "Restart" "Restart=on-failure" "$props"
expect "SuccessExitStatus" "143" "$props"
caps=$(grep CapEff "/proc/$pid/status" 2>/dev/null | awk '{print $2}')
expect "effective capabilities (CAP_NET_BIND_SERVICE only)" "0000000000000400" "$caps"
if touch_out=$(nsenter -t "$pid" -m -- sh -c 'touch /etc/tfps-write-test 2>&1; echo $?'); then
  expect "/etc read-only for tfps" "Read-only file system" "$touch_out"
fi

verify=$(systemd-analyze verify tfps.service tfps-firstboot.service 2>&1 | grep -v -e '^$' || true)
if [[ -z "$verify" ]]; then pass "systemd-analyze verify: no complaint"; else fail "systemd-analyze verify: $verify"; fi
exposure=$(systemd-analyze security tfps.service --no-pager 2>/dev/null | tail -1)
score=$(grep -o '[0-9]*\.[0-9]' <<<"$exposure" | head -1)
if [[ -n "$score" ]] && awk "BEGIN { exit !($score < 4.0) }"; then pass "systemd-analyze security: $exposure"
else fail "systemd-analyze security: expected an exposure below 4.0, got '$exposure'"; fi

# --- the configuration cloud-init and tfps-firstboot wrote.
conf=$(cat /etc/tfps/tfps.conf)
expect "tfps.conf trusted peers" "tfps.sip.trusted-peers = $peers" "$conf"
expect "tfps.conf database" 'tfps.db.url = "mysql://tfps:' "$conf"
expect "tfps.conf token hash" 'sha256 = "875ca15102495ea430c9af8e6eeb9a455e58e74d842b8bf852eed00b0482e739"' "$conf"
expect "tfps.conf alert email" 'tfps.alerts.email.to = ["noc@example.com"]' "$conf"
expect "tfps.conf mode" "tfps.sip.mode = $mode" "$conf"
expect "tfps.conf mode 0640 root:tfps" "640 root tfps" "$(stat -c '%a %U %G' /etc/tfps/tfps.conf)"

# --- the API: liveness, and the status with the placeholder token (MariaDB through TCP).
expect "GET /health" '200 {"status":"UP"}' "$(curl -s -m 5 -o /tmp/h -w '%{http_code}' http://127.0.0.1:8080/health; echo " $(cat /tmp/h)")"
expect "GET /v1/status without token" "401" "$(curl -s -m 5 -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/v1/status)"
for _ in $(seq 1 30); do
  status=$(curl -s -m 5 -H "Authorization: Bearer example-token-replace-me" http://127.0.0.1:8080/v1/status)
  db_up=$(printf %s "$status" | python3 -c 'import json,sys; d=json.load(sys.stdin)["database"]; print(d["mode"], "up" if d["up"] else "down")' 2>/dev/null)
  [[ "$db_up" == *" up" ]] && break
  sleep 1
done
expect "GET /v1/status with the example token: database" "external up" "$db_up"
echo "     /v1/status: ${status:0:400}"
expect "TFPS logged the external database" "store: external database at 127.0.0.1:3306" "$(journalctl -u tfps.service --no-pager -o cat | grep 'store:' | head -3)"

# --- tfpsctl, the operator's CLI, over the API.
expect "tfpsctl status" "$node" "$(TFPS_TOKEN=example-token-replace-me tfpsctl --url http://127.0.0.1:8080 status 2>&1)"

# --- SIP from loopback (trusted).
expect "SIP OPTIONS from loopback" "SIP/2.0 200 OK" "$(python3 $here/sip-options.py 127.0.0.1 5060 3)"

# --- sysctl file installed (applied on a VM; a container shares the host's kernel settings).
expect "sysctl rmem_default file" "net.core.rmem_default = 4194304" "$(cat /etc/sysctl.d/60-tfps.conf)"

# --- the firewall.
rules=$(nft list table inet tfps 2>&1)
expect "nftables table loaded" "policy drop" "$rules"
expect "softswitch set" "192.0.2.20" "$(nft list set inet tfps softswitch4)"
expect "mgmt set" "198.51.100.0/24" "$(nft list set inet tfps mgmt4)"

hosts="softswitch:192.0.2.1:192.0.2.20:24 mgmt:198.51.100.1:198.51.100.7:24 stranger:203.0.113.1:203.0.113.99:24"
for h in $hosts; do
  IFS=: read -r ns own peer bits <<<"$h"
  ip netns del "$ns" 2>/dev/null
  ip netns add "$ns"
  ip link add "v-$ns" type veth peer name eth0 netns "$ns"
  ip addr add "$own/$bits" dev "v-$ns"; ip link set "v-$ns" up
  ip -n "$ns" addr add "$peer/$bits" dev eth0; ip -n "$ns" link set eth0 up; ip -n "$ns" link set lo up
done
sleep 2
dropped_before=$(nft list chain inet tfps input | grep -o 'packets [0-9]*' | tail -1 | awk '{print $2}')
expect "SIP OPTIONS from the softswitch" "SIP/2.0 200 OK" "$(ip netns exec softswitch python3 $here/sip-options.py 192.0.2.1 5060 3)"
expect "SIP OPTIONS from a stranger: dropped" "no answer" "$(ip netns exec stranger python3 $here/sip-options.py 203.0.113.1 5060 2)"
expect "SIP OPTIONS from the management network: dropped" "no answer" "$(ip netns exec mgmt python3 $here/sip-options.py 198.51.100.1 5060 2)"
expect "API from the management network" "200" "$(ip netns exec mgmt curl -s -m 3 -o /dev/null -w '%{http_code}' http://198.51.100.1:8080/health)"
expect "API from the softswitch: dropped" "000" "$(ip netns exec softswitch curl -s -m 3 -o /dev/null -w '%{http_code}' http://192.0.2.1:8080/health)"
expect "API from a stranger: dropped" "000" "$(ip netns exec stranger curl -s -m 3 -o /dev/null -w '%{http_code}' http://203.0.113.1:8080/health)"
expect "Hazelcast port from a stranger: dropped" "000" "$(ip netns exec stranger curl -s -m 3 -o /dev/null -w '%{http_code}' http://203.0.113.1:5701/)"
dropped_after=$(nft list chain inet tfps input | grep -o 'packets [0-9]*' | tail -1 | awk '{print $2}')
if [[ -n "$dropped_after" && "$dropped_after" -ge $(( ${dropped_before:-0} + 4 )) ]]; then
  pass "drop counter grew: ${dropped_before:-0} -> $dropped_after packets"
else
  fail "drop counter: ${dropped_before:-?} -> ${dropped_after:-?} packets (expected +4 or more)"
fi
for h in $hosts; do ip netns del "${h%%:*}" 2>/dev/null; ip link del "v-${h%%:*}" 2>/dev/null; done

# --- journald keeps TFPS's lines.
expect "TFPS started (journal)" "TFPS" "$(journalctl -u tfps.service --no-pager -o cat | grep -m1 'started on node')"
echo "     boot: $(systemd-analyze 2>/dev/null | head -1)"
[[ $failed -eq 0 ]] && echo "inside-checks: all passed" || echo "inside-checks: FAILED"
exit $failed
