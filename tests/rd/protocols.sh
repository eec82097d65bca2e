#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Writes replicate with protocols A (IPv4) and B (IPv6; C: full_sync.sh),
# and nodes with different protocols refuse to connect (topology in
# rdlib.sh).
# timeout=400
. "$(dirname "$0")/rdlib.sh"

ktap_plan 9
rd_nodes || skip_all "cannot set up the two nodes"
check "initial full sync with protocol A" rd_initial_sync --protocol=A
size=$(rd_size)
data=/tmp/hrd-$$-data
on_exit rm -f "$data"
peer_has() { # peer_has SEEK_MIB: b's disk holds $data at that offset
	[[ $(dd if="$LOOP_B" bs=1M skip="$1" count=2 iflag=direct status=none | md5sum) == \
		"$(md5sum <"$data")" ]]
}
for p in A B; do
	if [[ $p == B ]]; then
		rds_a disconnect r0; rds_b disconnect r0
		rds_a connect r0 'ipv6:[fd77::1]:7789' 'ipv6:[fd77::2]:7789' \
			--protocol=B --connect-int=1 --ping-int=2
		rds_b connect r0 'ipv6:[fd77::2]:7789' 'ipv6:[fd77::1]:7789' \
			--protocol=B --connect-int=1 --ping-int=2
		check "reconnected over IPv6 with protocol B" wait_for 60 rd_synced
		check "both sockets run over IPv6" bash -c "[[ \$(ip netns exec $A ss -tnH state established | grep -c '\[fd77::1\]:') == 2 ]]"
	fi
	head -c $((2 << 20)) /dev/urandom >"$data"
	dd if="$data" of=/dev/halo0 bs=256k oflag=direct seek=$((8 * 4)) status=none
	check "protocol $p: 2 MiB written on a reach b's disk" wait_for 30 peer_has 8
	expect_eq "protocol $p: the status shows protocol $p" "protocol:$p" \
		"$(rds_a status r0 --verbose | grep -o 'protocol:.')"
done
rds_a disconnect r0; rds_b disconnect r0
rd_connect_a --protocol=A; rd_connect_b --protocol=C
check "A against C: both end StandAlone" wait_for 60 bash -c "cstate_is a StandAlone && cstate_is b StandAlone"
check "the kernel names the protocol mismatch" bash -c "dmesg | grep -q 'incompatible replication protocol'"
ktap_finish
