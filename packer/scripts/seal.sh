#!/usr/bin/env bash
# Seals the image: no build password, no instance identity, no logs, no keys of the build.
set -euxo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get -y -q clean
rm -rf /tmp/tfps-stage /var/lib/apt/lists/*
# The build user of the qemu source: password locked (the AMI's "admin" has none).
if id debian >/dev/null 2>&1; then passwd -l debian; fi
rm -f /etc/ssh/ssh_host_*
rm -f /etc/tfps/tfps.conf /etc/tfps/db-password /etc/tfps/firewall.d/*.nft
cloud-init clean --logs --seed
rm -rf /var/lib/cloud/seed/nocloud-net
truncate -s 0 /etc/machine-id
rm -f /var/lib/dbus/machine-id
journalctl --rotate --vacuum-time=1s || true
find /var/log -type f -name '*.log' -exec truncate -s 0 {} +
sync
