#!/usr/bin/env bash
# Seeds a root file system with the OVF example as vSphere would hand it over: the vApp
# properties of cloud-init/ovf/ovf-env.xml, with cloud-init/ovf/user-data (base64) in the
# user-data property, and the addresses a test host does not have (management and SIP address,
# HA peer) emptied. Used by .ci/appliance-boot and bench/appliance/qemu-boot.
#   appliance/test/ovf-seed.sh ROOTFS
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=${1:?usage: ovf-seed.sh ROOTFS}
mkdir -p "$root/var/lib/cloud/seed/ovf"
sed -E -e "s|oe:key=\"user-data\" oe:value=\"\"|oe:key=\"user-data\" oe:value=\"$(base64 -w0 cloud-init/ovf/user-data)\"|" \
    -e 's#(oe:key="tfps\.(mgmt-address|sip-address|ha-peer)" oe:value=")[^"]*"#\1"#' \
    cloud-init/ovf/ovf-env.xml >"$root/var/lib/cloud/seed/ovf/ovf-env.xml"
grep -q 'oe:key="tfps.ha-peer" oe:value=""' "$root/var/lib/cloud/seed/ovf/ovf-env.xml" \
  || { echo "ovf-seed.sh: the OVF environment was not made" >&2; exit 1; }
# cloud-init 22.4's ds-identify looks for seed/ovf/ovf-env.xml, but DataSourceOVF reads
# seed/ovf-env.xml (get_ovf_env(paths.seed_dir)): the seed needs both. (On vSphere the
# environment comes through guestinfo or the ISO, not a seed folder.)
cp "$root/var/lib/cloud/seed/ovf/ovf-env.xml" "$root/var/lib/cloud/seed/ovf-env.xml"
