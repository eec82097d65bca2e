#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Initial full sync, protocol C replication, the Secondary's refusals and
# a Primary/Secondary swap, between two namespaces (topology in rdlib.sh).
. "$(dirname "$0")/rdlib.sh"

ktap_plan 12
rd_nodes || skip_all "cannot set up the two nodes"
check "both nodes up and connecting" rd_up --protocol=C
check "both nodes Connected" wait_for 60 bash -c "[[ \$(ip netns exec $A halo-rdsetup cstate r0) == Connected && \$(ip netns exec $B halo-rdsetup cstate r0) == Connected ]]"
expect_eq "fresh disks are Inconsistent/Inconsistent" Inconsistent/Inconsistent "$(rds_a dstate r0)"
check "a: primary --force" rds_a primary 0 --force
check "full sync finishes: b is UpToDate" wait_for 120 dstate_is b UpToDate/UpToDate
size=$(rd_size)
expect_eq "both backing devices hold the same data after the full sync" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of "$LOOP_B" "$size")"

head -c $((4 << 20)) /dev/urandom >/tmp/hrd-$$-data
on_exit rm -f /tmp/hrd-$$-data
dd if=/tmp/hrd-$$-data of=/dev/halo0 bs=1M oflag=direct seek=3 status=none
expect_eq "4 MiB written on a with protocol C are on b's disk" \
	"$(md5sum </tmp/hrd-$$-data | cut -d' ' -f1)" \
	"$(dd if="$LOOP_B" bs=1M skip=3 count=4 iflag=direct status=none | md5sum | cut -d' ' -f1)"
check "b (Secondary) refuses an open for writing" \
	bash -c "! dd if=/dev/zero of=/dev/halo1 bs=4k count=1 oflag=direct status=none 2>/dev/null"
out=$(rds_b primary 1 2>&1)
check "b cannot be promoted while a is Primary" \
	bash -c "[[ '$out' == *'Multiple primaries not allowed'* ]]"
check "swap: a secondary, b primary" bash -c "ip netns exec $A halo-rdsetup secondary 0 && ip netns exec $B halo-rdsetup primary 1"
expect_eq "b's /dev/halo1 shows the data written on a" \
	"$(md5_of "$LOOP_A" "$size")" "$(md5_of /dev/halo1 "$size")"
ktap_finish
