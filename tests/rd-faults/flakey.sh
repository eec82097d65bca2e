#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout=500
# A flaky backing disk (dm-flakey: 1 s working, 1 s failing every I/O)
# under either node during a write load, with on-io-error detach:
#  - under the Secondary (b): b detaches its disk, the Primary goes on
#    writing (its peer Diskless) and marks what b misses; b gets a good disk
#    back, attaches it and resyncs only what it missed; disks equal;
#  - under the Primary (a): a detaches, its writes go on through b; a gets
#    a good disk back and resyncs from b; disks equal.
#
#   ns A: /dev/halo0 -> dm "hrd-fa-PID" -> loop a
#   ns B: /dev/halo1 -> dm "hrd-fb-PID" -> loop b   (the rest: faultlib.sh)
. "$(dirname "$0")/faultlib.sh"

ktap_plan 21
rd_nodes || skip_all "cannot set up the two nodes"
modprobe dm-flakey 2>/dev/null
sect=$(blockdev --getsz "$LOOP_A")
for n in a b; do
	loop=LOOP_${n^^}
	rd_dm_linear "DM_${n^^}" "hrd-f$n-$$" "${!loop}" ||
		skip_all "no device-mapper device over ${!loop}"
done
export DM_A DM_B
export -f rd_counter
# table NODE linear|flakey: switch the node's dm table.
table() {
	local dm=hrd-f$1-$$ loop=LOOP_${1^^} t
	case $2 in
	linear) t="0 $sect linear ${!loop} 0" ;;
	flakey) t="0 $sect flakey ${!loop} 0 1 1" ;;
	esac
	dmsetup suspend "$dm" && dmsetup load "$dm" --table "$t" && dmsetup resume "$dm"
}
modinfo dm-flakey >/dev/null 2>&1 || skip_all "no dm-flakey in this kernel"

check "up on the dm devices with --on-io-error=detach, initial sync" bash -c '
	rds_a new-resource r0 && rds_a new-minor r0 0 0 &&
	rds_a attach 0 "$DM_A" internal --on-io-error=detach &&
	rds_b new-resource r0 && rds_b new-minor r0 1 0 &&
	rds_b attach 1 "$DM_B" internal --on-io-error=detach &&
	rd_connect_a --protocol=C '"${PING_OPTS[*]}"' && rd_connect_b --protocol=C '"${PING_OPTS[*]}"' &&
	wait_for 60 bash -c "cstate_is a Connected && cstate_is b Connected" &&
	rds_a primary 0 --force && wait_for 180 rd_synced'
SIZE=$(rd_size)
data=/tmp/hrd-$$-data
pattern "$data" 8

# writer_run PAT FIRST_CHUNK NODE: faultlib's writer (64 KiB O_DIRECT
# chunks, one at a time) while NODE's disk turns flaky (1 s working, 1 s
# failing), until NODE is Diskless and 16 more chunks are acknowledged.
writer_run() {
	local pat=$1 first=$2 node=$3 log=/tmp/hrd-$$-log-$3 stop=/tmp/hrd-$$-stop-$3 n
	on_exit rm -f "$log" "$stop"
	writer "$pat" "$first" "$log" "$stop" &
	wpid=$!
	on_exit kill $wpid
	check "$node: the writer is running" wait_for 60 acked_at_least "$log" 4
	check "$node: $node's backing device turns flaky" table "$node" flakey
	if [[ $node == a ]]; then
		check "$node: $node detaches its disk" wait_for 60 dstate_is a Diskless/UpToDate
	else
		check "$node: $node detaches its disk" wait_for 60 dstate_is a UpToDate/Diskless
	fi
	n=$(acked "$log")
	check "$node: the writer goes on" wait_for 60 acked_at_least "$log" $((n + 16))
	touch "$stop"
	check "$node: every write completes" wait $wpid
	table "$node" linear
	written=$(acked "$log")
}

# Under the Secondary: up to 8 MiB from offset 0.
writer_run "$data" 0 b
expect_eq "b: a stays Primary and Connected" "Primary/Secondary Connected" \
	"$(rds_a role r0) $(rds_a cstate r0)"
oos=$(rd_counter a oos)
diag "b: a marks $oos KiB that b missed, of $((written * CHUNK_KB)) KiB written"
check "b: a's bitmap holds what b missed, at most what was written" \
	test "$oos" -gt 0 -a "$oos" -le $((written * CHUNK_KB))
rs0=$(rd_counter a rs-sent)
check "b: b gets a good disk back (disconnect, detach, attach, connect)" bash -c \
	"rds_b disconnect r0 && rds_b detach 1 &&
	 rds_b attach 1 $DM_B internal --on-io-error=detach && rd_connect_b --protocol=C ${PING_OPTS[*]}"
check "b: the resync to b finishes" wait_for 180 rd_synced
rs=$(($(rd_counter a rs-sent) - rs0))
diag "b: resynced $rs KiB to b"
expect_eq "b: the resync moved exactly what a had marked" "$oos" "$rs"
check "b: both backing devices are equal" disks_equal

# Under the Primary: up to 8 MiB from offset 8 MiB.
writer_run "$data" 128 a
expect_eq "a: b holds every chunk a wrote" \
	"$(head -c $((written * CHUNK_KB * 1024)) "$data" | md5sum | cut -d' ' -f1)" \
	"$(dd if="$LOOP_B" bs=${CHUNK_KB}k skip=128 count="$written" iflag=direct status=none |
		md5sum | cut -d' ' -f1)"
check "a: a gets a good disk back (secondary, disconnect, detach, attach, connect)" bash -c \
	"rds_a secondary 0 && rds_a disconnect r0 && rds_a detach 0 &&
	 rds_a attach 0 $DM_A internal --on-io-error=detach && rd_connect_a --protocol=C ${PING_OPTS[*]}"
check "a: the resync from b finishes" wait_for 180 rd_synced
diag "a: resynced $(rd_counter a rs-recv) KiB to a"
check "a: both backing devices are equal" disks_equal
ktap_finish
