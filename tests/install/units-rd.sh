#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo-rd.service's start and stop commands, read from the installed unit
# file: `halo-rdadm up all` attaches and connects the resources of
# /etc/halo/halo.conf for this host, `halo-rdadm wait-connect all` returns
# once the peer is there, `halo-rdadm down all` takes them down (the peer is
# left waiting for a connection), as drbdadm does. The unit is ordered after
# network-online.target.
#
#   this host "nodea" (root namespace)        peer "nodeb" (namespace)
#   10.8.0.1 h0 ------------------------------- h1 10.8.0.2
#   /dev/halo0 on a 32 MiB loop device          /dev/halo1 on a loop device
. "$(dirname "$0")/../lib.sh"
halo-rdadm up --help >/dev/null 2>&1 ||
	skip_all "halo-rdadm has no 'up' command yet (the kernel-driving commands of halo-rdadm)"
ktap_plan 8
kver=$(uname -r)
top=$HALO_TOP
unit=/lib/systemd/system/halo-rd.service
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"

cp -a /lib/modules/"$kver"/modules.* "$tmp/"
modprobe -a veth loop 2>/dev/null
mountpoint -q /lib/modules/"$kver"/kernel || {
	mount -t tmpfs none /lib/modules/"$kver"/kernel
	on_exit umount /lib/modules/"$kver"/kernel
}
on_exit "cp -a '$tmp'/modules.* /lib/modules/$kver/"
on_exit rm -f /etc/halo/halo.conf
on_exit make -s -C "$top" uninstall KVER="$kver"
check "make install" make -s -C "$top" install KVER="$kver"
check "halo-rd.service comes after network-online.target" \
	bash -c "grep -qx 'After=network-online.target' $unit && grep -qx 'Wants=network-online.target' $unit"

netns_add peer
ip link add h0 type veth peer name h1 netns "$peer"
ip addr add 10.8.0.1/24 dev h0
ip link set h0 up
ip -n "$peer" addr add 10.8.0.2/24 dev h1
ip -n "$peer" link set h1 up
truncate -s 32M "$tmp/a.img" "$tmp/b.img"
la=$(losetup -f --show "$tmp/a.img")
lb=$(losetup -f --show "$tmp/b.img")
on_exit losetup -d "$la" "$lb"
cat >/etc/halo/halo.conf <<CONF
resource r0 {
	protocol C;
	startup { wfc-timeout 60; degr-wfc-timeout 30; }
	meta-disk internal;
	on nodea { device /dev/halo0; disk $la; address 10.8.0.1:7789; }
	on nodeb { device /dev/halo1; disk $lb; address 10.8.0.2:7789; }
}
CONF
export HALO_HOSTNAME=nodea
b() { ip netns exec "$peer" env HALO_HOSTNAME=nodeb halo-rdadm "$@"; }
on_exit "ip netns exec '$peer' env HALO_HOSTNAME=nodeb halo-rdadm down r0"
halo-rdadm create-md r0 >/dev/null 2>&1 && b create-md r0 >/dev/null 2>&1 ||
	diag "create-md failed"
b up r0 || diag "the peer's up failed"

# unit_run KEY...: the unit's KEY= command lines in order, as systemd runs them.
unit_run() {
	local key cmd
	for key; do
		while IFS= read -r cmd; do
			eval "$cmd" || { diag "$key=$cmd failed"; return 1; }
		done < <(sed -n "s/^$key=//p" "$unit")
	done
}
check "start: up all, wait-connect all" unit_run ExecStartPre ExecStart
expect_eq "start: this node is connected" Connected "$(halo-rdadm cstate r0)"
expect_eq "start: the peer is connected" Connected "$(b cstate r0)"
expect_eq "start: both disks are attached" Inconsistent/Inconsistent "$(halo-rdadm dstate r0)"
check "stop: down all" unit_run ExecStop
expect_eq "stop: the resource is unconfigured, the peer waits for it" "Unconfigured WFConnection" \
	"$(halo-rdadm cstate r0 2>/dev/null) $(wait_for 30 bash -c "[[ \$(ip netns exec '$peer' env HALO_HOSTNAME=nodeb halo-rdadm cstate r0) == WFConnection ]]"; b cstate r0)"
ktap_finish
