#!/usr/bin/env bash
# Turns the image packer built (qcow2) into a streamOptimized VMDK, an OVF descriptor with the
# vApp properties (ovf/tfps.ovf), a SHA-256 manifest, and an OVA (ustar: .ovf first, then .mf,
# then the disk). Used by the qemu build's post-processor and by .ci/appliance-static.
#   make-ova.sh IMAGE.qcow2 OUTDIR VERSION
set -euo pipefail
image=${1:?usage: make-ova.sh IMAGE.qcow2 OUTDIR VERSION}
out=${2:?usage: make-ova.sh IMAGE.qcow2 OUTDIR VERSION}
version=${3:?usage: make-ova.sh IMAGE.qcow2 OUTDIR VERSION}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="$here/../../ovf/tfps.ovf"
name="tfps-$version"
mkdir -p "$out"
vmdk="$name-disk1.vmdk"
qemu-img convert -f qcow2 -O vmdk -o subformat=streamOptimized,adapter_type=lsilogic "$image" "$out/$vmdk"
capacity=$(qemu-img info --output=json "$image" | python3 -c 'import json,sys; print(json.load(sys.stdin)["virtual-size"])')
size=$(stat -c %s "$out/$vmdk")
sed -e "s|@VMDK@|$vmdk|g" -e "s|@VMDK_SIZE@|$size|g" -e "s|@CAPACITY@|$capacity|g" \
    -e "s|@VERSION@|$version|g" "$template" >"$out/$name.ovf"
(cd "$out" && for f in "$name.ovf" "$vmdk"; do
   echo "SHA256($f)= $(sha256sum "$f" | cut -d' ' -f1)"
 done) >"$out/$name.mf"
(cd "$out" && tar --format=ustar --owner=0 --group=0 --numeric-owner -cf "$name.ova" \
   "$name.ovf" "$name.mf" "$vmdk")
echo "make-ova.sh: $out/$name.ova ($(stat -c %s "$out/$name.ova") bytes)" >&2
