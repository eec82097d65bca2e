#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Schedulers with real connections over NAT: rr and wrr in the same order
# as the in-kernel ip_vs, wrr counts 1:2:3 over a cycle, lc and wlc placing
# new connections on the least loaded server while others are held open,
# the active/inactive counters, persistence. Topology "nat" (vs-lib.bash):
#
#   client --veth-- director (VIP on lo) --br0-- rs1, rs2, rs3
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vs-lib.bash"

ktap_plan 14
vs_modules || skip_all "halo_vs does not load"
vs_topo nat || skip_all "cannot build the topology"
vs_responders || skip_all "responders did not start"
T="-t $VIP4:80"
order() { vsclient tcp $VIP4 80 "$1" | tr '\n' ' ' | sed 's/ $//'; }

# The reference: the same services on ip_vs, in this director namespace.
ipvs_order() { # ipvs_order SCHED N W1 W2 W3
	local i got
	ip netns exec "$D" ipvsadm -A -t $VIP4:80 -s "$1" || return 1
	for i in 1 2 3; do
		ip netns exec "$D" ipvsadm -a -t $VIP4:80 -r 10.0.2.1$i:80 -m \
			-w "${@:2+i:1}"
	done
	got=$(order "$2")
	ip netns exec "$D" ipvsadm -C
	echo "$got"
}

vsadm -A $T -s wrr
for i in 1 2 3; do vsadm -a $T -r 10.0.2.1$i:80 -m -w $i; done
got=$(order 12)
expect_eq "wrr 1:2:3 over two cycles" "2 4 6" \
	"$(for i in 1 2 3; do grep -o "rs$i" <<<"$got" | wc -l; done | tr '\n' ' ' | sed 's/ $//')"
vsadm -D $T
if modprobe ip_vs 2>/dev/null && command -v ipvsadm >/dev/null; then
	expect_eq "wrr order as ip_vs" "$(ipvs_order wrr 12 1 2 3)" "$got"
	vs_three "$T" -m rr
	got=$(order 4)
	vsadm -D $T
	expect_eq "rr order as ip_vs" "$(ipvs_order rr 4 1 1 1)" "$got"
else
	ktap_ok "wrr order as ip_vs # SKIP no ip_vs"
	ktap_ok "rr order as ip_vs # SKIP no ip_vs"
fi

# lc: two held (established) connections weigh 257 each, so the short
# ones that follow all go to the third server.
hold() { # hold N FILE: N connections kept open in the background
	vsclient tcp $VIP4 80 "$1" --hold >"$2" &
	on_exit "kill $!"
	wait_for 30 test "$(wc -l <"$2")" -ge "$1"
}
vs_three "$T" -m lc
hold 2 /tmp/held.$$
expect_eq "lc: held connections spread" "rs3 rs2" "$(lines /tmp/held.$$)"
expect_eq "lc: new connections go to the idle server" "rs1 rs1 rs1" "$(order 3)"
expect_eq "active/inactive counters of rs3 and rs1" "1 0 0 3" \
	"$(dest_field "$T" 10.0.2.13:80 active) $(dest_field "$T" 10.0.2.13:80 inactive) $(dest_field "$T" 10.0.2.11:80 active) $(dest_field "$T" 10.0.2.11:80 inactive)"
vsadm -D $T

# wlc with weights 1:2:3: overhead/weight, held connections only.
vsadm -A $T -s wlc
for i in 1 2 3; do vsadm -a $T -r 10.0.2.1$i:80 -m -w $i; done
hold 6 /tmp/heldw.$$
expect_eq "wlc: placement by overhead / weight" \
	"rs3 rs2 rs1 rs3 rs2 rs3" "$(lines /tmp/heldw.$$)"
expect_eq "wlc: active counters 3 2 1" "3 2 1" \
	"$(for i in 3 2 1; do dest_field "$T" 10.0.2.1$i:80 active; done | tr '\n' ' ' | sed 's/ $//')"
vsadm -D $T

# Persistence: one client keeps one server for the timeout.
vsadm -A $T -s rr -p 60
for i in 1 2 3; do vsadm -a $T -r 10.0.2.1$i:80 -m; done
expect_eq "persistence keeps the client on one server" "rs3 rs3 rs3 rs3" "$(order 4)"
check "a persistence template is listed" \
	grep -Eq "^TCP [0-9:]+ +ASSURED +10.0.1.2:0 +$VIP4:80 +10.0.2.13:80$" <<<"$(conns)"
expect_eq "the server counts one template" 1 \
	"$(dest_field "$T" 10.0.2.13:80 persist)"
vsadm -D $T

# Hashing schedulers: one client address always meets the same server.
for s in sh dh mh; do
	vs_three "$T" -m $s
	got=$(order 4)
	expect_eq "$s: one client, one server" "1 4" \
		"$(tr ' ' '\n' <<<"$got" | sort -u | wc -l) $(grep -o 'rs[123]' <<<"$got" | wc -l)"
	vsadm -D $T
done
ktap_finish
