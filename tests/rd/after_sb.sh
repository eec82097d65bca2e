#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After-split-brain policies (net options after-sb-0pri/1pri/2pri): a split
# brain made by disconnecting and writing on both sides resolves itself by
# the policy both nodes were given: discard-zero-changes overwrites the node
# that wrote nothing, discard-least-changes the node that wrote less (and
# resyncs only the union of both bitmaps); different policies on the two
# nodes are refused; the default (disconnect) leaves both StandAlone;
# with one Primary, discard-secondary overwrites the Secondary
# (topology in rdlib.sh).
# timeout=400
. "$(dirname "$0")/rdlib.sh"

ktap_plan 17
rd_nodes || skip_all "cannot set up the two nodes"
zero=(--after-sb-0pri=discard-zero-changes)
least=(--after-sb-0pri=discard-least-changes)
check "initial full sync" rd_initial_sync "${zero[@]}"
size=$(rd_size)
both_standalone() { cstate_is a StandAlone && cstate_is b StandAlone; }
export -f both_standalone
# wr DEV FIRST-BLOCK COUNT: COUNT random 4 KiB blocks
wr() { dd if=/dev/urandom of="$1" bs=4k seek="$2" count="$3" oflag=direct status=none; }

# 1. discard-zero-changes: a (Primary at the split) writes, b is promoted
# but writes nothing; on reconnect b is overwritten without anyone asking.
rds_a disconnect r0; rds_b disconnect r0
wr /dev/halo0 100 8
rds_b primary 1 && rds_b secondary 1 && rds_a secondary 0
sum_a=$(md5_of "$LOOP_A" "$size")
rd_connect_a "${zero[@]}"; rd_connect_b "${zero[@]}"
check "discard-zero-changes: resolved by itself, resync finishes" wait_for 120 rd_synced
expect_eq "discard-zero-changes: b holds a's data" "$sum_a" "$(md5_of "$LOOP_B" "$size")"
expect_eq "discard-zero-changes: a's data is unchanged" "$sum_a" "$(md5_of "$LOOP_A" "$size")"
check "the kernel names the policy and the side discarded" bash -c \
	"dmesg | grep -q 'automatically solved by after-sb-0pri discard-zero-changes. Sync from peer node' &&
	 dmesg | grep -q 'automatically solved by after-sb-0pri discard-zero-changes. Sync from this node'"

# 2. discard-least-changes: a writes 4 blocks, b (promoted after the
# split) 16 others; a has fewer changes and gets b's data, and only the
# union of both bitmaps (20 blocks, 80 KiB) travels.
rds_a disconnect r0; rds_b disconnect r0
rds_a primary 0 && wr /dev/halo0 300 4 && rds_a secondary 0
rds_b primary 1 && wr /dev/halo1 600 16 && rds_b secondary 1
sum_b=$(md5_of "$LOOP_B" "$size")
rs0=$(rd_counter b rs-sent)
rd_connect_a "${least[@]}"; rd_connect_b "${least[@]}"
check "discard-least-changes: resolved by itself, resync finishes" wait_for 120 rd_synced
expect_eq "discard-least-changes: a (4 blocks) now holds b's (16 blocks) data" \
	"$sum_b" "$(md5_of "$LOOP_A" "$size")"
expect_eq "discard-least-changes: b's data is unchanged" "$sum_b" "$(md5_of "$LOOP_B" "$size")"
expect_eq "only the union of both bitmaps was resynced (80 KiB)" 80 \
	$(($(rd_counter b rs-sent) - rs0))

# 3. Different policies on the two nodes: refused, both StandAlone.
rds_a disconnect r0; rds_b disconnect r0
rds_a primary 0 && wr /dev/halo0 40 2 && rds_a secondary 0
rds_b primary 1 && wr /dev/halo1 50 2 && rds_b secondary 1
rd_connect_a "${zero[@]}"; rd_connect_b
check "policies differ: both StandAlone" wait_for 60 both_standalone
check "the kernel says why" bash -c "dmesg | grep -q 'incompatible after-sb-0pri settings (mine disconnect, peer discard-zero-changes)'"

# 4. The default, disconnect: the split brain stays, reported.
n0=$(dmesg | grep -c 'Split-Brain detected but unresolved')
export n0
rd_connect_a; rd_connect_b
check "after-sb-0pri disconnect: both StandAlone" wait_for 60 both_standalone
check "split brain reported, not resolved" bash -c \
	"(( \$(dmesg | grep -c 'Split-Brain detected but unresolved') >= n0 + 2 ))"
expect_neq() { [[ $1 != "$2" ]]; }
check "the data still differs" expect_neq "$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"

# 5. One Primary, after-sb-1pri discard-secondary: b, promoted, keeps its
# data; a, the Secondary, is overwritten although both wrote.
one=(--after-sb-0pri=disconnect --after-sb-1pri=discard-secondary)
rds_b primary 1
sum_b=$(md5_of "$LOOP_B" "$size")
rd_connect_a "${one[@]}"; rd_connect_b "${one[@]}"
check "discard-secondary: resolved, resync finishes" wait_for 120 rd_synced
expect_eq "discard-secondary: the Secondary a holds the Primary b's data" \
	"$sum_b" "$(md5_of "$LOOP_A" "$size")"
check "the kernel names after-sb-1pri discard-secondary" bash -c \
	"dmesg | grep -q '1 primaries, automatically solved by after-sb-1pri discard-secondary. Sync from this node'"
ktap_finish
