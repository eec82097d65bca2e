#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A process without CAP_NET_ADMIN (and, for HALO_RD, one with CAP_NET_ADMIN
# but without CAP_SYS_ADMIN) gets EPERM for every admin op the controller
# lists for the family (GENL_ADMIN_PERM/GENL_UNS_ADMIN_PERM), as doit and
# dump, empty and with policy-valid attributes; the open GET_INFO still
# answers it, so the refusals are about privilege, not a broken client.
#
#   uid 65534, no capabilities --genl--> halo_vs, halo_rd
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fuzz-lib.bash"
ktap_plan 8
fuzz_build tools || { ktap_not_ok "build genl-fuzz"; ktap_finish; }
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
chmod 755 "$tmp"
install -m 0755 "$GENL_FUZZ" "$tmp/genl-fuzz"
modprobe halo_vs && modprobe halo_rd
on_exit modprobe -r halo_vs halo_rd

nocaps=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --)
netadmin=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all,+net_admin
	--ambient-caps=+net_admin --bounding-set=-all,+net_admin --)
expect_eq "the unprivileged client has no capabilities" "0000000000000000" \
	"$("${nocaps[@]}" awk '/^CapEff:/ { print $2 }' /proc/self/status)"
expect_eq "the net_admin client has CAP_NET_ADMIN only" "0000000000001000" \
	"$("${netadmin[@]}" awk '/^CapEff:/ { print $2 }' /proc/self/status)"

perm() { # perm LABEL FAMILY CLIENT...: every admin op refused, GET_INFO open
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
ktap_finish
