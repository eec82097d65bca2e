#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo-rdadm's state operations on a running pair (topology in kalib.sh):
# pause-sync/resume-sync during the initial sync (PausedSyncS/PausedSyncT,
# the u/p flags in /proc/halo_rd, resync-suspended in status, no data moved
# while paused, the disks equal at the end); invalidate-remote (the peer
# goes SyncTarget and receives the whole device, a block changed behind
# its back is repaired); adjust of net timeouts and on-io-error, then of
# resync-rate and after-sb-0pri alone, on the live connection (an unknown
# csums-alg refused with nothing applied), of allow-two-primaries on one
# node (the peer adopts it); outdate (refused on the Primary and while connected,
# persistent over down/attach and a module reload, promotion refused,
# UpToDate again on connect, primary --force).
. "$(dirname "$0")/kalib.sh"

ktap_plan 51
ka_nodes || skip_all "cannot set up the two nodes"
proc_a() { ip netns exec "$A" cat /proc/halo_rd; }
proc_b() { ip netns exec "$B" cat /proc/halo_rd; }
oos_a() { proc_a | sed -n 's/.* oos:\([0-9]*\)$/\1/p'; }
data_md5() { md5_at "$1" 0 31; } # the data area of a 32 MiB disk
rdsetup_a() { ip netns exec "$A" halo-rdsetup "$@"; }
export -f proc_a proc_b

check "create-md and up on both nodes" bash -c "rdadm_a create-md r0 && rdadm_b create-md r0 &&
	rdadm_a up r0 && rdadm_b up r0 && wait_for 30 both_connected"

# The initial sync, slowed to 16 Mbit/s, is paused and resumed.
tc -n "$A" qdisc add dev hka-a-$$ root tbf rate 16mbit burst 32kb latency 400ms
check "a: primary --force starts the sync" bash -c "rdadm_a primary --force r0 &&
	wait_for 20 cstate_a SyncSource"
check "pause-sync on a" rdadm_a pause-sync r0
check "a PausedSyncS, b PausedSyncT" wait_for 10 bash -c "cstate_a PausedSyncS && cstate_b PausedSyncT"
check "/proc/halo_rd on a: user-pause flag" \
	bash -c "proc_a | grep -Eq '^ 0: cs:PausedSyncS ro:Primary/Secondary ds:UpToDate/Inconsistent C r--u--$'"
check "/proc/halo_rd on b: peer-pause flag" \
	bash -c "proc_b | grep -Eq '^ 1: cs:PausedSyncT ro:Secondary/Primary ds:Inconsistent/UpToDate C r-p---$'"
st_a=$(rdadm_a status r0)
check "status on a: PausedSyncS, done:, resync-suspended:user" \
	grep -Ezq 'replication:PausedSyncS peer-disk:Inconsistent done:[0-9]+\.[0-9]{2}
        resync-suspended:user
' <<<"$st_a"
check "status on b: resync-suspended:peer" \
	grep -Ezq 'replication:PausedSyncT peer-disk:UpToDate done:[0-9.]+
        resync-suspended:peer
' <<<"$(rdadm_b status r0)"
# Blocks in flight when the pause came are still acknowledged: wait until
# the count settles, then it must not move.
settled() {
	local x y
	x=$(oos_a); sleep 1; y=$(oos_a)
	[[ -n $x && $x == "$y" ]]
}
wait_for 20 settled
left1=$(oos_a)
done1=$(rdadm_b status r0 | grep -o 'done:[0-9.]*')
sleep 3
left2=$(oos_a)
diag "out of sync while paused: $left1 KiB, 3 s later $left2 KiB"
check "paused: the KiB left stay the same over 3 s (and are not 0)" \
	test "$left1" = "$left2" -a "${left1:-0}" -gt 0
expect_eq "paused: b's done: stays the same" "$done1" "$(rdadm_b status r0 | grep -o 'done:[0-9.]*')"
out=$(rdadm_a pause-sync r0 2>&1)
expect_eq "pause-sync again exits 10" 10 $?
check "... saying the flag is already set" grep -q 'Sync-pause flag is already set' <<<"$out"
out=$(rdadm_b resume-sync r0 2>&1)
expect_eq "resume-sync on b (paused by the peer) exits 10" 10 $?
check "pause-sync on b too: both flags on both nodes" bash -c "rdadm_b pause-sync r0 &&
	wait_for 10 bash -c \"proc_a | grep -q 'C r-pu--\$'\" &&
	proc_b | grep -q 'C r-pu--\$' &&
	rdadm_b status r0 | grep -qx '        resync-suspended:user,peer'"
check "resume-sync on both: the sync continues" bash -c "rdadm_b resume-sync r0 &&
	rdadm_a resume-sync r0 && wait_for 10 cstate_a SyncSource &&
	proc_a | grep -q 'C r-----\$'"
tc -n "$A" qdisc del dev hka-a-$$ root
check "the resumed sync completes" wait_for 90 both_synced

# invalidate-remote: b's disk is changed behind halo's back, then a
# resyncs all of it to b.
head -c $((4 << 20)) /dev/urandom >/tmp/hka-$$-data
on_exit rm -f /tmp/hka-$$-data
dd if=/tmp/hka-$$-data of=/dev/halo0 bs=1M seek=2 oflag=direct status=none
dd if=/dev/urandom of="$LOOP_B" bs=1M seek=20 count=1 oflag=direct status=none
md5a=$(data_md5 "$LOOP_A")
check "b's disk differs from a's before invalidate-remote" test "$md5a" != "$(data_md5 "$LOOP_B")"
ip netns exec "$B" timeout 120 halo-rdsetup events r0 >/tmp/hka-$$-ev 2>&1 &
on_exit rm -f /tmp/hka-$$-ev
sleep 0.5
rs0=$(ip netns exec "$B" halo-rdsetup status r0 -v | sed -n 's/.*rs-recv:\([0-9]*\).*/\1/p')
expect_eq "invalidate-remote -d: one halo-rdsetup call" "halo-rdsetup invalidate-remote 0" \
	"$(rdadm_a -d invalidate-remote r0)"
check "invalidate-remote on a" rdadm_a invalidate-remote r0
check "... the resync runs and completes" wait_for 90 both_synced
rs1=$(ip netns exec "$B" halo-rdsetup status r0 -v | sed -n 's/.*rs-recv:\([0-9]*\).*/\1/p')
check "b went SyncTarget with an Inconsistent disk" \
	grep -q 'conn:SyncTarget disk:Inconsistent peer-disk:UpToDate' /tmp/hka-$$-ev
check "b received the whole device (>= 32000 KiB) as resync data" test $((rs1 - rs0)) -ge 32000
expect_eq "after invalidate-remote: b's disk equals a's" "$md5a" "$(data_md5 "$LOOP_B")"
out=$(rdadm_b invalidate-remote r0 2>&1)
expect_eq "invalidate-remote towards a Primary exits 11" 11 $?
check "... naming the reason" grep -q 'peer is Primary' <<<"$out"

# adjust: new timeouts and on-io-error on the live connection.
ss_a() { ip netns exec "$A" ss -tnH state established | sort; }
socks=$(ss_a)
sed -i 's/ping-int 2;/ping-int 4; timeout 45;/; s/^common {/common {\n\tdisk { on-io-error detach; }/' "$CONF"
expect_eq "adjust -d after editing ping-int, timeout, on-io-error" \
	"halo-rdsetup disk-options 0 --set-defaults --on-io-error=detach
halo-rdsetup net-options r0 --set-defaults --ping-int=4 --ping-timeout=50 --timeout=45 --connect-int=1" \
	"$(rdadm_a -d adjust r0)"
check "adjust on both" bash -c "rdadm_a adjust r0 && rdadm_b adjust r0"
show=$(rdsetup_a show r0)
diag "$show"
check "the kernel reports ping-int 4, timeout 45, on-io-error detach" \
	bash -c "grep -qP '^        ping-int        \t4; # seconds$' <<<'$show' &&
		grep -qP '^        timeout         \t45; # 1/10 seconds$' <<<'$show' &&
		grep -qP '^                on-io-error     \tdetach;$' <<<'$show'"
check "the connection stayed up: Connected, the same TCP sockets" \
	bash -c "both_synced && [[ \"\$(ip netns exec $A ss -tnH state established | sort)\" == '$socks' ]]"
expect_eq "adjust with the file applied does nothing" "" "$(rdadm_a -d adjust r0; rdadm_b -d adjust r0)"

# adjust: resync-rate (disk) and after-sb-0pri (net), exactly those.
sed -i 's/disk { on-io-error detach; }/disk { on-io-error detach; resync-rate 10M; }/;
	s/ping-int 4;/ping-int 4; after-sb-0pri discard-zero-changes;/' "$CONF"
expect_eq "adjust -d after editing resync-rate and after-sb-0pri" \
	"halo-rdsetup disk-options 0 --set-defaults --on-io-error=detach --resync-rate=10M
halo-rdsetup net-options r0 --set-defaults --ping-int=4 --ping-timeout=50 --timeout=45 --connect-int=1 --after-sb-0pri=discard-zero-changes" \
	"$(rdadm_a -d adjust r0)"
check "adjust on both" bash -c "rdadm_a adjust r0 && rdadm_b adjust r0"
show=$(rdsetup_a show r0)
diag "$show"
check "the kernel reports resync-rate 10240k, after-sb-0pri discard-zero-changes" \
	bash -c "grep -qP '^ +resync-rate +\t10240k;' <<<'$show' &&
		grep -qP '^ +c-plan-ahead +\t20;' <<<'$show' &&
		grep -qP '^        after-sb-0pri +\tdiscard-zero-changes;$' <<<'$show' &&
		grep -qP '^        after-sb-1pri +\tdisconnect;$' <<<'$show' &&
		grep -qP '^        ping-int +\t4; # seconds$' <<<'$show' &&
		grep -qP '^                on-io-error +\tdetach;$' <<<'$show'"
check "the connection stayed up: Connected, the same TCP sockets" \
	bash -c "both_synced && [[ \"\$(ip netns exec $A ss -tnH state established | sort)\" == '$socks' ]]"
out=$(rdsetup_a net-options r0 --ping-int=7 --csums-alg=nosuchhash 2>&1)
check "net-options with an unknown csums-alg fails, naming it" \
	bash -c "[[ $? == 1 ]] && grep -q 'csums-alg: the kernel has no such hash' <<<'$out'"
expect_eq "... and changed nothing" "" "$(rdadm_a -d adjust r0; rdadm_b -d adjust r0)"

# adjust: allow-two-primaries on a alone reaches b, which adopts it.
sed -i 's/ping-int 4;/ping-int 4; allow-two-primaries yes;/' "$CONF"
expect_eq "adjust -d after adding allow-two-primaries" \
	"halo-rdsetup net-options r0 --set-defaults --ping-int=4 --ping-timeout=50 --timeout=45 --connect-int=1 --allow-two-primaries --after-sb-0pri=discard-zero-changes" \
	"$(rdadm_a -d adjust r0)"
check "adjust on a alone: b adopts it (adjust on b has nothing to do)" \
	bash -c "rdadm_a adjust r0 && wait_for 10 bash -c '[[ -z \$(rdadm_b -d adjust r0) ]]'"
check "b primary while a is Primary: Primary/Primary" \
	bash -c "rdadm_b primary r0 && [[ \$(rdadm_b role r0) == Primary/Primary ]]"
check "b secondary; allow-two-primaries out of the file, adjust on a alone: b adopts that too" \
	bash -c "rdadm_b secondary r0 && sed -i 's/ allow-two-primaries yes;//' '$CONF' &&
		rdadm_a adjust r0 && wait_for 10 bash -c '[[ -z \$(rdadm_b -d adjust r0) ]]'"

# outdate
out=$(rdadm_a outdate r0 2>&1)
expect_eq "outdate on the Primary exits 11" 11 $?
check "... saying why" grep -q 'Primary cannot be Outdated' <<<"$out"
out=$(rdadm_b outdate r0 2>&1)
expect_eq "outdate on a connected Secondary exits 11" 11 $?
check "a secondary; b disconnect, outdate: Outdated" bash -c "rdadm_a secondary r0 &&
	rdadm_b disconnect r0 && rdadm_b outdate r0 && [[ \$(rdadm_b dstate r0) == Outdated/DUnknown ]]"
check "Outdated survives down and attach (metadata: consistent, not up to date)" \
	bash -c "rdadm_b down r0 && rdadm_b attach r0 && [[ \$(rdadm_b dstate r0) == Outdated/DUnknown ]] &&
		(( (\$(ip netns exec $B halo-rdsetup show-gi 1 | cut -d: -f5) & 0x11) == 1 ))"
out=$(rdadm_b primary r0 2>&1)
expect_eq "primary on the Outdated disk exits 11" 11 $?
check "... Need access to UpToDate data" grep -q 'Need access to UpToDate data' <<<"$out"
check "connect: Connected, b UpToDate again without a resync" bash -c "rdadm_b connect r0 &&
	wait_for 30 both_synced &&
	ip netns exec $B halo-rdsetup status r0 -v | grep -qE ' rs-recv:0( |\$)'"
diag "b after connect: $(ip netns exec "$B" halo-rdsetup status r0 -v 2>&1 | tr '\n' ' ')"
check "disconnect, outdate, primary --force on b: Primary, UpToDate" bash -c "rdadm_b disconnect r0 &&
	rdadm_b outdate r0 && rdadm_b primary --force r0 && [[ \$(rdadm_b role r0) == Primary/Unknown &&
	\$(rdadm_b dstate r0) == UpToDate/DUnknown ]]"
check "b secondary, connect: both UpToDate" bash -c "rdadm_b secondary r0 && rdadm_b connect r0 &&
	wait_for 60 both_synced"
check "Outdated survives a module reload" bash -c "rdadm_b disconnect r0 && rdadm_b outdate r0 &&
	rdadm_b down r0 && rdadm_a down r0 && modprobe -r halo_rd && modprobe halo_rd &&
	rdadm_b attach r0 && [[ \$(rdadm_b dstate r0) == Outdated/DUnknown ]]"
ktap_finish
