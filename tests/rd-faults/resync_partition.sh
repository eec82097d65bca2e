#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout=600
# A partition in the middle of a resync: b disconnects, a writes 8 MiB of
# known data, the link is slowed to 8 Mbit/s (netem rate) and b reconnects;
# once part of the resync has moved, a's end of the link goes down until a
# has dropped the connection, then comes back. The pair reconnects by
# itself, the resync completes (moving only what the first one had not),
# both disks compare equal and b holds the data (protocol C; topology in
# faultlib.sh).
. "$(dirname "$0")/faultlib.sh"

ktap_plan 12
rd_nodes || skip_all "cannot set up the two nodes"
check "initial full sync (protocol C)" rd_initial_sync --protocol=C "${PING_OPTS[@]}"
SIZE=$(rd_size)
check "b disconnects; a waits for it" \
	bash -c "rds_b disconnect r0 && wait_for 60 cstate_is a WFConnection"
pat=/tmp/hrd-$$-pat
pattern "$pat" 8
dd if="$pat" of=/dev/halo0 bs=1M seek=4 oflag=direct status=none
expect_eq "a's bitmap marks the 8 MiB written" 8192 "$(rd_counter a oos)"
rs0=$(rd_counter a rs-sent)
netem_set rate 8mbit
rd_connect_b --protocol=C "${PING_OPTS[@]}"
check "the resync starts (a SyncSource)" wait_for 60 cstate_is a SyncSource
# rs_moved KIB: at least KIB resynced since the reconnect
rs_moved() { (($(rd_counter a rs-sent) - rs0 >= $1)); }
check "the resync moves data" wait_for 60 rs_moved 1024
link_down
check "a drops the connection in the middle of the resync" \
	wait_for 60 cstate_is a WFConnection
rs_mid=$(($(rd_counter a rs-sent) - rs0))
oos_mid=$(rd_counter a oos)
diag "partition after $rs_mid KiB of 8192 KiB resynced; a's bitmap: $oos_mid KiB"
check "part of the bitmap is left to resync" test "$oos_mid" -gt 0 -a "$oos_mid" -lt 8192
expect_eq "b's disk is Inconsistent" Inconsistent/DUnknown "$(rds_b dstate r0)"
link_up
t0=$SECONDS
check "the pair reconnects and the resync completes by itself" wait_for 180 rd_synced
diag "Connected UpToDate/UpToDate $((SECONDS - t0)) s after the link came back"
rs_all=$(($(rd_counter a rs-sent) - rs0))
diag "resynced in all: $rs_all KiB ($rs_mid before the partition, $((rs_all - rs_mid)) after)"
expect_eq "the two resyncs together moved the 8192 KiB written" 8192 "$rs_all"
netem_clear
check "both backing devices are equal" disks_equal
expect_eq "b's disk holds the 8 MiB written" "$(file_md5 "$pat")" \
	"$(region_md5 "$LOOP_B" 4 8)"
ktap_finish
