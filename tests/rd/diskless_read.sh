#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reads while Diskless: Primary a detaches its disk while Connected. Its
# reads travel to b (READ_REQ/READ_REPLY on the data socket) and its writes
# go to b only; with the link gone a read fails with EIO at once; demoted,
# Diskless and alone it cannot be promoted; it reconnects Diskless, is
# promoted again (Connected to an UpToDate peer) and reads; its old disk,
# attached again, receives only the blocks written while it was away
# (topology in rdlib.sh).
# timeout=300
. "$(dirname "$0")/rdlib.sh"

ktap_plan 18
rd_nodes || skip_all "cannot set up the two nodes"
check "initial full sync" rd_initial_sync --protocol=C
size=$(rd_size)
d1=/tmp/hrd-$$-d1 d2=/tmp/hrd-$$-d2
on_exit rm -f "$d1" "$d2"
export LOOP_A
head -c 8M /dev/urandom >"$d1"
head -c 1M /dev/urandom >"$d2"
dd if="$d1" of=/dev/halo0 bs=64k oflag=direct status=none
check "a (Primary, Connected) detaches its disk" rds_a detach 0
check "a is Diskless, b UpToDate; b sees it" wait_for 30 bash -c \
	"dstate_is a Diskless/UpToDate && dstate_is b UpToDate/Diskless"
expect_eq "a's device keeps its size" "$size" "$(rd_size)"
check "a writes 1 MiB at 8 MiB while Diskless" \
	dd if="$d2" of=/dev/halo0 bs=64k seek=128 oflag=direct status=none
want=$( (cat "$d1" "$d2"; head -c $((size - (9 << 20))) /dev/zero) | md5sum | cut -d' ' -f1)
dr0=$(rd_counter b dr) nr0=$(rd_counter a nr)
got=$(dd if=/dev/halo0 bs=128k iflag=direct status=none | md5sum | cut -d' ' -f1)
expect_eq "O_DIRECT read of all of a's device equals what was written" "$want" "$got"
dr1=$(rd_counter b dr) nr1=$(rd_counter a nr)
diag "b read $((dr1 - dr0)) KiB from its disk, a received $((nr1 - nr0)) KiB, device $((size >> 10)) KiB"
expect_eq "b read the whole device from its disk for a (dr)" $((size >> 10)) $((dr1 - dr0))
expect_eq "a received it over the network (nr)" $((size >> 10)) $((nr1 - nr0))
check "b disconnects; a waits for it" bash -c \
	"rds_b disconnect r0 && wait_for 30 cstate_is a WFConnection"
err=$(timeout 20 dd if=/dev/halo0 of=/dev/null bs=4k count=1 iflag=direct 2>&1)
rc=$?
secs=$(sed -n 's/.* copied, \([0-9.]*\) s.*/\1/p' <<<"$err")
diag "dd: $(tr '\n' ' ' <<<"$err")(exit $rc)"
check "without the peer a read fails with EIO, in under 2 s (dd's time)" bash -c \
	"[[ $rc == 1 && '$err' == *'Input/output error'* ]] && awk 'BEGIN { exit !(${secs:-99} < 2) }'"
check "a demoted, Diskless and alone" rds_a secondary 0
out=$(rds_a primary 0 2>&1)
check "... cannot be promoted: exit 1, Need access to UpToDate data" \
	bash -c "[[ $? == 1 && '$out' == *'Need access to UpToDate data'* ]]"
check "b reconnects; a Diskless Connected is promoted" bash -c '
	rd_connect_b && wait_for 60 bash -c "cstate_is a Connected && dstate_is a Diskless/UpToDate" &&
	rds_a primary 0 && [[ $(rds_a role 0) == Primary/Secondary ]]'
check "... and serves reads again" bash -c '
	[[ $(dd if=/dev/halo0 bs=1M count=1 skip=8 iflag=direct status=none | md5sum) == \
	   $(md5sum <'"$d2"') ]]'
rs0=$(rd_counter a rs-recv)
check "a: secondary, disconnect, attach the old disk, connect" bash -c \
	'rds_a secondary 0 && rds_a disconnect r0 && rds_a attach 0 "$LOOP_A" internal && rd_connect_a'
check "resync from b finishes" wait_for 120 rd_synced
expect_eq "only the 1024 KiB written while Diskless were resynced" 1024 \
	$(($(rd_counter a rs-recv) - rs0))
expect_eq "both backing devices hold the same data" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"
ktap_finish
