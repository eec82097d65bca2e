#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Demo: a replicated disk pair. Node a writes a file system on /dev/halo0,
# every write replicated (protocol C) to node b's disk; then node a drops off
# the network, and node b is promoted and mounts the file system, data intact.
#
#   ns a: /dev/halo0 over loop(a.img)  veth 10.77.1.1 <---> 10.77.1.2 veth  ns b: /dev/halo1 over loop(b.img)
set -euo pipefail
step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
ns=demo-rd-$$
work=$(mktemp -d)
A=$ns-a B=$ns-b
loop_a="" loop_b=""
cleanup() {
	umount "$work/a" "$work/b" 2>/dev/null
	ip netns exec "$A" halo-rdsetup down r0 2>/dev/null
	ip netns exec "$B" halo-rdsetup down r0 2>/dev/null
	[[ -n $loop_a ]] && losetup -d "$loop_a"
	[[ -n $loop_b ]] && losetup -d "$loop_b"
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$work"
	return 0
}
trap cleanup EXIT
a() { ip netns exec "$A" halo-rdsetup "$@"; }
b() { ip netns exec "$B" halo-rdsetup "$@"; }

step "Two nodes (network namespaces), each with its own 32 MiB disk"
modprobe halo_rd
modprobe loop
ip netns add "$A"
ip netns add "$B"
ip link add rda netns "$A" type veth peer name rdb netns "$B"
ip -n "$A" addr add 10.77.1.1/24 dev rda
ip -n "$B" addr add 10.77.1.2/24 dev rdb
ip -n "$A" link set rda up
ip -n "$B" link set rdb up
truncate -s 32M "$work/a.img" "$work/b.img"
loop_a=$(losetup -f --show "$work/a.img")
loop_b=$(losetup -f --show "$work/b.img")
run halo-rdsetup create-md "$loop_a" internal --force
run halo-rdsetup create-md "$loop_b" internal --force

step "Resource r0 on both nodes, protocol C"
run a new-resource r0
run a new-minor r0 0 0
run a attach 0 "$loop_a" internal
run b new-resource r0
run b new-minor r0 1 0
run b attach 1 "$loop_b" internal
run a connect r0 10.77.1.1:7789 10.77.1.2:7789 --protocol=C --connect-int=1
run b connect r0 10.77.1.2:7789 10.77.1.1:7789 --protocol=C --connect-int=1
until [[ $(a cstate r0) == Connected && $(b cstate r0) == Connected ]]; do sleep 0.2; done
run a status r0

step "Node a becomes Primary; the initial full sync copies its disk to b"
run a primary 0 --force
until [[ $(b dstate r0) == UpToDate/UpToDate ]]; do sleep 0.5; done
run b status r0

step "A file system on node a, with a file written through it"
mkdir -p "$work/a" "$work/b"
run mkfs.ext4 -q /dev/halo0
run mount /dev/halo0 "$work/a"
head -c 3M /dev/urandom >"$work/a/payload"
sync
sum=$(md5sum <"$work/a/payload" | cut -d' ' -f1)
echo "payload md5 on node a: $sum"

step "Node a drops off the network"
run ip -n "$A" link set rda down
until [[ $(b cstate r0) != Connected ]]; do sleep 0.5; done
run b status r0

step "Node b is promoted and mounts the file system"
run b primary 1
run mount /dev/halo1 "$work/b"
got=$(md5sum <"$work/b/payload" | cut -d' ' -f1)
echo "payload md5 on node b: $got"
[[ $got == "$sum" ]] && echo "The data is intact on node b." || { echo "DATA DIFFERS"; exit 1; }
