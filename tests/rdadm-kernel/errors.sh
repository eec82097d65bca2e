#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo-rdadm's error paths against the kernel (topology in kalib.sh): an
# unknown resource and a host missing from the file exit 1, a syntax error
# exits 10, a disk that cannot be opened exits 20, pause-sync of a resource
# that is not up fails with the kernel's reason; none of them leaves
# anything in the kernel. Then adjust brings a bare device to the file's
# state.
. "$(dirname "$0")/kalib.sh"

ktap_plan 17
ka_nodes || skip_all "cannot set up the two nodes"
# nothing_up: no resource in a's namespace, no device in /proc/halo_rd.
nothing_up() {
	[[ -z $(ip netns exec "$A" halo-rdsetup status) ]] &&
		! ip netns exec "$A" grep -q 'cs:' /proc/halo_rd
}

out=$(rdadm_a up r9 2>&1)
expect_eq "unknown resource exits 1" 1 $?
expect_eq "unknown resource: the message names it" \
	"halo-rdadm: 'r9' not defined in your config (for this host)." "$out"

out=$(ip netns exec "$A" env HALO_HOSTNAME=gamma halo-rdadm -c "$CONF" up r0 2>&1)
expect_eq "host missing from the file exits 1" 1 $?
check "host missing: the message names the host" grep -q "no 'on gamma' section" <<<"$out"

cp "$CONF" "$CONF.bad"
on_exit rm -f "$CONF.bad"
sed -i 's/meta-disk internal;/meta-disk internal/' "$CONF.bad"
out=$(ip netns exec "$A" env HALO_HOSTNAME=alpha halo-rdadm -c "$CONF.bad" up r0 2>&1)
expect_eq "syntax error exits 10" 10 $?
check "syntax error: FILE:LINE:COL named" grep -q "^halo-rdadm: $CONF.bad:[0-9]*:[0-9]*:" <<<"$out"
check "syntax error: nothing reached the kernel" nothing_up

write_conf C 10.77.1.2:7789 30 /dev/halo-no-such-disk
out=$(rdadm_a up r0 2>&1)
expect_eq "missing disk exits 20" 20 $?
check "missing disk: the disk is named" grep -q "/dev/halo-no-such-disk" <<<"$out"
check "missing disk: nothing reached the kernel" nothing_up

write_conf C 10.77.1.2:7789 30
out=$(rdadm_a pause-sync r0 2>&1)
check "pause-sync on a resource that is not up fails" test $? -ne 0
check "pause-sync: the kernel's reason is printed" grep -q 'no such resource or minor' <<<"$out"
# adjust brings a bare device (no disk, StandAlone) to the file's state.
ip netns exec "$A" halo-rdsetup new-resource r0 &&
	ip netns exec "$A" halo-rdsetup new-minor r0 0 0
expect_eq "/proc/halo_rd: a bare device is Unconfigured" " 0: cs:Unconfigured" \
	"$(ip netns exec "$A" grep ': cs:' /proc/halo_rd)"
check "create-md" rdadm_a create-md r0
expect_eq "adjust -d on a bare device: attach and connect" \
	"halo-rdsetup attach 0 $LOOP_A internal
halo-rdsetup connect r0 ipv4:10.77.1.1:7789 ipv4:10.77.1.2:7789 --protocol=C --ping-int=2 --ping-timeout=50 --connect-int=1" \
	"$(rdadm_a -d adjust r0)"
check "adjust attaches the disk and connects (peer down: WFConnection)" \
	bash -c "rdadm_a adjust r0 && wait_for 20 cstate_a WFConnection &&
		[[ \$(rdadm_a dstate r0) == Inconsistent/DUnknown ]]"
expect_eq "status while connecting" "r0 role:Secondary
  disk:Inconsistent
  peer connection:Connecting" "$(rdadm_a status r0)"
ktap_finish
