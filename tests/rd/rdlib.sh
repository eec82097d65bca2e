# SPDX-License-Identifier: GPL-2.0
# Helpers for the halo_rd tests (sourced, not a test): two nodes as two
# network namespaces of one guest, each with its own loop-backed disk.
#
#   ns A (node a)                         ns B (node b)
#   /dev/halo0 -> loop over /tmp/..a.img  /dev/halo1 -> loop over ..b.img
#   veth 10.77.0.1/24  <--------------->  veth 10.77.0.2/24
#        fd77::1/64                            fd77::2/64
#   resource r0, port 7789                resource r0, port 7789
. "$(dirname "$0")/../lib.sh"
export PATH=$HALO_TOP/userland/rdsetup:$PATH

RD_MB=${RD_MB:-16}
A= B= LOOP_A= LOOP_B=
export A B
rds_a() { ip netns exec "$A" halo-rdsetup "$@"; }
rds_b() { ip netns exec "$B" halo-rdsetup "$@"; }

# rd_nodes: namespaces, veth, backing devices with fresh metadata.
rd_nodes() {
	modprobe halo_rd || return 1
	on_exit modprobe -r halo_rd
	modprobe loop 2>/dev/null
	netns_add A || return 1
	netns_add B || return 1
	ip link add hrd-a-$$ netns "$A" type veth peer name hrd-b-$$ netns "$B" || return 1
	ip -n "$A" addr add 10.77.0.1/24 dev hrd-a-$$
	ip -n "$B" addr add 10.77.0.2/24 dev hrd-b-$$
	ip -n "$A" addr add fd77::1/64 dev hrd-a-$$ nodad
	ip -n "$B" addr add fd77::2/64 dev hrd-b-$$ nodad
	ip -n "$A" link set hrd-a-$$ up
	ip -n "$B" link set hrd-b-$$ up
	local f
	for n in a b; do
		f=/tmp/hrd-$$-$n.img
		truncate -s "${RD_MB}M" "$f" || return 1
		on_exit rm -f "$f"
	done
	LOOP_A=$(losetup -f --show /tmp/hrd-$$-a.img) || return 1
	on_exit losetup -d "$LOOP_A"
	LOOP_B=$(losetup -f --show /tmp/hrd-$$-b.img) || return 1
	on_exit losetup -d "$LOOP_B"
	on_exit "ip netns exec $A halo-rdsetup down r0; ip netns exec $B halo-rdsetup down r0"
	halo-rdsetup create-md "$LOOP_A" internal --force &&
		halo-rdsetup create-md "$LOOP_B" internal --force
}

# rd_dm_linear VAR NAME LOOP: a linear device-mapper device NAME over LOOP
# (for the tests that switch its table or suspend it); VAR gets its node
# /dev/dm-N, as there is no udev to make /dev/mapper links in the guest. At
# exit (steps run last registered first) it is resumed, in case a test
# stopped while it was suspended, then both nodes go down, then it is
# removed. Not in a subshell: the exit steps are registered here.
rd_dm_linear() {
	modprobe dm-mod 2>/dev/null
	dmsetup create "$2" --table "0 $(blockdev --getsz "$3") linear $3 0" || return 1
	on_exit "dmsetup remove --retry $2"
	on_exit "ip netns exec $A halo-rdsetup down r0; ip netns exec $B halo-rdsetup down r0"
	on_exit "dmsetup resume $2"
	printf -v "$1" /dev/%s "$(dmsetup info -c --noheadings -o blkdevname "$2")"
	[[ -b ${!1} ]]
}

# rd_up [CONNECT-OPTIONS...]: resource, minor, attach, connect on both.
rd_up() {
	rds_a new-resource r0 && rds_a new-minor r0 0 0 &&
		rds_a attach 0 "$LOOP_A" internal &&
		rds_b new-resource r0 && rds_b new-minor r0 1 0 &&
		rds_b attach 1 "$LOOP_B" internal &&
		rd_connect_a "$@" && rd_connect_b "$@"
}
rd_connect_a() {
	rds_a connect r0 10.77.0.1:7789 10.77.0.2:7789 --connect-int=1 \
		--ping-int=2 --ping-timeout=50 "$@"
}
rd_connect_b() {
	rds_b connect r0 10.77.0.2:7789 10.77.0.1:7789 --connect-int=1 \
		--ping-int=2 --ping-timeout=50 "$@"
}

# cstate_is NODE STATE / dstate_is NODE STATE
cstate_is() { [[ $(rds_"$1" cstate r0) == "$2" ]]; }
dstate_is() { [[ $(rds_"$1" dstate r0) == "$2" ]]; }
# The usable size in bytes (the smaller of both, as /dev/halo0 shows it).
rd_size() { blockdev --getsize64 /dev/halo0; }
# md5 of the first BYTES of a device
md5_of() {
	dd if="$1" bs=4k count=$(($2 / 4096)) iflag=direct status=none |
		md5sum | cut -d' ' -f1
}
# KiB counter from status --verbose: rd_counter NODE NAME
rd_counter() { rds_"$1" status r0 --verbose | sed -n "s/.* $2:\([0-9]*\).*/\1/p"; }

# rd_synced: both nodes Connected with UpToDate/UpToDate disks.
rd_synced() {
	cstate_is a Connected && cstate_is b Connected &&
		dstate_is a UpToDate/UpToDate && dstate_is b UpToDate/UpToDate
}
# rd_initial_sync [CONNECT-OPTIONS...]: up, a forced Primary, full sync.
rd_initial_sync() {
	rd_up "$@" && wait_for 60 bash -c "cstate_is a Connected && cstate_is b Connected" &&
		rds_a primary 0 --force && wait_for 180 rd_synced
}
export -f rds_a rds_b cstate_is dstate_is rd_synced wait_for rd_connect_a rd_connect_b md5_of
export A B
