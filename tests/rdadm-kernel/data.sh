#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo-rdadm's data commands on a running pair with real data (topology in
# kalib.sh): `-- --overwrite-data-of-peer primary` makes a's random data
# the source of a full sync to b; `events` on both nodes prints the state
# changes of all that follows; `verify` finds nothing on equal disks, then
# exactly the 4 KiB changed behind halo's back on b's disk, which
# disconnect/connect resyncs; `detach` on the connected Primary leaves a
# Diskless, reading and writing through b, and `attach` brings a's disk
# back as the SyncTarget of just the blocks written while it was away.
. "$(dirname "$0")/kalib.sh"

ktap_plan 36
ka_nodes || skip_all "cannot set up the two nodes"
proc_a() { ip netns exec "$A" cat /proc/halo_rd; }
# counter NODE NAME: a counter of `halo-rdsetup status r0 -v`, in KiB
counter() {
	ip netns exec "${!1}" halo-rdsetup status r0 -v |
		sed -n "s/.* $2:\([0-9]*\).*/\1/p"
}
data_md5() { md5_at "$1" 0 31; } # the data area of a 32 MiB disk
export -f proc_a
ev_a=/tmp/hka-$$-ev-a ev_b=/tmp/hka-$$-ev-b d1=/tmp/hka-$$-d1 d2=/tmp/hka-$$-d2
on_exit rm -f "$ev_a" "$ev_b" "$d1" "$d2"

# a's disk holds 31 MiB of random data, b's is zero.
head -c 31M /dev/urandom >"$d1"
dd if="$d1" of="$LOOP_A" bs=1M oflag=direct status=none
want=$(md5sum <"$d1" | cut -d' ' -f1)
ip netns exec "$A" env HALO_HOSTNAME=alpha timeout 600 \
	halo-rdadm -c "$CONF" events r0 >"$ev_a" 2>&1 &
ip netns exec "$B" env HALO_HOSTNAME=beta timeout 600 \
	halo-rdadm -c "$CONF" events r0 >"$ev_b" 2>&1 &
check "create-md and up on both nodes" bash -c "rdadm_a create-md r0 && rdadm_b create-md r0 &&
	rdadm_a up r0 && rdadm_b up r0 && wait_for 30 both_connected"

# 1. The older form of primary --force.
expect_eq "-- --overwrite-data-of-peer primary -d: primary --force" \
	"halo-rdsetup primary 0 --force" "$(rdadm_a -d -- --overwrite-data-of-peer primary r0)"
check "a: -- --overwrite-data-of-peer primary r0" rdadm_a -- --overwrite-data-of-peer primary r0
expect_eq "a is Primary" Primary/Secondary "$(rdadm_a role r0)"
check "the full sync completes" wait_for 90 both_synced
size=$(($(blockdev --getsize64 /dev/halo1) >> 10))
expect_eq "b received the whole device ($size KiB) as resync data" "$size" "$(counter B rs-recv)"
expect_eq "b's disk holds a's random data" "$want" "$(data_md5 "$LOOP_B")"
expect_eq "... and so does a's" "$want" "$(data_md5 "$LOOP_A")"

# 3. verify: equal disks, then one block changed behind halo's back.
check "a: verify on equal disks" rdadm_a verify r0
check "... completes: both Connected" wait_for 60 both_synced
expect_eq "... 0 out of sync (/proc/halo_rd on a)" 0 \
	"$(proc_a | sed -n 's/.* oos:\([0-9]*\)$/\1/p')"
dd if=/dev/urandom of="$LOOP_B" bs=4k seek=300 count=1 oflag=direct status=none
check "b's disk now differs from a's" test "$want" != "$(data_md5 "$LOOP_B")"
check "a: verify again" rdadm_a verify r0
check "... completes: both Connected" wait_for 60 both_synced
expect_eq "... the changed 4 KiB out of sync (/proc/halo_rd on a)" 4 \
	"$(proc_a | sed -n 's/.* oos:\([0-9]*\)$/\1/p')"
check "... and in status -v on a, the kernel log names the block" bash -c \
	"ip netns exec $A halo-rdsetup status r0 -v | grep -q ' oos:4 ' &&
	dmesg | grep -q 'r0: Out of sync: start=2400, size=8 (sectors)'"
expect_eq "verify only marks: b's disk still differs" "" \
	"$([[ $want != "$(data_md5 "$LOOP_B")" ]] || echo equal)"
rs0=$(counter B rs-recv)
check "a: disconnect r0; connect r0: resynced" bash -c "rdadm_a disconnect r0 &&
	rdadm_a connect r0 && wait_for 60 both_synced"
expect_eq "... exactly the 4 KiB" 4 $(($(counter B rs-recv) - rs0))
expect_eq "b's disk equals a's again" "$want" "$(data_md5 "$LOOP_B")"

# 4. detach the Primary's disk while connected.
check "a: detach r0" rdadm_a detach r0
check "a Diskless/UpToDate, b UpToDate/Diskless" wait_for 30 bash -c \
	"[[ \$(rdadm_a dstate r0) == Diskless/UpToDate && \$(rdadm_b dstate r0) == UpToDate/Diskless ]]"
dr0=$(counter B dr)
expect_eq "a's /dev/halo0 still reads the data" "$want" "$(md5_at /dev/halo0 0 31)"
expect_eq "... read from b's disk (b's dr counter: 31 MiB more)" 31744 $(($(counter B dr) - dr0))
head -c 1M /dev/urandom >"$d2"
dd if="$d2" of=/dev/halo0 bs=64k seek=$((12 * 16)) oflag=direct status=none
expect_eq "1 MiB written on a while Diskless is on b's disk" \
	"$(md5sum <"$d2" | cut -d' ' -f1)" "$(md5_at "$LOOP_B" 12 1)"
dd if="$d2" of="$d1" bs=1M seek=12 conv=notrunc status=none
want=$(md5sum <"$d1" | cut -d' ' -f1)
out=$(rdadm_a attach r0 2>&1)
expect_eq "attach on the connected Diskless Primary exits 11" 11 $?
check "... naming the reason, nothing changed" bash -c "grep -q \"r0: cannot attach the disk of a Primary with a connection .*run 'secondary r0' first\" <<<\"$out\" &&
	both_connected && [[ \$(rdadm_a dstate r0) == Diskless/UpToDate ]]"
check "a: secondary r0" rdadm_a secondary r0
expect_eq "attach -d on the connected Diskless Secondary: disconnect, attach, connect" \
	"halo-rdsetup disconnect r0
halo-rdsetup attach 0 $LOOP_A internal
halo-rdsetup connect r0 ipv4:10.77.1.1:7789 ipv4:10.77.1.2:7789 --protocol=C --ping-int=2 --ping-timeout=50 --connect-int=1" \
	"$(rdadm_a -d attach r0)"
rs0=$(counter A rs-recv)
check "a: attach r0: a resyncs from b" bash -c "rdadm_a attach r0 && wait_for 60 both_synced"
expect_eq "... the 1024 KiB written while a was Diskless" 1024 $(($(counter A rs-recv) - rs0))
expect_eq "a's disk holds all the data" "$want" "$(data_md5 "$LOOP_A")"
expect_eq "... as b's does" "$want" "$(data_md5 "$LOOP_B")"

# 2. What events printed on each node, in the order of the steps above.
# ev_seq FILE LINE...: each LINE (exact) follows the previous one's first
# occurrence.
ev_seq() {
	local f=$1 n=0 m
	shift
	for l in "$@"; do
		m=$(tail -n +$((n + 1)) "$f" | grep -nxFm1 "$l" | cut -d: -f1)
		[[ -n $m ]] || { diag "not in order in $f: $l"; return 1; }
		n=$((n + m))
	done
}
ch="change resource name:r0"
check "events on a: SyncSource -> Connected, VerifyS twice, Diskless, SyncTarget -> Connected" ev_seq "$ev_a" \
	"$ch role:Primary peer-role:Secondary conn:SyncSource disk:UpToDate peer-disk:Inconsistent" \
	"$ch role:Primary peer-role:Secondary conn:Connected disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Primary peer-role:Secondary conn:VerifyS disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Primary peer-role:Secondary conn:Connected disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Primary peer-role:Secondary conn:VerifyS disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Primary peer-role:Secondary conn:Connected disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Primary peer-role:Secondary conn:SyncSource disk:UpToDate peer-disk:Inconsistent" \
	"$ch role:Primary peer-role:Secondary conn:Connected disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Primary peer-role:Secondary conn:Connected disk:Diskless peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Secondary conn:Connected disk:Diskless peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Unknown conn:StandAlone disk:UpToDate peer-disk:DUnknown" \
	"$ch role:Secondary peer-role:Secondary conn:SyncTarget disk:Inconsistent peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Secondary conn:Connected disk:UpToDate peer-disk:UpToDate"
check "events on b: SyncTarget -> Connected, VerifyT twice, a's disk Diskless, SyncSource -> Connected" ev_seq "$ev_b" \
	"$ch role:Secondary peer-role:Primary conn:SyncTarget disk:Inconsistent peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Primary conn:Connected disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Primary conn:VerifyT disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Primary conn:Connected disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Primary conn:VerifyT disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Primary conn:Connected disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Primary conn:SyncTarget disk:Inconsistent peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Primary conn:Connected disk:UpToDate peer-disk:UpToDate" \
	"$ch role:Secondary peer-role:Primary conn:Connected disk:UpToDate peer-disk:Diskless" \
	"$ch role:Secondary peer-role:Secondary conn:SyncSource disk:UpToDate peer-disk:Inconsistent" \
	"$ch role:Secondary peer-role:Secondary conn:Connected disk:UpToDate peer-disk:UpToDate"
check "events printed nothing for other resources, nothing but change lines" \
	bash -c "! grep -hv '^$ch role:' $ev_a $ev_b"
for f in "$ev_a" "$ev_b"; do
	diag "events on ${f##*-}:"
	while read -r l; do diag "  ${l#"$ch "}"; done <"$f"
done
ktap_finish
