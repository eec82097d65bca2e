#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Checksum-based resync (net option csums-alg): both disks equal but for
# 8 scattered blocks changed behind halo's back; invalidate on b (a full
# resync) sends data only for those blocks with csums-alg crc32c, and the
# whole device without it. Both nodes must name the same hash; an unknown
# one is refused (topology in rdlib.sh).
# timeout=400
. "$(dirname "$0")/rdlib.sh"

ktap_plan 12
rd_nodes || skip_all "cannot set up the two nodes"
csum=(--csums-alg=crc32c)
check "initial full sync with csums-alg crc32c" rd_initial_sync "${csum[@]}"
size=$(rd_size)
kib=$((size / 1024))
# 8 scattered blocks of b's backing device changed behind halo's back
scatter() {
	for blk in 10 500 1000 1500 2000 2500 3000 3500; do
		dd if=/dev/urandom of="$LOOP_B" bs=4k count=1 seek=$blk \
			oflag=direct status=none
	done
}
# full_resync: invalidate on b; KiB of resync data a sent and skipped
full_resync() {
	local s0 q0
	s0=$(rd_counter a rs-sent) q0=$(rd_counter a rs-same)
	rds_b invalidate 1 && wait_for 180 rd_synced || return 1
	sent=$(($(rd_counter a rs-sent) - s0))
	same=$(($(rd_counter a rs-same) - q0))
}

scatter
check "crc32c: invalidate, full resync finishes" full_resync
diag "csums-alg crc32c: $sent KiB sent, $same KiB found equal, device $kib KiB"
expect_eq "crc32c: data sent only for the 8 changed blocks" 32 "$sent"
expect_eq "crc32c: the rest was found equal" $((kib - 32)) "$same"
expect_eq "crc32c: both disks hold the same data" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"

rds_a disconnect r0; rds_b disconnect r0
rd_connect_a; rd_connect_b
check "without csums-alg: connected" wait_for 60 rd_synced
scatter
check "without csums-alg: invalidate, full resync finishes" full_resync
diag "without csums-alg: $sent KiB sent, $same KiB found equal"
expect_eq "without csums-alg: the whole device was sent" "$kib" "$sent"
expect_eq "without csums-alg: both disks hold the same data" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"

rds_a disconnect r0; rds_b disconnect r0
out=$(rd_connect_a --csums-alg=nosuch-hash 2>&1)
refused() { [[ $out == *'csums-alg: the kernel has no such hash'* ]] && cstate_is a StandAlone; }
check "an unknown hash is refused with the kernel's reason" refused
rd_connect_a --csums-alg=md5; rd_connect_b "${csum[@]}"
check "different hashes on the two nodes: both StandAlone" \
	wait_for 60 bash -c "cstate_is a StandAlone && cstate_is b StandAlone"
check "the kernel says why" bash -c \
	"dmesg | grep -q \"incompatible csums-alg (mine 'md5', peer 'crc32c')\""
ktap_finish
