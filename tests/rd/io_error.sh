#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# on-io-error detach: node a's backing device starts failing under a write
# load; a detaches it (Diskless) and the writes complete through b. Then a
# gets a good disk back and resyncs from b.
#
#   ns A: /dev/halo0 -> dm "hrd-a-PID" (linear, then error) -> loop a
#   ns B: /dev/halo1 -> loop b            (rest of the topology in rdlib.sh)
# timeout=500
. "$(dirname "$0")/rdlib.sh"

ktap_plan 12
rd_nodes || skip_all "cannot set up the two nodes"
dm=hrd-a-$$
sect=$(blockdev --getsz "$LOOP_A")
rd_dm_linear DM "$dm" "$LOOP_A" || skip_all "no device-mapper device over $LOOP_A"
export DM LOOP_B
export -f rd_counter
table() { dmsetup suspend "$dm" && dmsetup load "$dm" --table "$1" && dmsetup resume "$dm"; }

check "up, a attached with --on-io-error=detach" bash -c '
	rds_a new-resource r0 && rds_a new-minor r0 0 0 &&
	rds_a attach 0 "$DM" internal --on-io-error=detach &&
	rds_b new-resource r0 && rds_b new-minor r0 1 0 &&
	rds_b attach 1 "$LOOP_B" internal &&
	rd_connect_a --protocol=C && rd_connect_b --protocol=C &&
	wait_for 60 bash -c "cstate_is a Connected && cstate_is b Connected" &&
	rds_a primary 0 --force && wait_for 180 rd_synced'
events=/tmp/hrd-$$-events data=/tmp/hrd-$$-data
on_exit rm -f "$events" "$data"
timeout 300 ip netns exec "$A" halo-rdsetup events r0 >"$events" &
head -c 12M /dev/urandom >"$data"
# The first half is written before the disk fails. The second half is
# started while a's device is suspended, so its writes are queued there and
# must meet the error table, however slow or fast the host is.
half=96	# 64 KiB blocks: 6 MiB
dd if="$data" of=/dev/halo0 bs=64k count=$half oflag=direct status=none
check "the first 6 MiB reach b" wait_for 60 bash -c '(( $(rd_counter b nr) >= 6144 ))'
dmsetup suspend "$dm"
dd if="$data" of=/dev/halo0 bs=64k skip=$half seek=$half oflag=direct status=none &
ddpid=$!
sleep 1
running=no
kill -0 $ddpid 2>/dev/null && running=yes
check "a's backing device fails (dm error table)" \
	bash -c "dmsetup load $dm --table '0 $sect error' && dmsetup resume $dm"
expect_eq "the load was still running when the disk failed" yes $running
wait $ddpid
expect_eq "every write of the load completes" 0 $?
check "a is Diskless, b UpToDate" wait_for 60 dstate_is a Diskless/UpToDate
check "the event stream reports a's disk Diskless" wait_for 10 grep -q " disk:Diskless" "$events"
expect_eq "b's disk holds all 12 MiB written" "$(md5sum <"$data" | cut -d' ' -f1)" \
	"$(md5_of "$LOOP_B" $((12 << 20)))"
check "a: secondary, disconnect, detach the failed disk" bash -c \
	"rds_a secondary 0 && rds_a disconnect r0 && rds_a detach 0"
check "a attaches the good disk again and connects" bash -c \
	"$(declare -f table); dm=$dm; table '0 $sect linear $LOOP_A 0' &&
	 rds_a attach 0 \"\$DM\" internal --on-io-error=detach && rd_connect_a --protocol=C"
check "resync from b finishes" wait_for 180 rd_synced
diag "resynced to a: $(rd_counter a rs-recv) KiB"
size=$(rd_size)
expect_eq "both backing devices hold the same data" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"
ktap_finish
