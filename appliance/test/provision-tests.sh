#!/usr/bin/env bash
# Tests of bin/tfps-provision on the committed examples: the tfps.conf lines and firewall rules it
# must write, the warnings it must give for TFPS v2 keys, and the inputs it must refuse (exit 2).
# Each generated ruleset is checked by nft itself (nft -c, in a network namespace of its own).
# Prints one line per check; exit 1 when any failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=1; }
has() { # name, file, fixed string
  if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: '$3' not in $2:"; sed 's/^/    /' "$2"; fi
}
hasnt() { if grep -qF -- "$3" "$2"; then fail "$1: '$3' in $2"; else pass "$1"; fi; }
provision() { # name, args...: writes $tmp/$name.conf, .nft, .err; returns the exit status
  local name=$1; shift
  bin/tfps-provision "$@" --conf-out "$tmp/$name.conf" --nft-out "$tmp/$name.nft" --group '' \
    2>"$tmp/$name.err"
}
nft_ok() { # name: the ruleset loads into an empty network namespace
  if out=$(unshare -n nft -c -f "$tmp/$1.nft" 2>&1); then pass "$1: nft accepts the ruleset"
  else fail "$1: nft refuses the ruleset: $out"; fi
}

# --- the NoCloud example's appliance.env (the file cloud-init writes).
python3 -c '
import sys, yaml
d = yaml.safe_load(open("cloud-init/nocloud/user-data"))
print([f for f in d["write_files"] if f["path"] == "/etc/tfps/appliance.env"][0]["content"])
' >"$tmp/nocloud.env"
if provision nocloud --env "$tmp/nocloud.env" --db-url 'mysql://tfps:0123abcd@127.0.0.1:3306/tfps'; then
  pass "nocloud: written"; else fail "nocloud: exit $?"; cat "$tmp/nocloud.err"; fi
has "nocloud: trusted peers" "$tmp/nocloud.conf" 'tfps.sip.trusted-peers = ["192.0.2.20/32", "127.0.0.0/8", "::1/128"]'
has "nocloud: SIP on all addresses" "$tmp/nocloud.conf" 'tfps.sip.bind = "0.0.0.0"'
has "nocloud: token hash" "$tmp/nocloud.conf" 'tokens = [ { name = operator, scopes = [admin], sha256 = "875ca15102495ea430c9af8e6eeb9a455e58e74d842b8bf852eed00b0482e739" } ]'
has "nocloud: database" "$tmp/nocloud.conf" 'tfps.db.url = "mysql://tfps:0123abcd@127.0.0.1:3306/tfps"'
has "nocloud: data dir" "$tmp/nocloud.conf" 'tfps.db.data-dir = "/var/lib/tfps"'
has "nocloud: alert email" "$tmp/nocloud.conf" 'tfps.alerts.email.to = ["noc@example.com"]'
has "nocloud: local overrides included last" "$tmp/nocloud.conf" 'include file("/etc/tfps/tfps.local.conf")'
hasnt "nocloud: no cluster without HA_PEER" "$tmp/nocloud.conf" 'tfps.cluster'
has "nocloud: firewall default drop" "$tmp/nocloud.nft" 'type filter hook input priority filter; policy drop;'
has "nocloud: SIP from the softswitch" "$tmp/nocloud.nft" 'elements = { 192.0.2.20/32 }'
has "nocloud: API from management" "$tmp/nocloud.nft" 'ip saddr @mgmt4 tcp dport { 22, 8080 } accept'
has "nocloud: Hazelcast only from the peer" "$tmp/nocloud.nft" 'ip saddr @hapeer4 tcp dport 5701 accept'
nft_ok nocloud
if unshare -n sh -c "nft -f '$tmp/nocloud.nft' && nft list set inet tfps hapeer4" >"$tmp/hapeer.out" 2>&1 \
   && ! grep -q elements "$tmp/hapeer.out"; then pass "nocloud: HA peer set empty once loaded"
else fail "nocloud: HA peer set: $(cat "$tmp/hapeer.out")"; fi

# --- the OVF environment example (VMware vApp properties).
if provision ovf --ovf-env cloud-init/ovf/ovf-env.xml --db-url none; then pass "ovf: written"
else fail "ovf: exit $?"; cat "$tmp/ovf.err"; fi
has "ovf: SIP address" "$tmp/ovf.conf" 'tfps.sip.bind = "192.0.2.12"'
has "ovf: API address" "$tmp/ovf.conf" 'tfps.api.bind = "198.51.100.12"'
has "ovf: mode" "$tmp/ovf.conf" 'tfps.sip.mode = redirect'
has "ovf: HA pair" "$tmp/ovf.conf" 'tfps.cluster.members = ["198.51.100.12:5701", "198.51.100.11:5701"]'
has "ovf: cluster bind (the management address)" "$tmp/ovf.conf" 'tfps.cluster.bind = "198.51.100.12"'
has "ovf: node name" "$tmp/ovf.conf" 'tfps.node-name = "tfps-b"'
has "ovf: Hazelcast from the peer" "$tmp/ovf.nft" 'elements = { 198.51.100.11/32 }'
has "ovf: two softswitches" "$tmp/ovf.nft" 'elements = { 192.0.2.20/32, 192.0.2.21/32 }'
nft_ok ovf

# --- a TFPS v2 defines.m4: every key mapped or kept as a marked comment, each reported.
if provision v2 --defines-m4 appliance/examples/defines.m4 --db-url none; then pass "v2: written"
else fail "v2: exit $?"; cat "$tmp/v2.err"; fi
has "v2: PRIVATE_IP -> sip.bind" "$tmp/v2.conf" 'tfps.sip.bind = "192.0.2.10"'
has "v2: AUTHORIZE_METHOD 302 -> redirect" "$tmp/v2.conf" 'tfps.sip.mode = redirect'
has "v2: PORT" "$tmp/v2.conf" 'tfps.sip.udp-port = 5060'
has "v2: MAX_CONCURRENT" "$tmp/v2.conf" 'tfps.accounts.limits.concurrent-calls.off-hours = 5'
has "v2: BUSINESS_HOURS" "$tmp/v2.conf" 'tfps.accounts.business-hours = ["America/New_York|20210104T090000|21000104T170000||WEEKLY|||MO,TU,WE,TH,FR"]'
has "v2: time zone of BUSINESS_HOURS" "$tmp/v2.conf" 'tfps.accounts.time-zone = "America/New_York"'
has "v2: blacklist without LH" "$tmp/v2.conf" 'tfps.engine.blocked-countries = [CU, LV, TN, DZ, MA, AF, IQ, LK, MV, TD, GN, EE, MG]'
has "v2: marked block" "$tmp/v2.conf" '# ---- TFPS v2 keys that TFPS has NO key for'
has "v2: VERIFICATION_METHOD -> verify mode" "$tmp/v2.conf" 'tfps.verify.mode = captcha  # v2 VERIFICATION_METHOD'
has "v2: media from the SIP address" "$tmp/v2.conf" 'tfps.verify.media-address = "192.0.2.10"'
has "v2: PIN" "$tmp/v2.conf" 'tfps.verify.pin = "0000"'
has "v2: MAX_CAPTCHAATTEMPTS" "$tmp/v2.conf" 'tfps.verify.max-attempts = 3  # v2 MAX_CAPTCHAATTEMPTS'
has "v2: CACHE_BLOCK_TIME" "$tmp/v2.conf" 'tfps.verify.block-for = 3600s  # v2 CACHE_BLOCK_TIME'
has "v2: RTP ports of the firewall" "$tmp/v2.conf" 'tfps.verify.rtp-ports = [10000, 20000]'
for k in SMTP_ACCOUNT PUBLIC_IP SQL_ACCOUNT SQL_PASSWORD; do
  has "v2: $k kept in tfps.conf" "$tmp/v2.conf" "v2 $k"
  has "v2: $k reported on stderr" "$tmp/v2.err" "v2 $k"
done
has "v2: ABUSE_DB_KEY" "$tmp/v2.conf" 'tfps.intel.abuseipdb.key = "YOUR-ABUSEIPDB-KEY"  # v2 ABUSE_DB_KEY'
has "v2: AbuseIPDB on" "$tmp/v2.conf" 'tfps.intel.abuseipdb.enabled = true'
has "v2: SMTP_HOST" "$tmp/v2.conf" 'tfps.alerts.email.host = "smtp.example.com"  # v2 SMTP_HOST'
has "v2: SMTP_USER" "$tmp/v2.conf" 'tfps.alerts.email.username = "tfps"  # v2 SMTP_USER'
has "v2: SMTP_PASSWORD" "$tmp/v2.conf" 'tfps.alerts.email.password = "change-me"  # v2 SMTP_PASSWORD'
has "v2: ISP_EMAIL" "$tmp/v2.conf" 'tfps.alerts.email.from = "tfps@example.com"  # v2 ISP_EMAIL'
has "v2: NOTIFICATION_EMAIL" "$tmp/v2.conf" 'tfps.alerts.email.to = ["noc@example.com"]  # v2 NOTIFICATION_EMAIL'
has "v2: LH reported" "$tmp/v2.err" 'LH not ISO 3166-1 alpha-2'
hasnt "v2: the PIN never on stderr" "$tmp/v2.err" "'0000'"
hasnt "v2: the SMTP password never on stderr" "$tmp/v2.err" 'change-me'
# Every define of the example is named in tfps.conf (a key or a comment): none dropped.
for k in $(grep -o "define(\`[A-Z_]*" appliance/examples/defines.m4 | cut -c9-); do
  grep -q "$k" "$tmp/v2.conf" || fail "v2: $k is nowhere in tfps.conf"
done
nft_ok v2

# --- bad inputs: exit 2, one line naming the key.
bad() { # name, expected stderr fragment, env content
  printf '%s\n' "$3" >"$tmp/bad.env"
  provision bad --env "$tmp/bad.env"; local rc=$?
  if [[ $rc -eq 2 ]] && grep -qF -- "$2" "$tmp/bad.err"; then pass "refused: $1"
  else fail "refused: $1: exit $rc, stderr: $(cat "$tmp/bad.err")"; fi
  hasnt "refused: $1: no file written" <(ls "$tmp") "bad.conf"
}
bad "softswitch not an address" "SOFTSWITCHES = 'pbx.example.com'" "SOFTSWITCHES=pbx.example.com"
bad "mode" "MODE = 'proxy'" "MODE=proxy"
bad "token in clear" "API_TOKEN_SHA256 = '(not shown)'" "API_TOKEN_SHA256=my-secret-token"
bad "HA peer IPv6" "HA_PEER = 'fd00::2'" $'HA_PEER=fd00::2\nCLUSTER_ADDRESS=fd00::1'
bad "v2 AUTHORIZE_METHOD" "AUTHORIZE_METHOD = '200'" "AUTHORIZE_METHOD=200"
bad "not KEY=VALUE" "a KEY=VALUE line" "SOFTSWITCHES"
grep -q "my-secret-token" "$tmp"/*.err && fail "a token given in clear was echoed" || pass "a token given in clear is not echoed"

[[ $failed -eq 0 ]] && echo "provision-tests: all passed" || echo "provision-tests: FAILED"
exit $failed
