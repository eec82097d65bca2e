# SPDX-License-Identifier: GPL-2.0
# Helpers for the replicated-disk benchmark (sourced in both guests, not run).
#
#   node a 10.255.0.1 (driver, Primary)  ==== QEMU socket link ====  node b 10.255.0.2 (agent)
#   backing disk /dev/vda                                           backing disk /dev/vda
#
# Every function takes the system first: "halo" (halo_rd, halo-rdsetup) or
# "drbd" (in-kernel drbd 8.4, drbdsetup-84 and drbdmeta). Both use resource
# r0, minor 0, port 7789, internal metadata on the same backing disk (new
# metadata for every system in every round), and the same settings:
# ping-timeout 5 s, connect-int 1 s, no resync rate limit.
# Node a drives; it runs commands on node b with `peer CMD...`, served by
# scripts/bench/rd-agent on node b (socat on TCP port 7000 of the guest link).

RD_BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RD_TOP=$(cd "$RD_BENCH/../.." && pwd)
export PATH=$RD_TOP/userland/rdsetup:/lib/drbd:$PATH
RD_LOWER=${RD_LOWER:-/dev/vda}
case ${NODE:-a} in
a) RD_ME=10.255.0.1 RD_PEER=10.255.0.2 ;;
b) RD_ME=10.255.0.2 RD_PEER=10.255.0.1 ;;
esac
RD_AGENT_PORT=7000

# rd_modules: halo_rd, drbd and the virtio disk driver (no udev in the guest).
rd_modules() {
	local i
	modprobe virtio_blk && modprobe halo_rd && modprobe drbd || return 1
	# drbd calls drbdadm handlers (before-resync-source, ...) that fail
	# without a drbd.conf and then drop the connection: no handlers here
	echo /bin/true >/sys/module/drbd/parameters/usermode_helper || return 1
	mkdir -p /run/lock
	for ((i = 0; i < 100; i++)); do
		[[ -b $RD_LOWER ]] && return 0
		sleep 0.1
	done
	echo "no backing disk $RD_LOWER" >&2
	return 1
}

# peer CMD...: run CMD (shell text, with this library) on node b; its output
# on stdout, its exit code as ours.
peer() {
	local out rc
	out=$(printf '%s\n' "$*" | timeout 900 socat -t 900 - "TCP:$RD_PEER:$RD_AGENT_PORT") ||
		{ echo "peer: no answer to '$*'" >&2; return 1; }
	[[ $out == *__rc=* ]] || { echo "peer: cut off answer to '$*'" >&2; return 1; }
	rc=${out##*__rc=}
	out=${out%__rc=*}
	[[ -n $out ]] && printf '%s' "$out"
	return "$rc"
}

rd_dev() { [[ $1 == halo ]] && echo /dev/halo0 || echo /dev/drbd0; }

# rd_setup SYS: fresh metadata, resource, minor 0, backing disk attached.
rd_setup() {
	if [[ $1 == halo ]]; then
		halo-rdsetup create-md "$RD_LOWER" internal --force >/dev/null &&
			halo-rdsetup new-resource r0 && halo-rdsetup new-minor r0 0 0 &&
			halo-rdsetup attach 0 "$RD_LOWER" internal
	else
		mkdir -p /run/lock
		# wipe whatever metadata the other system left, then 8.4 (v08) metadata
		dd if=/dev/zero of="$RD_LOWER" bs=4k count=1 seek=$(($(blockdev --getsize64 "$RD_LOWER") / 4096 - 1)) \
			oflag=direct status=none &&
			{ yes yes 2>/dev/null || :; } | drbdmeta --force 0 v08 "$RD_LOWER" internal create-md >/dev/null &&
			drbdsetup-84 new-resource r0 && drbdsetup-84 new-minor r0 0 0 &&
			drbdsetup-84 attach 0 "$RD_LOWER" "$RD_LOWER" internal --c-plan-ahead=0 --resync-rate=4194304
	fi
}

# rd_connect SYS PROTOCOL
rd_connect() {
	if [[ $1 == halo ]]; then
		halo-rdsetup connect r0 "$RD_ME:7789" "$RD_PEER:7789" --protocol="$2" \
			--ping-timeout=50 --connect-int=1
	else
		drbdsetup-84 connect r0 "ipv4:$RD_ME:7789" "ipv4:$RD_PEER:7789" --protocol="$2" \
			--ping-timeout=50 --connect-int=1
	fi
}
rd_cmd() { local s=$1; shift; if [[ $s == halo ]]; then halo-rdsetup "$@"; else drbdsetup-84 "$@"; fi; }
rd_disconnect() {
	if [[ $1 == halo ]]; then
		halo-rdsetup disconnect r0
	else	# 8.4 names a connection by its addresses
		drbdsetup-84 disconnect "ipv4:$RD_ME:7789" "ipv4:$RD_PEER:7789"
	fi
}
rd_primary() { local s=$1; shift; rd_cmd "$s" primary 0 "$@"; }
rd_secondary() { rd_cmd "$1" secondary 0; }
rd_down() { rd_cmd "$1" down r0 2>/dev/null || true; }
rd_cstate() { rd_cmd "$1" cstate 0 2>/dev/null; }
rd_dstate() { rd_cmd "$1" dstate 0 2>/dev/null; }

# rd_kib SYS NAME: a KiB counter: oos, ns, nr (drbd's /proc/drbd names) or
# halo's rs-sent, rs-recv.
rd_kib() {
	if [[ $1 == halo ]]; then
		halo-rdsetup status r0 --verbose | sed -n "s/.* $2:\([0-9]*\).*/\1/p"
	else
		sed -n "s/.* $2:\([0-9]*\).*/\1/p" /proc/drbd | head -n 1
	fi
}

# rd_wait_cs SYS STATE SECONDS
rd_wait_cs() {
	local end=$((SECONDS + $3))
	while ((SECONDS < end)); do
		[[ $(rd_cstate "$1") == "$2" ]] && return 0
		sleep 0.1
	done
	echo "$1: no cstate $2 after $3 s (now $(rd_cstate "$1") $(rd_dstate "$1"))" >&2
	return 1
}

# rd_wait_synced SYS SECONDS: Connected and UpToDate/UpToDate.
rd_wait_synced() {
	local end=$((SECONDS + $2))
	while ((SECONDS < end)); do
		[[ $(rd_cstate "$1") == Connected && $(rd_dstate "$1") == UpToDate/UpToDate ]] && return 0
		sleep 0.1
	done
	echo "$1: not in sync after $2 s (now $(rd_cstate "$1") $(rd_dstate "$1"))" >&2
	return 1
}
