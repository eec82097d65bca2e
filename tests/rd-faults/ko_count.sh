#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout=300
# ko-count: node b's backing disk hangs (its dm device suspended) while the
# link stays up and b keeps answering pings. A protocol C write on a waits
# for b's acknowledgment:
#  - with ko-count 0 it is still waiting after 6 s, a still Connected;
#  - net-options --ko-count=1 on the live connection (timeout 3 s): a drops
#    the connection, the write completes, a stays Primary and UpToDate with
#    the 64 KiB marked out of sync;
#  - b's disk comes back: the nodes reconnect, a resyncs exactly those
#    64 KiB and both disks hold the same data.
#
#   ns A: /dev/halo0 -> loop a
#   ns B: /dev/halo1 -> dm "hrd-kb-PID" -> loop b   (the rest: faultlib.sh)
. "$(dirname "$0")/faultlib.sh"
export RD_MB=8

ktap_plan 14
rd_nodes || skip_all "cannot set up the two nodes"
dm=hrd-kb-$$
rd_dm_linear DM_B "$dm" "$LOOP_B" || skip_all "no device-mapper device over $LOOP_B"
export DM_B
export -f rd_counter

check "up: b on a dm device, protocol C, ko-count 0, a Primary, synced" bash -c '
	rds_a new-resource r0 && rds_a new-minor r0 0 0 &&
	rds_a attach 0 "$LOOP_A" internal &&
	rds_b new-resource r0 && rds_b new-minor r0 1 0 &&
	rds_b attach 1 "$DM_B" internal &&
	rd_connect_a --protocol=C --timeout=30 --ko-count=0 &&
	rd_connect_b --protocol=C --timeout=30 --ko-count=0 &&
	wait_for 60 bash -c "cstate_is a Connected && cstate_is b Connected" &&
	rds_a primary 0 --force && wait_for 120 rd_synced'
data=/tmp/hrd-$$-data
pattern "$data" 1
dd if="$data" of=/dev/halo0 bs=64k count=8 oflag=direct status=none
expect_eq "the first 512 KiB reach b" "$(head -c 512k "$data" | md5sum | cut -d' ' -f1)" \
	"$(dd if="$LOOP_B" bs=64k count=8 iflag=direct status=none | md5sum | cut -d' ' -f1)"

# b's disk hangs: its writes queue in the suspended dm device.
dmsetup suspend "$dm"
dd if="$data" of=/dev/halo0 bs=64k skip=8 seek=32 count=1 oflag=direct status=none &
ddpid=$!
sleep 6
waiting=no
kill -0 $ddpid 2>/dev/null && waiting=yes
expect_eq "with ko-count 0 the write still waits for b after 6 s" yes $waiting
check "a is still Connected (b answers pings)" cstate_is a Connected
check "net-options --ko-count=1 on the live connection" rds_a net-options r0 --ko-count=1
check "the write completes: a gives up on b" wait_for 60 bash -c "! kill -0 $ddpid 2>/dev/null"
wait $ddpid
expect_eq "the write succeeded" 0 $?
check "the kernel log names ko-count" \
	bash -c "dmesg | grep -q 'r0: connection lost: request not finished within ko-count \* timeout'"
expect_eq "a stays Primary with its disk UpToDate" "Primary/Unknown UpToDate/DUnknown" \
	"$(rds_a role r0) $(rds_a dstate r0)"
expect_eq "a marks the 64 KiB b missed" 64 "$(rd_counter a oos)"

rs0=$(rd_counter a rs-sent)
dmsetup resume "$dm"
check "b's disk is back: the nodes reconnect and resync" wait_for 120 rd_synced
expect_eq "a resynced exactly the 64 KiB" 64 "$(($(rd_counter a rs-sent) - rs0))"
expect_eq "b's disk holds what a wrote" "$(region_md5 "$LOOP_A" 0 3)" "$(region_md5 "$LOOP_B" 0 3)"
check "show reports ko-count 1" bash -c "rds_a show r0 | grep -Eq '^[[:space:]]+ko-count[[:space:]]+1;'"
ktap_finish
