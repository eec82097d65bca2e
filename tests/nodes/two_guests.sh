#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two real nodes: two QEMU guests joined by a socket netdev on 127.0.0.1.
#
#   node1 (10.255.0.1) ==== virtio-net, QEMU socket 127.0.0.1:PORT ==== node2 (10.255.0.2)
#
# Each node reaches the other; then node1's QEMU process is killed (a node
# crash) and node2 sees its peer vanish while it keeps running.
# This group runs on the host; the guests' kernel logs are checked here.
. "$(dirname "$0")/../lib.sh"
ktap_plan 5
top=$HALO_TOP
work=$(mktemp -d "$top/build/nodes.XXXXXX")
on_exit "rm -rf '$work'"
port=$((20000 + $$ % 20000))
pid1=""
on_exit '[[ -n $pid1 ]] && kill -9 $pid1'

# node1: answer pings until killed.
"$top/scripts/vm" --quiet --name node1 --net-listen "$port" --mac 52:54:00:00:00:01 \
	--addr 10.255.0.1/24 --pidfile "$work/node1.pid" --console "$work/node1.console" \
	--timeout 200 -- bash -c "touch '$work/node1.up'; sleep 600" 2>"$work/node1.err" &
vm1=$!
on_exit "kill $vm1"

check "node1 listens on 127.0.0.1:$port" wait_for 60 bash -c "ss -ltnH 'sport = :$port' | grep -q ."
pid1=$(cat "$work/node1.pid" 2>/dev/null)

# node2: reach node1, report, then wait for node1 to vanish.
"$top/scripts/vm" --quiet --name node2 --net-connect "$port" --mac 52:54:00:00:00:02 \
	--addr 10.255.0.2/24 --console "$work/node2.console" --dmesg "$work/node2.dmesg" \
	--timeout 200 -- bash -c "
	for i in \$(seq 120); do ping -c1 -W1 10.255.0.1 >/dev/null && break; done
	ping -c1 -W1 10.255.0.1 >/dev/null || exit 1
	touch '$work/node2.reached'
	for i in \$(seq 120); do ping -c1 -W1 10.255.0.1 >/dev/null || exit 0; done
	exit 3" &
vm2=$!
on_exit "kill $vm2"

check "node2 reaches node1 over the virtual network" wait_for 150 test -e "$work/node2.reached"
check "node1 runs its command" wait_for 60 test -e "$work/node1.up"
# Crash node1: kill -9 of its QEMU process, by the PID QEMU wrote.
[[ -n $pid1 ]] && kill -9 "$pid1"
wait "$vm2"
expect_eq "node2 saw node1 crash and exited cleanly" 0 $?
check "node2 kernel log is clean" "$top/tests/klog-check" "$work/node2.dmesg"
wait "$vm1" 2>/dev/null
pid1=""
ktap_finish
