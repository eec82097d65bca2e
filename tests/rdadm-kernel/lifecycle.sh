#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo-rdadm drives two nodes from one halo.conf (topology in kalib.sh):
# create-md, up, primary --force, the initial sync, data on the peer's
# disk, status/role/cstate/dstate/show-gi, /proc/halo_rd, a refused
# promotion, a role swap, disconnect/connect, adjust after editing the
# protocol and the peer address, wait-connect timing out, down.
. "$(dirname "$0")/kalib.sh"

ktap_plan 38
ka_nodes || skip_all "cannot set up the two nodes"

check "create-md on both nodes" bash -c "rdadm_a create-md r0 && rdadm_b create-md r0"
check "up on both nodes" bash -c "rdadm_a up r0 && rdadm_b up r0"
check "wait-connect returns once connected" rdadm_a wait-connect r0
wait_for 30 both_connected
expect_eq "fresh disks are Inconsistent/Inconsistent" Inconsistent/Inconsistent "$(rdadm_a dstate r0)"
# The sync is throttled to ~80 Mbit/s (a few seconds) so that its progress can be seen.
check "throttle a's link for the initial sync" \
	tc -n "$A" qdisc add dev hka-a-$$ root tbf rate 80mbit burst 64kb latency 500ms
check "a: primary --force" rdadm_a primary --force r0

# Watch the sync: status and /proc/halo_rd show its progress.
seen_done= seen_bar=
end=$((SECONDS + 120))
while ((SECONDS < end)); do
	st=$(rdadm_a status r0)
	proc=$(ip netns exec "$A" cat /proc/halo_rd)
	[[ $st =~ replication:SyncSource\ peer-disk:Inconsistent\ done:[0-9]+\.[0-9][0-9] ]] && seen_done=1
	grep -Eq "^	\[=*>\.*\] sync'ed: +[0-9]+\.[0-9]% \([0-9]+/32[0-9]+\)K$" <<<"$proc" &&
		grep -Eq '^	finish: [0-9]+:[0-9]{2}:[0-9]{2} speed: [0-9,]+ \([0-9,]+\) K/sec$' <<<"$proc" &&
		seen_bar=1
	both_synced && break
done
check "status showed done:NN.NN during the sync" test -n "$seen_done"
check "/proc/halo_rd showed the progress bar during the sync" test -n "$seen_bar"
check "initial sync: UpToDate/UpToDate on both" both_synced
tc -n "$A" qdisc del dev hka-a-$$ root

head -c $((4 << 20)) /dev/urandom >/tmp/hka-$$-data
on_exit rm -f /tmp/hka-$$-data
dd if=/tmp/hka-$$-data of=/dev/halo0 bs=1M seek=5 oflag=direct status=none
expect_eq "4 MiB written on a are on b's backing disk" \
	"$(md5sum </tmp/hka-$$-data | cut -d' ' -f1)" "$(md5_at "$LOOP_B" 5 4)"

expect_eq "status on a" "r0 role:Primary
  disk:UpToDate
  peer role:Secondary
    replication:Established peer-disk:UpToDate" "$(rdadm_a status r0)"
expect_eq "role on b" Secondary/Primary "$(rdadm_b role r0)"
expect_eq "cstate on a" Connected "$(rdadm_a cstate r0)"
expect_eq "dstate on b" UpToDate/UpToDate "$(rdadm_b dstate r0)"
gi=$(rdadm_a get-gi r0)
check "get-gi prints four generation ids and the flags (Primary, connected)" \
	bash -c "[[ '$gi' =~ ^[0-9A-F]{16}(:[0-9A-F]{16}){3}:1:1:1:1:0:0:0$ &&
		'${gi:0:67}' == \$(ip netns exec $A halo-rdsetup show-gi 0 | cut -c1-67) ]]"
check "show-gi: get-gi's line in the legend, then the flags line" \
	bash -c "rdadm_a show-gi r0 | grep -qx '$gi' && rdadm_a show-gi r0 | grep -qx 'flags: Primary, Connected, UpToDate' &&
		rdadm_a show-gi r0 | grep -q '^       +--<  Current data generation UUID  >-\$'"

proc_a=$(ip netns exec "$A" cat /proc/halo_rd)
proc_b=$(ip netns exec "$B" cat /proc/halo_rd)
diag "$proc_a"
check "/proc/halo_rd starts with the version line" \
	bash -c "[[ \$(head -1 <<<'$proc_a') =~ ^version:\ [0-9]+\.[0-9]+\.[0-9]+\ \(api:[0-9]+/proto:[0-9]+\)$ ]]"
expect_eq "/proc/halo_rd in a's namespace: minor 0's state line" \
	" 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----" \
	"$(sed -n 2p <<<"$proc_a")"
expect_eq "/proc/halo_rd in b's namespace shows only minor 1" \
	" 1: cs:Connected ro:Secondary/Primary ds:UpToDate/UpToDate C r-----" \
	"$(grep ': cs:' <<<"$proc_b")"
cnt_a=$(sed -n 3p <<<"$proc_a")
cnt_b=$(grep -A1 ': cs:' <<<"$proc_b" | tail -1)
check "counters line in /proc/drbd's layout" \
	bash -c "[[ '$cnt_a' =~ ^\ \ \ \ ns:[0-9]+\ nr:[0-9]+\ dw:[0-9]+\ dr:[0-9]+\ al:[0-9]+\ bm:[0-9]+\ lo:[0-9]+\ pe:[0-9]+\ ua:[0-9]+\ ap:[0-9]+\ ep:1\ wo:f\ oos:0$ ]]"
field() { sed -n "s/.* $1:\([0-9]*\).*/\1/p" <<<"$2"; }
check "a sent and wrote at least the 4 MiB (ns, dw in KiB)" \
	test "$(field ns "$cnt_a")" -ge 4096 -a "$(field dw "$cnt_a")" -ge 4096
check "b received at least the 4 MiB (nr)" test "$(field nr "$cnt_b")" -ge 4096

out=$(rdadm_b primary r0 2>&1)
rc=$?
expect_eq "b: primary while a is Primary exits 11" 11 "$rc"
check "the kernel's reason is printed" grep -q 'Multiple primaries' <<<"$out"

check "swap: a secondary, b primary" bash -c "rdadm_a secondary r0 && rdadm_b primary r0"
expect_eq "role on b after the swap" Primary/Secondary "$(rdadm_b role r0)"

check "disconnect on a: StandAlone" bash -c "rdadm_a disconnect r0 && cstate_a StandAlone"
expect_eq "status of a StandAlone node has no peer block" "r0 role:Secondary
  disk:UpToDate" "$(rdadm_a status r0)"
check "connect on a: Connected again" bash -c "rdadm_a connect r0 && wait_for 30 both_connected"

expect_eq "adjust with an unchanged file does nothing" "" "$(rdadm_a -d adjust r0; rdadm_b -d adjust r0)"
write_conf A 10.77.1.2:7789 30
expect_eq "adjust after editing the protocol: reconnect with protocol A only" \
	"halo-rdsetup disconnect r0
halo-rdsetup connect r0 ipv4:10.77.1.1:7789 ipv4:10.77.1.2:7789 --protocol=A --ping-int=2 --ping-timeout=50 --connect-int=1" \
	"$(rdadm_a -d adjust r0)"
# The node that meets its peer still on C goes StandAlone (protocol
# mismatch); adjust on it again connects it.
adjust_both() { rdadm_a adjust r0 && rdadm_b adjust r0 && both_connected; }
export -f adjust_both
check "adjust applies protocol A on both, they reconnect" wait_for 60 adjust_both
check "/proc/halo_rd shows protocol A" bash -c "ip netns exec $A grep -q '^ 0: cs:Connected .* A r-----' /proc/halo_rd"

write_conf A 10.77.1.3:7790 30
expect_eq "adjust after editing the peer address: reconnect to it only" \
	"halo-rdsetup disconnect r0
halo-rdsetup connect r0 ipv4:10.77.1.1:7789 ipv4:10.77.1.3:7790 --protocol=A --ping-int=2 --ping-timeout=50 --connect-int=1" \
	"$(rdadm_a -d adjust r0)"
check "adjust on both: connected over 10.77.1.3:7790, roles and disks kept" \
	bash -c "rdadm_a adjust r0 && rdadm_b adjust r0 && wait_for 30 both_synced &&
		[[ \$(rdadm_b role r0) == Primary/Secondary ]] &&
		ip netns exec $B ss -tnH state established '( sport = :7790 )' | grep -q 10.77.1.3:7790"

write_conf A 10.77.1.3:7790 3
rdadm_b down r0
t0=$SECONDS
rdadm_a wait-connect r0 2>/dev/null
rc=$?
expect_eq "wait-connect with the peer down exits 5 after wfc-timeout" 5 "$rc"
check "wait-connect waited at least the 3 s of wfc-timeout" test $((SECONDS - t0)) -ge 3
check "down on a: nothing left in /proc/halo_rd" \
	bash -c "rdadm_a down r0 && ! ip netns exec $A grep -q 'cs:' /proc/halo_rd"
ktap_finish
