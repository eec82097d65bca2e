#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers for halo tests: KTAP output, waiting instead of sleeping, network
# namespaces with per-PID names, and a cleanup trap. Source it first:
#   . "$(dirname "$0")/../lib.sh"
set -uo pipefail

ksft_pass=0 ksft_fail=0 ksft_skip=4 _ktap_n=0 _ktap_failed=0
HALO_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH=$HALO_TOP/userland/vsadm:$HALO_TOP/userland/rdadm:$PATH

ktap_plan() { echo "TAP version 13"; echo "1..$1"; }
ktap_ok() { _ktap_n=$((_ktap_n + 1)); echo "ok $_ktap_n $*"; }
ktap_not_ok() {
	_ktap_n=$((_ktap_n + 1))
	_ktap_failed=1
	echo "not ok $_ktap_n $*"
}
diag() { echo "# $*"; }
# check NAME CMD...: one TAP line for whether CMD succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ktap_ok "$name"; else ktap_not_ok "$name"; fi
}
# expect_eq NAME WANT GOT
expect_eq() {
	if [[ $2 == "$3" ]]; then
		ktap_ok "$1"
	else
		ktap_not_ok "$1"
		diag "want: $(printf '%q' "$2")"
		diag "got:  $(printf '%q' "$3")"
	fi
}
skip_all() { echo "1..0 # SKIP $*"; echo "SKIP $*"; exit $ksft_skip; }
ktap_finish() { exit $_ktap_failed; }

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@" 2>/dev/null; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}
# A TCP listener on PORT inside namespace NS (poll with wait_for).
tcp_listening() { ip netns exec "$1" ss -ltnH "sport = :$2" | grep -q .; }

# Namespaces named per test and PID; all removed by the cleanup trap.
_netns=()
_cleanup_cmds=()
netns_add() { # netns_add VAR: create a namespace, store its name in VAR
	local n="halo-$1-$$"
	ip netns add "$n" || return 1
	ip -n "$n" link set lo up
	_netns+=("$n")
	printf -v "$1" '%s' "$n"
}
on_exit() { _cleanup_cmds+=("$*"); }
_cleanup() {
	local i
	for ((i = ${#_cleanup_cmds[@]} - 1; i >= 0; i--)); do
		eval "${_cleanup_cmds[i]}" >/dev/null 2>&1
	done
	for n in "${_netns[@]}"; do
		ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$n" 2>/dev/null
	done
}
trap _cleanup EXIT

# module_lifecycle MODULE FAMILY: the module loads and unloads cleanly three
# times by path (insmod/rmmod), loads by name through modules.dep (modprobe),
# registers its generic netlink family, and unloads again.
module_lifecycle() {
	local mod=$1 family=$2 ko i
	ko=$(modinfo -n "$mod" 2>/dev/null)
	ktap_plan 5
	check "modinfo finds $mod under updates/" test "${ko#*/updates/}" != "$ko"
	for i in 1 2 3; do
		insmod "$ko" && rmmod "$mod" || { ktap_not_ok "insmod/rmmod $mod 3 times"; ko=; break; }
	done
	[[ -n $ko ]] && ktap_ok "insmod/rmmod $mod 3 times"
	check "modprobe $mod" modprobe "$mod"
	check "genl ctrl list shows $family" bash -c "genl ctrl list | grep -qx 'Name: $family'"
	check "modprobe -r $mod" modprobe -r "$mod"
	ktap_finish
}
