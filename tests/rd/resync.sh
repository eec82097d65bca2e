#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bitmap-based resync: after a disconnect, only the blocks written on the
# Primary meanwhile travel; the Secondary ends with identical data
# (topology in rdlib.sh).
# timeout=400
. "$(dirname "$0")/rdlib.sh"

ktap_plan 8
rd_nodes || skip_all "cannot set up the two nodes"
check "initial full sync" rd_initial_sync --protocol=C
size=$(rd_size)
rs0=$(rd_counter a rs-sent)
check "b disconnects; a waits for it" bash -c "rds_b disconnect r0 && wait_for 30 cstate_is a WFConnection"
# 64 distinct 4 KiB blocks spread over the device
blocks=$(shuf -n 64 -i 0-$((size / 4096 - 1)))
for blk in $blocks; do
	dd if=/dev/urandom of=/dev/halo0 bs=4k count=1 seek="$blk" oflag=direct status=none
done
expect_eq "a's bitmap marks exactly the 256 KiB written" 256 "$(rd_counter a oos)"
check "b reconnects" rd_connect_b --protocol=C
check "resync finishes" wait_for 120 rd_synced
rs1=$(rd_counter a rs-sent)
expect_eq "resync moved 256 KiB, not the device size" 256 $((rs1 - rs0))
expect_eq "a's bitmap is clean again" 0 "$(rd_counter a oos)"
expect_eq "both backing devices hold the same data" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"
ktap_finish
