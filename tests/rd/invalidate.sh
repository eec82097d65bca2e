#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Online verify finds a block changed behind halo's back on the
# Secondary's disk, and disconnect/connect resyncs just that block;
# invalidate on the Secondary forces a full resync from the Primary;
# the connection threads are visible in ps and state changes reach the
# event stream (topology in rdlib.sh).
# timeout=400
. "$(dirname "$0")/rdlib.sh"

ktap_plan 14
rd_nodes || skip_all "cannot set up the two nodes"
events=/tmp/hrd-$$-events
on_exit rm -f "$events"
timeout 300 ip netns exec "$A" halo-rdsetup events r0 >"$events" &
check "initial full sync" rd_initial_sync --protocol=C
check "events: a's promotion was reported" grep -q "role:Primary .*conn:SyncSource" "$events"
for t in hrd_w_r0 hrd_r_r0 hrd_as_r0 hrd_ar_r0; do
	[[ $(pgrep -xc "$t") == 2 ]] || break
done
expect_eq "worker, receiver, ack sender, ack receiver threads of both nodes in ps" hrd_ar_r0 "$t"
size=$(rd_size)
# Change a block behind halo's back on b's backing device.
dd if=/dev/urandom of="$LOOP_B" bs=4k count=1 seek=100 oflag=direct status=none
check "the data differs" bash -c "[[ \$(md5_of $LOOP_A $size) != \$(md5_of $LOOP_B $size) ]]"
check "a: verify" rds_a verify 0
check "verify finishes" wait_for 180 bash -c "cstate_is a Connected && cstate_is b Connected"
expect_eq "verify marks exactly the changed 4 KiB" 4 "$(rd_counter a oos)"
check "the kernel names the block" bash -c "dmesg | grep -q 'Out of sync: start=800, size=8'"
rds_a disconnect r0; rds_b disconnect r0
rd_connect_a; rd_connect_b
check "disconnect/connect resyncs it" wait_for 60 bash -c "rd_synced && [[ \$(ip netns exec $A halo-rdsetup status r0 --verbose | grep -o ' oos:[0-9]*') == ' oos:0' ]]"
expect_eq "both backing devices hold the same data again" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"
dd if=/dev/urandom of="$LOOP_B" bs=4k count=1 seek=200 oflag=direct status=none
rs0=$(rd_counter b rs-recv)
check "b: invalidate" rds_b invalidate 1
check "full resync finishes" wait_for 180 rd_synced
rs1=$(rd_counter b rs-recv)
expect_eq "the whole device was resynced" $((size / 1024)) $((rs1 - rs0))
expect_eq "both backing devices hold the same data" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"
ktap_finish
