# SPDX-License-Identifier: GPL-2.0
# Helpers for the halo-rdadm kernel tests (sourced, not a test): two nodes
# as two network namespaces of one guest, each running halo-rdadm with its
# own host name on one halo.conf that names both.
#
#   ns A: host "alpha"                     ns B: host "beta"
#   /dev/halo0 -> loop over 32 MiB file    /dev/halo1 -> loop over 32 MiB
#   veth 10.77.1.1/24  <---------------->  veth 10.77.1.2/24 (+ 10.77.1.3)
#   resource r0, port 7789                 resource r0, port 7789
. "$(dirname "$0")/../lib.sh"
export PATH=$HALO_TOP/userland/rdadm:$HALO_TOP/userland/rdsetup:$PATH

A= B= LOOP_A= LOOP_B= CONF=/tmp/hrdadm-$$.conf
export A B CONF
rdadm_a() { ip netns exec "$A" env HALO_HOSTNAME=alpha halo-rdadm -c "$CONF" "$@"; }
rdadm_b() { ip netns exec "$B" env HALO_HOSTNAME=beta halo-rdadm -c "$CONF" "$@"; }

# write_conf PROTOCOL BETA-ADDR WFC-TIMEOUT [DISK-A]
write_conf() {
	cat >"$CONF" <<EOC
global { usage-count no; }
common {
	protocol $1;
	net { ping-int 2; ping-timeout 50; connect-int 1; }
}
resource r0 {
	startup { wfc-timeout $3; degr-wfc-timeout $3; }
	on alpha {
		device /dev/halo0 minor 0;
		disk ${4:-$LOOP_A};
		address 10.77.1.1:7789;
		meta-disk internal;
	}
	on beta {
		device /dev/halo1 minor 1;
		disk $LOOP_B;
		address $2;
		meta-disk internal;
	}
}
EOC
}

# ka_nodes: namespaces, veth, two 32 MiB loop devices, the conf file.
ka_nodes() {
	modprobe halo_rd || return 1
	on_exit modprobe -r halo_rd
	modprobe loop 2>/dev/null
	netns_add A || return 1
	netns_add B || return 1
	ip link add hka-a-$$ netns "$A" type veth peer name hka-b-$$ netns "$B" || return 1
	ip -n "$A" addr add 10.77.1.1/24 dev hka-a-$$
	ip -n "$B" addr add 10.77.1.2/24 dev hka-b-$$
	ip -n "$B" addr add 10.77.1.3/24 dev hka-b-$$
	ip -n "$A" link set hka-a-$$ up
	ip -n "$B" link set hka-b-$$ up
	for n in a b; do
		truncate -s 32M /tmp/hka-$$-$n.img || return 1
		on_exit rm -f /tmp/hka-$$-$n.img
	done
	LOOP_A=$(losetup -f --show /tmp/hka-$$-a.img) || return 1
	on_exit losetup -d "$LOOP_A"
	LOOP_B=$(losetup -f --show /tmp/hka-$$-b.img) || return 1
	on_exit losetup -d "$LOOP_B"
	on_exit rm -f "$CONF"
	on_exit "ip netns exec $A halo-rdsetup down r0; ip netns exec $B halo-rdsetup down r0"
	write_conf C 10.77.1.2:7789 30
}
cstate_a() { [[ $(rdadm_a cstate r0) == "$1" ]]; }
cstate_b() { [[ $(rdadm_b cstate r0) == "$1" ]]; }
both_connected() { cstate_a Connected && cstate_b Connected; }
both_synced() {
	both_connected && [[ $(rdadm_a dstate r0) == UpToDate/UpToDate &&
		$(rdadm_b dstate r0) == UpToDate/UpToDate ]]
}
md5_at() { # md5_at DEV SKIP-MiB COUNT-MiB
	dd if="$1" bs=1M skip="$2" count="$3" iflag=direct status=none |
		md5sum | cut -d' ' -f1
}
export -f rdadm_a rdadm_b cstate_a cstate_b both_connected both_synced wait_for
