#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout=900
# Protocol C loses no acknowledged write when the Primary's guest dies, and
# the restarted Primary resyncs only its activity log extents.
#
#   guest a (10.255.1.1, /dev/vda = a.img)      guest b (10.255.1.2, /dev/vda = b.img)
#   r0 Primary, protocol C  ==== virtio-net, QEMU socket 127.0.0.1:PORT ====  r0 Secondary
#   records.py writes record N at N*4 KiB           (b's QEMU listens, a connects)
#   with O_DIRECT|O_SYNC and prints "ACK N"
#   on its virtio console (a host file)
#
# 1. a syncs b fully, then writes records; after 100 ACKs the host kills
#    a's QEMU (kill -9 by its pidfile) in the middle of the stream.
# 2. b sees a vanish (ping timeout), is promoted, and every record up to
#    the last ACK the host saw is on b with its own bytes; b writes one
#    record of its own at 16 MiB.
# 3. a boots again from a.img: its metadata says it crashed as Primary, it
#    marks its activity log extents, reconnects as SyncTarget (b's bitmap
#    UUID is a's current one) and gets only those extents plus b's block.
# 4. Both go down cleanly; the data areas of a.img and b.img are equal.
# The waits are long so that the test holds on a loaded host.
. "$(dirname "$0")/../lib.sh"
ktap_plan 13
top=$HALO_TOP
here=$top/tests/rd-nodes
w=$(mktemp -d "$top/build/rd-nodes.XXXXXX")
# Kept for a look when the test fails.
on_exit '((_ktap_failed)) && echo "# kept $w" || rm -rf "$w"'
port=$((20000 + ($$ * 7) % 20000))
truncate -s 32M "$w/a.img" "$w/b.img"
vm() { # vm NAME NET-OPTION LOG ARGS...: a guest of 512 MiB running node.bash
	local name=$1 net=$2 log=$3 mac addr
	shift 3
	if [[ $name == b ]]; then mac=52:54:00:00:01:02 addr=10.255.1.2/24
	else mac=52:54:00:00:01:01 addr=10.255.1.1/24; fi
	"$top/scripts/vm" --name "node$name" --mem 512 "$net" "$port" --mac $mac \
		--addr $addr --console "$w/$name.console" --dmesg "$w/$name.dmesg" \
		--timeout 850 "$@" -- bash "$here/node.bash" "$name" "$w" \
		>"$log" 2>&1
}
vm b --net-listen "$w/b.out" --disk "$w/b.img" &
vmb=$!
on_exit "kill $vmb"
check "b listens on 127.0.0.1:$port" wait_for 60 bash -c "ss -ltnH 'sport = :$port' | grep -q ."
vm a --net-connect "$w/a.out" --disk "$w/a.img" --pidfile "$w/a.pid" &
vma=$!
on_exit "kill $vma"
acked() { sed -n 's/^ACK \([0-9]*\).*/\1/p' "$w/a.out" | tail -n 1; }
check "a is Primary, synced, and 100 records are acknowledged" \
	wait_for 400 bash -c "n=\$(sed -n 's/^ACK \([0-9]*\).*/\1/p' '$w/a.out' | tail -n 1); ((\${n:-0} >= 100))"
kill -9 "$(cat "$w/a.pid")"
wait $vma
last=$(acked)
diag "a killed after record $last was acknowledged"
echo "$last" >"$w/go-b"
check "b is promoted and holds every acknowledged record" \
	wait_for 240 grep -qx "OK $((last + 1))" "$w/b.check"
[[ -f $w/b.check ]] && diag "b: $(cat "$w/b.check")"
check "b wrote a record of its own" wait_for 120 test -e "$w/b.ready"
vm a2 --net-connect "$w/a2.out" --disk "$w/a.img" &
vma=$!
on_exit "kill $vma"
check "a comes back as Secondary, resynced" wait_for 400 test -s "$w/a2.status"
expect_eq "a's role after the resync" "Secondary/Primary" "$(cat "$w/a2.role" 2>/dev/null)"
diag "a at attach: $(cat "$w/a2.al" 2>/dev/null)"
diag "a: $(cat "$w/a2.status" 2>/dev/null | tr '\n' ' ')"
# Resync bounded by the activity log: the extents (4 MiB) the records
# touched, plus b's own block.
rs=$(sed -n 's/.* rs-recv:\([0-9]*\).*/\1/p' "$w/a2.status" 2>/dev/null)
bound=$(( (((last + 1) * 4096 / 4194304) + 1) * 4096 + 4 ))
diag "resynced ${rs:-?} KiB (bound $bound KiB, device 32 MiB)"
check "resync is bounded by the activity log" test "${rs:-999999}" -le "$bound"
check "resync is more than b's own block" test "${rs:-0}" -gt 4
touch "$w/go-down"
wait $vma
expect_eq "a goes down cleanly" 0 $?
wait $vmb
expect_eq "b goes down cleanly" 0 $?
# Data areas: usable = 65456 sectors for 32 MiB (Documentation/rd.md).
ma=$(head -c $((65456 * 512)) "$w/a.img" | md5sum)
mb=$(head -c $((65456 * 512)) "$w/b.img" | md5sum)
expect_eq "a.img and b.img hold the same data" "$mb" "$ma"
for n in b a2; do
	check "$n: kernel log is clean" "$top/tests/klog-check" "$w/$n.dmesg"
done
ktap_finish
