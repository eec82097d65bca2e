#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# allow-two-primaries: a second Primary is refused by default; net-options
# on one node allows it on the live connection, and the peer adopts the
# setting (as with DRBD's net-options); both nodes Primary, each write
# reaches the other's disk; disallowing it is refused while both are
# Primary; nodes whose settings differ refuse the handshake.
. "$(dirname "$0")/rdlib.sh"

ktap_plan 15
rd_nodes || skip_all "cannot set up the two nodes"
check "initial sync, a Primary" rd_initial_sync --protocol=C
out=$(rds_b primary 1 2>&1)
check "b cannot be promoted while a is Primary" \
	grep -q 'Multiple primaries not allowed' <<<"$out"
socks=$(ip netns exec "$A" ss -tnH state established | sort)
check "a: net-options --allow-two-primaries" rds_a net-options r0 --allow-two-primaries
check "b adopted it: show says allow-two-primaries yes" wait_for 10 \
	bash -c "rds_b show r0 | grep -qP '^ +allow-two-primaries *\tyes;$'"
check "b: primary" rds_b primary 1
expect_eq "a sees Primary/Primary" Primary/Primary "$(rds_a role r0)"

head -c $((1 << 20)) /dev/urandom >/tmp/hrd-$$-wa
head -c $((1 << 20)) /dev/urandom >/tmp/hrd-$$-wb
on_exit rm -f /tmp/hrd-$$-wa /tmp/hrd-$$-wb
dd if=/tmp/hrd-$$-wa of=/dev/halo0 bs=1M seek=1 oflag=direct status=none
dd if=/tmp/hrd-$$-wb of=/dev/halo1 bs=1M seek=3 oflag=direct status=none
expect_eq "a's write (1 MiB at 1 MiB) is on b's disk" \
	"$(md5sum </tmp/hrd-$$-wa | cut -d' ' -f1)" \
	"$(dd if="$LOOP_B" bs=1M skip=1 count=1 iflag=direct status=none | md5sum | cut -d' ' -f1)"
expect_eq "b's write (1 MiB at 3 MiB) is on a's disk" \
	"$(md5sum </tmp/hrd-$$-wb | cut -d' ' -f1)" \
	"$(dd if="$LOOP_A" bs=1M skip=3 count=1 iflag=direct status=none | md5sum | cut -d' ' -f1)"

out=$(rds_b net-options r0 --allow-two-primaries=no 2>&1)
check "disallowing it while both are Primary is refused, saying why" \
	bash -c "[[ $? != 0 ]] && grep -q 'both nodes are Primary' <<<'$out'"
check "b secondary, then net-options --allow-two-primaries=no on b" \
	bash -c "rds_b secondary 1 && rds_b net-options r0 --allow-two-primaries=no"
check "a adopted it: show says allow-two-primaries no" wait_for 10 \
	bash -c "rds_a show r0 | grep -qP '^ +allow-two-primaries *\tno;$'"
out=$(rds_b primary 1 2>&1)
check "b cannot be promoted again" grep -q 'Multiple primaries not allowed' <<<"$out"
check "all of it on the same connection: the same TCP sockets" \
	bash -c "[[ \"\$(ip netns exec $A ss -tnH state established | sort)\" == '$socks' ]]"

check "b reconnects with --allow-two-primaries, a has it off: b StandAlone" \
	bash -c "rds_b disconnect r0 && rd_connect_b --protocol=C --allow-two-primaries &&
		wait_for 20 cstate_is b StandAlone"
check "the kernel log names the setting" \
	bash -c "dmesg | grep -q 'r0: incompatible allow-two-primaries settings'"
ktap_finish
