#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# External metadata (DRBD 8.4's meta-disk forms): node a keeps its
# metadata on a separate device (flexible, "meta-disk DEV"), node b in
# slot 1 of an indexed meta device ("meta-disk DEV[1]", 128 MiB slots),
# brought up by halo-rdadm from a halo.conf. The whole backing devices
# hold data; the metadata survives down/up (topology in rdlib.sh, plus):
#
#   ns A: /dev/halo0 -> loop a (16 MiB data)  meta: loop over 1 MiB file
#   ns B: /dev/halo1 -> loop 20 MiB data      meta: loop over 256 MiB
#                                             sparse file, slot 1
# timeout=400
. "$(dirname "$0")/rdlib.sh"
export PATH=$HALO_TOP/userland/rdadm:$PATH

ktap_plan 16
rd_nodes || skip_all "cannot set up the two nodes"
loop_file() { # loop_file NAME SIZE: a loop device over a new sparse file
	local f=/tmp/hrd-$$-$1.img
	truncate -s "$2" "$f" && on_exit rm -f "$f" && losetup -f --show "$f"
}
MA=$(loop_file ma 1M) && on_exit losetup -d "$MA" &&
	DB=$(loop_file db 20M) && on_exit losetup -d "$DB" &&
	MB=$(loop_file mb 256M) && on_exit losetup -d "$MB" ||
	skip_all "cannot make the loop devices"
CONF=/tmp/hrd-$$.conf
on_exit rm -f "$CONF"
cat >"$CONF" <<EOC
resource r0 {
	protocol C;
	net { ping-int 2; ping-timeout 50; connect-int 1; }
	on alpha {
		device /dev/halo0 minor 0;
		disk $LOOP_A;
		meta-disk $MA;
		address 10.77.0.1:7789;
	}
	on beta {
		device /dev/halo1 minor 1;
		disk $DB;
		meta-disk $MB[1];
		address 10.77.0.2:7789;
	}
}
EOC
export CONF MA MB DB LOOP_A
rdadm_b() { ip netns exec "$B" env HALO_HOSTNAME=beta halo-rdadm -c "$CONF" "$@"; }
export -f rdadm_b rd_counter
md5_mb() { dd if="$1" bs=1M count=16 iflag=direct status=none | md5sum | cut -d' ' -f1; }

expect_eq "halo-rdadm passes the indexed meta-disk through" \
	"halo-rdsetup attach 1 $DB $MB 1" "$(rdadm_b -d attach r0 | tail -n 1)"
out=$(halo-rdsetup create-md "$DB" "$MB" 2 2>&1)
expect_eq "index 2 does not fit a 256 MiB meta device" \
	"halo-rdsetup: meta-disk too small for this index (128 MiB per index)" "$out"
if truncate -s 5T /tmp/hrd-$$-huge.img && HUGE=$(losetup -f --show /tmp/hrd-$$-huge.img); then
	out=$(halo-rdsetup create-md "$HUGE" "$MB" 0 2>&1)
	losetup -d "$HUGE"
else
	out="cannot make a 5 TiB sparse loop device"
fi
rm -f /tmp/hrd-$$-huge.img
expect_eq "an indexed slot refuses a 5 TiB lower device" \
	"halo-rdsetup: lower device too large for an indexed meta-disk (at most 4193152 MiB)" "$out"
check "create-md: a flexible on its meta device, b indexed slot 1 (halo-rdadm)" bash -c \
	'halo-rdsetup create-md "$LOOP_A" "$MA" flexible --force && rdadm_b create-md --force r0'
check "a: attach with flexible external metadata, connect" bash -c \
	'rds_a new-resource r0 && rds_a new-minor r0 0 0 &&
	 rds_a attach 0 "$LOOP_A" "$MA" flexible && rd_connect_a'
check "b: halo-rdadm up (indexed slot 1)" rdadm_b up r0
check "initial full sync" bash -c \
	'wait_for 60 bash -c "cstate_is a Connected && cstate_is b Connected" &&
	 rds_a primary 0 --force && wait_for 120 rd_synced'
expect_eq "device size is all of the smaller backing device (16 MiB)" \
	$((16 << 20)) "$(rd_size)"
data=/tmp/hrd-$$-data
on_exit rm -f "$data"
head -c 16M /dev/urandom >"$data"
dd if="$data" of=/dev/halo0 bs=1M oflag=direct status=none
want=$(md5sum <"$data" | cut -d' ' -f1)
expect_eq "all 16 MiB of a's backing device are data" "$want" "$(md5_mb "$LOOP_A")"
expect_eq "b's backing device holds the same 16 MiB" "$want" "$(md5_mb "$DB")"
check "both down, both up again: Connected, no resync" bash -c '
	rds_a secondary 0 && rds_a down r0 && rdadm_b down r0 &&
	rds_a new-resource r0 && rds_a new-minor r0 0 0 &&
	rds_a attach 0 "$LOOP_A" "$MA" flexible && rd_connect_a && rdadm_b up r0 &&
	wait_for 60 rd_synced &&
	[[ $(rd_counter a rs-sent) == 0 && $(rd_counter b rs-recv) == 0 ]]'
check "a primary; b down" bash -c 'rds_a primary 0 && rdadm_b down r0 &&
	wait_for 30 cstate_is a WFConnection'
for blk in $(shuf -n 8 -i 0-4095); do
	dd if=/dev/urandom of=/dev/halo0 bs=4k count=1 seek="$blk" oflag=direct status=none
done
expect_eq "a's external bitmap marks the 32 KiB written" 32 "$(rd_counter a oos)"
check "b up again; resync finishes" bash -c 'rdadm_b up r0 && wait_for 120 rd_synced'
expect_eq "only the 32 KiB written while b was down were resynced" 32 "$(rd_counter b rs-recv)"
expect_eq "both backing devices hold the same data" \
	"$(md5_mb "$LOOP_A")" "$(md5_mb "$DB")"
ktap_finish
