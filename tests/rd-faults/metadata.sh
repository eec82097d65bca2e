#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Corrupted and torn metadata: the superblock of a detached node's backing
# device (4 KiB at sector (B & ~7) - 8 of a device of B sectors, see
# Documentation/rd.md) gets one byte flipped in a field, in the magic, in
# the crc, in the unused rest of the block, or is zeroed (a torn write).
# Each time attach must fail (exit 1 with a message about the metadata),
# the node stays Diskless and the block is left as it was (never used, never
# rewritten). The saved good block, written back, attaches again with the
# node's generation identifiers. Node a only (topology in faultlib.sh).
. "$(dirname "$0")/faultlib.sh"

CASES=(
	"a flipped byte in the current UUID|16|flip|bad checksum"
	"a flipped byte in the flags|56|flip|bad checksum"
	"a flipped byte in the magic|0|flip|bad magic"
	"a flipped byte in the crc|76|flip|bad checksum"
	"a flipped byte in the unused rest of the block|2000|flip|bad checksum"
	"a zeroed (torn) superblock|0|zero|bad magic"
)
ktap_plan $((3 + 4 * ${#CASES[@]} + 2))
rd_nodes || skip_all "cannot set up the two nodes"
dev=$LOOP_A
sb=$(((($(blockdev --getsz "$dev") & ~7) - 8) * 512))
good=/tmp/hrd-$$-sb
on_exit rm -f "$good"
sb_md5() { dd if="$dev" bs=4k skip=$((sb / 4096)) count=1 iflag=direct status=none | md5sum; }
poke() { # poke OFFSET BYTES...: write bytes (octal escapes) into the superblock
	printf "$2" | dd of="$dev" bs=1 seek=$((sb + $1)) conv=notrunc status=none &&
		blockdev --flushbufs "$dev"
}

check "attach, promote (new UUIDs), demote" bash -c "rds_a new-resource r0 &&
	rds_a new-minor r0 0 0 && rds_a attach 0 $dev internal &&
	rds_a primary 0 --force && rds_a secondary 0"
gi=$(rds_a show-gi r0)
diag "generation identifiers: $gi"
rds_a detach 0 || diag "detach failed"
expect_eq "the superblock starts with the magic HRD1 (little-endian)" "31 44 52 48" \
	"$(od -An -tx1 -j "$sb" -N4 "$dev" | xargs)"
dd if="$dev" of="$good" bs=4k skip=$((sb / 4096)) count=1 iflag=direct status=none
check "the node is Diskless after detach" dstate_is a Diskless/DUnknown

for c in "${CASES[@]}"; do
	IFS='|' read -r name off how want <<<"$c"
	dd if="$good" of="$dev" bs=4k seek=$((sb / 4096)) oflag=direct conv=notrunc status=none
	if [[ $how == zero ]]; then
		dd if=/dev/zero of="$dev" bs=4k count=1 seek=$((sb / 4096)) \
			oflag=direct conv=notrunc status=none
	else
		old=$(od -An -tu1 -j $((sb + off)) -N1 "$dev" | tr -d ' ')
		poke "$off" "$(printf '\\%03o' $((old ^ 0x5a)))"
	fi
	before=$(sb_md5)
	out=$(rds_a attach 0 "$dev" internal 2>&1)
	rc=$?
	expect_eq "$name: attach exits 1" 1 "$rc"
	diag "$name: halo-rdsetup said: $out"
	check "$name: the error says what is wrong ($want)" grep -q "metadata: $want" <<<"$out"
	check "$name: the node stays Diskless" dstate_is a Diskless/DUnknown
	expect_eq "$name: the block on disk is left as it was" "$before" "$(sb_md5)"
done

dd if="$good" of="$dev" bs=4k seek=$((sb / 4096)) oflag=direct conv=notrunc status=none
check "the good superblock written back attaches" rds_a attach 0 "$dev" internal
expect_eq "with the node's generation identifiers" "$gi" "$(rds_a show-gi r0)"
ktap_finish
