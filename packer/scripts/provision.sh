#!/usr/bin/env bash
# Provisioning shared by every image (runs as root on the build VM, files staged in /tmp/tfps-stage
# by the file provisioners): Debian packages, then TFPS and the appliance's files.
set -euxo pipefail
stage=/tmp/tfps-stage
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get -y -q -o Dpkg::Options::=--force-confold upgrade
# shellcheck disable=SC2046  # one word per package
apt-get install -y -q --no-install-recommends $(grep -v '^#' "$stage/appliance/packages.txt")
"$stage/appliance/install.sh" / "$stage/target/tfps.jar" "$stage/docs/operator-guide.md"
# Debian's cloud images configure the network with ifupdown (cloud-init's eni renderer): the
# appliance uses systemd-networkd (appliance/network, cloud.cfg.d/99-tfps.cfg).
if [ -f /etc/network/interfaces ]; then
  printf 'auto lo\niface lo inet loopback\nsource /etc/network/interfaces.d/*\n' >/etc/network/interfaces
  rm -f /etc/network/interfaces.d/50-cloud-init* || true
fi
systemctl enable systemd-networkd.service systemd-resolved.service
java -version
