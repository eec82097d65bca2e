#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Split brain: both nodes write while disconnected; on reconnect both stop
# StandAlone instead of resolving silently; connect --discard-my-data on
# the victim resolves it and the victim ends with the survivor's data.
# Then the metadata survives a module reload (topology in rdlib.sh).
# timeout=500
. "$(dirname "$0")/rdlib.sh"

ktap_plan 10
rd_nodes || skip_all "cannot set up the two nodes"
check "initial full sync" rd_initial_sync --protocol=C
size=$(rd_size)
rds_a disconnect r0; rds_b disconnect r0
check "b promoted while disconnected" rds_b primary 1
dd if=/dev/urandom of=/dev/halo0 bs=64k count=4 seek=10 oflag=direct status=none
dd if=/dev/urandom of=/dev/halo1 bs=64k count=4 seek=100 oflag=direct status=none
rds_b secondary 1
rd_connect_a; rd_connect_b
check "split brain: both nodes StandAlone" wait_for 60 bash -c "cstate_is a StandAlone && cstate_is b StandAlone"
check "the kernel reports the split brain" bash -c "dmesg | grep -q 'Split-Brain detected but unresolved'"
expect_neq() { [[ $1 != "$2" ]]; }
check "the data differs" expect_neq "$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"
check "b: connect --discard-my-data, a: connect" bash -c "rd_connect_b --discard-my-data && rd_connect_a"
check "resolved: resync finishes" wait_for 120 rd_synced
expect_eq "b now holds a's data" "$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"

gi_a=$(rds_a show-gi r0 | cut -d: -f1-4)
rds_a down r0; rds_b down r0
check "module reload" bash -c "modprobe -r halo_rd && modprobe halo_rd"
rds_a new-resource r0 && rds_a new-minor r0 0 0 && rds_a attach 0 "$LOOP_A" internal
expect_eq "a's generation identifiers survive the reload" "$gi_a" "$(rds_a show-gi r0 | cut -d: -f1-4)"
rds_b new-resource r0 && rds_b new-minor r0 1 0 && rds_b attach 1 "$LOOP_B" internal
rd_connect_a; rd_connect_b
check "reconnect after reload: in sync without a resync" bash -c "wait_for 60 rd_synced && [[ \$(ip netns exec $A halo-rdsetup status r0 --verbose | grep -o 'rs-sent:[0-9]*') == rs-sent:0 ]]"
ktap_finish
