#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the guest booted by tests/fuzz/netlink.sh: the netlink fuzz of
# both families, the privilege checks, and halo's tool test that needs the
# modules (tests/tools) with the sanitized tools. KTAP on stdout; the host
# side checks the kernel log.
#
#   genl-fuzz (root, then uid 65534 without capabilities)
#       --generic netlink--> halo_vs (HALO_VS), halo_rd (HALO_RD)
. "$(dirname "$0")/../../lib.sh"
. "$(dirname "$0")/../fuzz-lib.bash"
bad_taint=$((512 | 128 | 32 | 16384)) # W D B L, as tests/guest-run
taint0=$(cat /proc/sys/kernel/tainted)
ktap_plan 24

genl_fuzz_family halo_vs HALO_VS "${HALO_FUZZ_COUNT:-100000}"
genl_fuzz_family halo_rd HALO_RD "${HALO_FUZZ_COUNT:-100000}"

# The checker itself can fail: run on the controller family nlctrl, whose
# GETFAMILY dump lists objects (the families) although no admin request
# made them, genl-fuzz has to report a violation and exit 1.
out=$("$GENL_FUZZ" -f nlctrl -n 300 -s 1 2>&1)
rc=$?
check "genl-fuzz exits 1 with a VIOLATION on a family that breaks its rules (nlctrl)" \
	has_line "^1 .*VIOLATION" "$rc $(grep -m1 VIOLATION <<<"$out")"

# Privileges: every admin op the controller lists (GENL_ADMIN_PERM or
# GENL_UNS_ADMIN_PERM) refused with EPERM, as doit and dump, empty and with
# policy-valid attributes; GET_INFO, open to all, answers the same client.
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
chmod 755 "$tmp"
install -m 0755 "$GENL_FUZZ" "$tmp/genl-fuzz"
modprobe halo_vs && modprobe halo_rd
nocaps=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --)
netadmin=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all,+net_admin
	--ambient-caps=+net_admin --bounding-set=-all,+net_admin --)
expect_eq "the unprivileged client has no capabilities" "0000000000000000" \
	"$("${nocaps[@]}" awk '/^CapEff:/ { print $2 }' /proc/self/status)"
expect_eq "the net_admin client has CAP_NET_ADMIN only" "0000000000001000" \
	"$("${netadmin[@]}" awk '/^CapEff:/ { print $2 }' /proc/self/status)"
perm() { # perm LABEL FAMILY CLIENT...
	local label=$1 fam=$2 out rc
	shift 2
	out=$("$@" "$tmp/genl-fuzz" -f "$fam" --perm 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	check "$fam: every admin op refused with EPERM ($label)" test "$rc" = 0
	check "$fam: GET_INFO (open to every user) answers ($label)" \
		has_line '^perm: cmd 1 .*not admin\): doit -> 0$' "$out"
}
perm "no capabilities" HALO_VS "${nocaps[@]}"
perm "no capabilities" HALO_RD "${nocaps[@]}"
perm "CAP_NET_ADMIN only" HALO_RD "${netadmin[@]}"
modprobe -r halo_vs halo_rd

# The tools' test that needs the modules, with the sanitized tools.
asan=$HALO_TOP/build/asan
export ASAN_OPTIONS=detect_leaks=1:log_path=$tmp/asan UBSAN_OPTIONS=print_stacktrace=1:log_path=$tmp/ubsan
(cd "$asan/tests/tools" && ./version.sh) >"$tmp/version.log" 2>&1
check "tests/tools/version.sh passes with the ASan/UBSan tools" test $? = 0
expect_eq "no sanitizer report from them" "" "$(cat "$tmp"/asan* "$tmp"/ubsan* 2>/dev/null)"

taint1=$(cat /proc/sys/kernel/tainted)
expect_eq "no new bad taint (W, D, B, L)" 0 $(((taint1 & ~taint0) & bad_taint))
ktap_finish
