#!/usr/bin/env bash
# Installs TFPS and the appliance's files into a root file system (Debian 12, packages of
# appliance/packages.txt already installed): the packer provisioner runs it with ROOT=/, the boot
# test (.ci/appliance-boot) on the root it built with mmdebstrap.
#   appliance/install.sh ROOT TFPS_JAR [OPERATOR_GUIDE]
set -euo pipefail
root=${1:?usage: install.sh ROOT TFPS_JAR [OPERATOR_GUIDE]}
jar=${2:?usage: install.sh ROOT TFPS_JAR [OPERATOR_GUIDE]}
guide=${3:-}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
in_root() { if [[ "$root" == / ]]; then "$@"; else chroot "$root" "$@"; fi; }

[[ -f "$jar" ]] || { echo "install.sh: $jar not found (mvn -B -o package -DskipTests)" >&2; exit 1; }

in_root getent group tfps >/dev/null || in_root groupadd --system tfps
in_root getent passwd tfps >/dev/null \
  || in_root useradd --system --gid tfps --home-dir /var/lib/tfps --no-create-home \
       --shell /usr/sbin/nologin --comment "TFPS" tfps

install -D -m 0644 "$jar" "$root/opt/tfps/tfps.jar"
install -D -m 0755 "$repo/bin/tfps-provision" "$root/usr/local/bin/tfps-provision"
# tfpsctl, the operator's CLI, from the installed jar (bin/tfpsctl would look for target/).
install -d "$root/usr/local/bin"
cat >"$root/usr/local/bin/tfpsctl" <<'WRAPPER'
#!/bin/sh
# tfpsctl on the appliance (docs/tfpsctl.md): the CLI in /opt/tfps/tfps.jar.
exec java ${TFPS_JAVA_OPTS:-} -cp /opt/tfps/tfps.jar org.tfps.cli.TfpsCtl "$@"
WRAPPER
chmod 0755 "$root/usr/local/bin/tfpsctl"
install -D -m 0755 "$here/tfps-firstboot" "$root/usr/local/sbin/tfps-firstboot"
install -D -m 0644 "$here/systemd/tfps.service" "$root/etc/systemd/system/tfps.service"
install -D -m 0644 "$here/systemd/tfps-firstboot.service" "$root/etc/systemd/system/tfps-firstboot.service"
install -D -m 0644 "$here/systemd/systemd-networkd-wait-online.service.d/60-tfps.conf" \
  "$root/etc/systemd/system/systemd-networkd-wait-online.service.d/60-tfps.conf"
install -D -m 0755 "$here/nftables/nftables.conf" "$root/etc/nftables.conf"
install -D -m 0644 "$here/sysctl/60-tfps.conf" "$root/etc/sysctl.d/60-tfps.conf"
install -D -m 0644 "$here/journald/60-tfps.conf" "$root/etc/systemd/journald.conf.d/60-tfps.conf"
install -D -m 0644 "$here/logrotate/tfps" "$root/etc/logrotate.d/tfps"
install -D -m 0644 "$here/mariadb/60-tfps.cnf" "$root/etc/mysql/mariadb.conf.d/60-tfps.cnf"
install -D -m 0644 "$here/network/80-tfps-dhcp.network" "$root/etc/systemd/network/80-tfps-dhcp.network"
install -D -m 0644 "$here/cloud/99-tfps.cfg" "$root/etc/cloud/cloud.cfg.d/99-tfps.cfg"
install -D -m 0644 "$here/default/tfps" "$root/etc/default/tfps"
install -d -m 0750 "$root/etc/tfps"
install -d -m 0700 "$root/etc/tfps/firewall.d"
in_root chgrp tfps /etc/tfps
[[ -n "$guide" && -f "$guide" ]] && install -D -m 0644 "$guide" "$root/usr/share/doc/tfps/operator-guide.md"

# A fresh instance must not inherit the image's identity nor its database password.
rm -f "$root/etc/tfps/db-password" "$root/etc/tfps/tfps.conf" "$root/etc/tfps/firewall.d/tfps.nft"
: >"$root/etc/machine-id"

in_root systemctl enable tfps-firstboot.service tfps.service nftables.service \
  systemd-networkd.service mariadb.service >/dev/null 2>&1 \
  || in_root systemctl enable tfps-firstboot.service tfps.service nftables.service \
       systemd-networkd.service mariadb.service
echo "install.sh: TFPS appliance files installed in $root" >&2
