#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout=600
# Replication under a bad network: netem delay with jitter, loss,
# reordering and duplication on both ends of the replication link while the
# Primary writes known data (6 MiB, O_DIRECT). After each fault the write
# load has completed, the pair is (again) Connected UpToDate/UpToDate by
# itself, a's disk holds the data and both backing devices compare equal.
# Protocol C, then one mixed fault under protocol A (topology in
# faultlib.sh).
. "$(dirname "$0")/faultlib.sh"

CASES=(
	"delay 50ms+-20ms|delay 50ms 20ms"
	"loss 5%|loss 5%"
	"reordering 25%|delay 10ms reorder 25% 50%"
	"duplication 10%|duplicate 10%"
)
ktap_plan $((1 + 4 * ${#CASES[@]} + 6))
rd_nodes || skip_all "cannot set up the two nodes"
check "initial full sync (protocol C)" rd_initial_sync --protocol=C "${PING_OPTS[@]}"
SIZE=$(rd_size)
synced_equal() { rd_synced && disks_equal; }
events=/tmp/hrd-$$-events
on_exit rm -f "$events"
# The watcher lives as long as the test may (its timeout line above); the
# test's exit stops it.
timeout 900 ip netns exec "$A" halo-rdsetup events r0 >"$events" &
on_exit kill $!

# fault_case NAME OFFSET_MB NETEM-ARGS...: one fault during 6 MiB of writes.
fault_case() {
	local name=$1 off=$2 pat=/tmp/hrd-$$-pat-$2 rs0 t0
	shift 2
	pattern "$pat" 6
	rs0=$(rd_counter a rs-sent)
	netem_set "$@" || diag "tc netem $* failed"
	t0=$SECONDS
	check "$name: 6 MiB of O_DIRECT writes complete" \
		timeout 120 dd if="$pat" of=/dev/halo0 bs=256k seek=$((off * 4)) \
		oflag=direct status=none
	diag "$name: the writes took $((SECONDS - t0)) s, a is $(rds_a cstate r0)"
	netem_clear
	check "$name: Connected, UpToDate/UpToDate" wait_for 60 rd_synced
	diag "$name: resynced $(($(rd_counter a rs-sent) - rs0)) KiB"
	expect_eq "$name: a's disk holds the data" "$(file_md5 "$pat")" \
		"$(region_md5 "$LOOP_A" "$off" 6)"
	check "$name: both backing devices are equal" disks_equal
}

off=0
for c in "${CASES[@]}"; do
	IFS=' ' read -ra args <<<"${c#*|}"
	fault_case "${c%%|*}" $off "${args[@]}"
	off=$((off + 6))
done
transitions=$(grep -c 'conn:' "$events")
lost=$(grep -v 'conn:Connected ' "$events" | grep -c 'conn:')
diag "protocol C: $lost of $transitions state events left Connected"
expect_eq "protocol C: the connection never dropped under these faults" 0 "$lost"

# Protocol A: a write completes once handed to the send buffer, so the
# peer's disk may lag behind; the comparison waits for it.
check "reconnect with protocol A" bash -c "rds_a disconnect r0 && rds_b disconnect r0 &&
	rd_connect_a --protocol=A ${PING_OPTS[*]} && rd_connect_b --protocol=A ${PING_OPTS[*]}"
check "the event stream saw the reconnect (it would have seen a drop)" \
	wait_for 30 grep -q 'conn:WFConnection' "$events"
check "protocol A: Connected, UpToDate/UpToDate" wait_for 60 rd_synced
pat=/tmp/hrd-$$-pat-a
pattern "$pat" 6
netem_set delay 30ms 10ms loss 2% duplicate 2%
check "protocol A, delay+loss+duplication: 6 MiB of writes complete" \
	timeout 120 dd if="$pat" of=/dev/halo0 bs=256k seek=96 oflag=direct status=none
netem_clear
check "protocol A: Connected, UpToDate/UpToDate, disks equal" \
	wait_for 60 synced_equal
ktap_finish
