#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout=600
# Partitions of the replication link while the Primary writes 64 KiB
# chunks of known data one at a time (protocol C, peer declared dead after
# a PingAck 20 s late):
#  - short: 100% loss on a's end for 3 s; the connection holds (no state
#    change at all), the writer resumes, nothing to resync, disks equal;
#  - long: a's end of the link down until a declares b dead; a stays
#    Primary and goes on writing in WFConnection, its bitmap marks exactly
#    the chunks written since the link went down; after the link returns
#    the pair reconnects by itself, resyncs exactly the marked KiB and the
#    disks compare equal.
# Topology in faultlib.sh.
. "$(dirname "$0")/faultlib.sh"

ktap_plan 18
rd_nodes || skip_all "cannot set up the two nodes"
check "initial full sync (protocol C)" rd_initial_sync --protocol=C "${PING_OPTS[@]}"
SIZE=$(rd_size)
events=/tmp/hrd-$$-events stop=/tmp/hrd-$$-stop
on_exit rm -f "$events" "$stop" /tmp/hrd-$$-log1 /tmp/hrd-$$-log2
# The watcher lives as long as the test may (its timeout line above); the
# test's exit stops it.
timeout 900 ip netns exec "$A" halo-rdsetup events r0 >"$events" &
on_exit kill $!
rs0=$(rd_counter a rs-sent)

# Short partition: the first 8 MiB of the device.
pat=/tmp/hrd-$$-pat1 log=/tmp/hrd-$$-log1
pattern "$pat" 8
writer "$pat" 0 "$log" "$stop" &
wpid=$!
on_exit kill $wpid
wait_for 60 acked_at_least "$log" 4
n0=$(acked "$log")
t0=$(date +%s.%N)
tc -n "$A" qdisc replace dev "$VETH_A" root netem loss 100%
sleep 3 # the partition itself
tc -n "$A" qdisc del dev "$VETH_A" root
t_short=$(echo "$(date +%s.%N) - $t0" | bc)
diag "short partition: the link was cut for at most $t_short s"
check "short partition: the writer resumes" wait_for 60 acked_at_least "$log" $((n0 + 8))
touch "$stop"
check "short partition: the writer ends without error" wait $wpid
rm -f "$stop"
diag "short partition: $(acked "$log") chunks written, $n0 before the partition"
expect_eq "short partition: no connection state change at all" "" \
	"$(grep 'conn:' "$events")"
check "short partition: Connected, UpToDate/UpToDate" rd_synced
expect_eq "short partition: nothing out of sync" 0 "$(rd_counter a oos)"
expect_eq "short partition: nothing resynced" 0 $(($(rd_counter a rs-sent) - rs0))
check "short partition: both backing devices are equal" disks_equal

# Long partition: 16 MiB from 8 MiB on.
pat=/tmp/hrd-$$-pat2 log=/tmp/hrd-$$-log2
pattern "$pat" 16
writer "$pat" $((8 << 20 >> 16)) "$log" "$stop" &
wpid=$!
on_exit kill $wpid
wait_for 60 acked_at_least "$log" 4
n0=$(acked "$log")
link_down
t0=$SECONDS
check "long partition: a declares b dead and waits for it" \
	wait_for 60 cstate_is a WFConnection
t_dead=$((SECONDS - t0))
n1=$(acked "$log")
expect_eq "long partition: a stays Primary" Primary/Unknown "$(rds_a role r0)"
expect_eq "long partition: a's disk stays UpToDate" UpToDate/DUnknown "$(rds_a dstate r0)"
check "long partition: the Primary goes on writing" \
	wait_for 60 acked_at_least "$log" $((n1 + 16))
touch "$stop"
check "long partition: the writer ends without error" wait $wpid
n2=$(acked "$log")
oos=$(rd_counter a oos)
diag "long partition: peer declared dead after $t_dead s; chunks acked: $n0 before, $n1 at WFConnection, $n2 at the end; a's bitmap: $oos KiB"
check "long partition: a's bitmap marks the chunks written since the link went down" \
	test "$oos" -ge $(((n2 - n0 - 1) * CHUNK_KB)) -a "$oos" -le $(((n2 - n0) * CHUNK_KB))
rs1=$(rd_counter a rs-sent)
link_up
t0=$SECONDS
check "long partition: reconnects and resyncs by itself" wait_for 120 rd_synced
diag "long partition: Connected UpToDate/UpToDate $((SECONDS - t0)) s after the link came back"
expect_eq "long partition: the resync moved exactly the marked KiB" \
	"$oos" $(($(rd_counter a rs-sent) - rs1))
check "long partition: both backing devices are equal" disks_equal
expect_eq "long partition: b's disk holds every chunk a wrote" \
	"$(head -c $((n2 * CHUNK_KB * 1024)) "$pat" | md5sum | cut -d' ' -f1)" \
	"$(dd if="$LOOP_B" bs=${CHUNK_KB}k skip=128 count="$n2" iflag=direct status=none |
		md5sum | cut -d' ' -f1)"
ktap_finish
