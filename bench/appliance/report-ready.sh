#!/usr/bin/env bash
# Inside the emulated VM (bench/appliance/qemu-boot): waits until TFPS answers a SIP OPTIONS on
# loopback with 200, writes the guest's uptime at that moment to the serial console, a few facts,
# then powers the VM off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
out=/dev/ttyS0
for _ in $(seq 1 1200); do
  line=$(python3 /usr/local/lib/tfps-test/sip-options.py 127.0.0.1 5060 1 2>/dev/null)
  if [[ "$line" == "SIP/2.0 200"* ]]; then
    up=$(cut -d' ' -f1 /proc/uptime)
    echo "TFPS-SIP-READY uptime=${up}s answer='$line'" >"$out"
    break
  fi
  sleep 1
done
[[ -n "${up:-}" ]] || echo "TFPS-SIP-NOT-READY after 1200 tries" >"$out"
{
  echo "TFPS-FACT cloud-init: $(timeout 300 cloud-init status --wait 2>&1 | tail -1), $(grep -o '"datasource": "[^"]*"' /run/cloud-init/result.json)"
  echo "TFPS-FACT cloud-init errors: $(tr -d '\n ' </run/cloud-init/result.json | grep -o '"errors":\[[^]]*\]')"
  echo "TFPS-FACT host name: $(hostname); user noc: $(getent passwd noc | cut -d: -f1,7); time zone: $(readlink /etc/localtime)"
  echo "TFPS-FACT tfps.conf: $(grep -E '^tfps\.(sip\.mode|node-name|sip\.trusted-peers)' /etc/tfps/tfps.conf | tr '\n' ' ')"
  echo "TFPS-FACT tfps.service: $(systemctl is-active tfps.service)"
  echo "TFPS-FACT health: $(curl -s -m 10 http://127.0.0.1:8080/health)"
  echo "TFPS-FACT rmem_default: $(sysctl -n net.core.rmem_default) rmem_max: $(sysctl -n net.core.rmem_max)"
  echo "TFPS-FACT firewall: $(nft list chain inet tfps input 2>&1 | grep -c accept) accept rules, $(nft list chain inet tfps input 2>&1 | grep -o 'policy drop')"
  echo "TFPS-FACT boot: $(systemd-analyze 2>&1 | head -1)"
  echo "TFPS-FACT tfps.service active at: $(systemctl show -p ActiveEnterTimestampMonotonic --value tfps.service) us since boot"
  echo "TFPS-FACT TFPS started: $(journalctl -u tfps.service -o short-monotonic --no-pager | grep -m1 'started on node')"
} >"$out" 2>&1
systemctl poweroff
