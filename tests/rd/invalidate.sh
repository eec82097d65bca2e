#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# invalidate on the Secondary forces a full resync from the Primary, which
# also repairs a block changed behind halo's back on the Secondary's disk;
# the connection threads are visible in ps and state changes reach the
# event stream (topology in rdlib.sh).
# timeout=400
. "$(dirname "$0")/rdlib.sh"

ktap_plan 8
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
rs0=$(rd_counter b rs-recv)
check "b: invalidate" rds_b invalidate 1
check "full resync finishes" wait_for 180 rd_synced
rs1=$(rd_counter b rs-recv)
expect_eq "the whole device was resynced" $((size / 1024)) $((rs1 - rs0))
expect_eq "both backing devices hold the same data" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"
ktap_finish
