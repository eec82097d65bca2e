#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout=7200
# Protocol C loses no acknowledged write when the Primary's guest is killed,
# KILLS times (default 2; `KILLS=20 make test T=rd-nodes` for the
# reliability figure, which the timeout above allows for), each at a random
# point of a write stream, and the restarted node resyncs only its activity
# log extents.
#
#   guest a (10.255.1.1, /dev/vda = a.img)      guest b (10.255.1.2, /dev/vda = b.img)
#   r0, protocol C  ==== virtio-net, QEMU socket 127.0.0.1:PORT ====  r0
#   records.py writes record N at N*4 KiB           (b's QEMU listens, a connects)
#   with O_DIRECT|O_SYNC and prints "ACK N"
#   on its virtio console (a host file)
#
# For each kill I (node.bash has the guests' side):
# 1. a is Primary and writes iteration I's records; after a random number
#    of ACKs (10-250) the host kills a's QEMU (kill -9 by its pidfile).
# 2. b sees a vanish (ping timeout), is promoted, and every record of the
#    iteration up to the last ACK the host saw is on b with its own bytes;
#    b writes one record of its own.
# 3. a boots again from a.img: its metadata says it crashed as Primary, it
#    marks its activity log extents, reconnects as SyncTarget and gets only
#    those extents plus b's block; b steps down and a becomes Primary again.
# At the end both go down cleanly, the data areas of a.img and b.img are
# equal and hold every acknowledged record of every iteration.
# The waits are long so that the test holds on a loaded host.
. "$(dirname "$0")/../lib.sh"
KILLS=${KILLS:-2}
STEP=400 # records per iteration (node.bash); 20 iterations fill 32 MiB
((KILLS >= 1 && KILLS <= 20)) || { echo "primary_kills.sh: KILLS must be 1-20, not '$KILLS'" >&2; exit 2; }
ktap_plan $((5 * KILLS + 7))
top=$HALO_TOP
here=$top/tests/rd-nodes
w=$(mktemp -d "$top/build/rd-nodes.XXXXXX")
# Kept for a look when the test fails.
on_exit '((_ktap_failed)) && echo "# kept $w" || rm -rf "$w"'
port=$((20000 + ($$ * 7) % 20000))
truncate -s 32M "$w/a.img" "$w/b.img"
vm() { # vm NAME NET-OPTION TIMEOUT ARGS...: a guest of 512 MiB running node.bash
	local name=$1 net=$2 tmo=$3 mac addr
	shift 3
	if [[ $name == b ]]; then mac=52:54:00:00:01:02 addr=10.255.1.2/24
	else mac=52:54:00:00:01:01 addr=10.255.1.1/24; fi
	"$top/scripts/vm" --name "node${name:0:1}" --mem 512 "$net" "$port" --mac $mac \
		--addr $addr --console "$w/$name.console" --dmesg "$w/$name.dmesg" \
		--timeout "$tmo" "$@" -- bash "$here/node.bash" "$name" "$w" "$KILLS" \
		>"$w/$name.out" 2>&1
}
vm b --net-listen $((600 + KILLS * 300)) --disk "$w/b.img" &
vmb=$!
on_exit "kill $vmb"
check "b listens on 127.0.0.1:$port" wait_for 60 bash -c "ss -ltnH 'sport = :$port' | grep -q ."
# acked N: the last record number boot aN printed an ACK for.
acked() { sed -n 's/^ACK \([0-9]*\).*/\1/p' "$w/a$1.out" | tail -n 1; }
acked_count_ge() { local n; n=$(acked "$1"); ((${n:--1} - $2 + 1 >= $3)); }
first_of() { echo $((($1 - 1) * STEP)); }
lasts=() total=0 lost=0
vm a1 --net-connect 900 --disk "$w/a.img" --pidfile "$w/a.pid" &
vma=$!
on_exit 'kill $vma'
for ((i = 1; i <= KILLS; i++)); do
	first=$(first_of $i) target=$((10 + RANDOM % 241))
	check "kill $i: a is Primary and $target records are acknowledged" \
		wait_for 600 acked_count_ge $i "$first" $target
	kill -9 "$(cat "$w/a.pid")"
	wait $vma
	last=$(acked $i)
	last=${last:-$((first - 1))}
	n=$((last - first + 1))
	lasts+=("$last") total=$((total + n))
	diag "kill $i: a killed after record $last was acknowledged ($n in this iteration)"
	check "kill $i: a's kernel log up to the kill is clean" "$top/tests/klog-check" "$w/a$i.console"
	echo "$first $last" >"$w/go-b.$i"
	if ! check "kill $i: b is promoted and holds all $n acknowledged records" \
		wait_for 300 grep -qx "OK $n" "$w/b.check.$i"; then
		lost=$((lost + 1))
		diag "b: $(cat "$w/b.check.$i" 2>/dev/null)"
	fi
	wait_for 120 test -e "$w/b.ready.$i"
	rm -f "$w/a.pid"
	vm a$((i + 1)) --net-connect 900 --disk "$w/a.img" --pidfile "$w/a.pid" &
	vma=$!
	check "kill $i: a comes back as Secondary and resyncs" \
		wait_for 600 test -s "$w/a$((i + 1)).status"
	diag "kill $i: a's role after the resync: $(cat "$w/a$((i + 1)).role" 2>/dev/null)"
	# Resync bounded by the activity log: the 4 MiB extents the iteration's
	# records (at most 300) can touch, plus b's own block.
	rs=$(sed -n 's/.* rs-recv:\([0-9]*\).*/\1/p' "$w/a$((i + 1)).status" 2>/dev/null)
	ext=$(((first + 299) * 4096 / 4194304 - first * 4096 / 4194304 + 1))
	bound=$((ext * 4096 + 4))
	diag "kill $i: resynced ${rs:-?} KiB (bound $bound KiB, device 32 MiB)"
	check "kill $i: the resync is bounded by the activity log" \
		test "${rs:-0}" -gt 4 -a "${rs:-999999}" -le "$bound"
done
touch "$w/go-down"
wait $vma
expect_eq "a goes down cleanly" 0 $?
wait $vmb
expect_eq "b goes down cleanly" 0 $?
# Data areas: usable = 65456 sectors for 32 MiB (Documentation/rd.md).
ma=$(head -c $((65456 * 512)) "$w/a.img" | md5sum)
mb=$(head -c $((65456 * 512)) "$w/b.img" | md5sum)
expect_eq "a.img and b.img hold the same data" "$mb" "$ma"
all_records() {
	local i f
	for ((i = 1; i <= KILLS; i++)); do
		f=$(first_of $i)
		python3 "$here/records.py" check-image "$w/b.img" "$f" "${lasts[i - 1]}" >/dev/null &&
			python3 "$here/records.py" check-image "$w/b.img" $((f + STEP - 1)) $((f + STEP - 1)) \
				>/dev/null || return 1
	done
}
check "every acknowledged record of every kill is on the disks" all_records
for n in b a$((KILLS + 1)); do
	check "$n: kernel log is clean" "$top/tests/klog-check" "$w/$n.dmesg"
done
diag "kills: $KILLS, acknowledged records: $total, kills with a lost acknowledged record: $lost"
ktap_finish
