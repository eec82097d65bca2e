#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lc, wlc, sed and nq with 200 real servers: every new connection must go
# where ip_vs's O(n) scan would send it. Before each connection the test
# reads every server's weight and active/inactive counters from halo-vsadm
# (kernel list order, --nosort), computes ip_vs 6.1's choice itself (awk
# below: overhead 256 * active + active + inactive for lc/wlc, active + 1
# for sed/nq, ratios by cross-multiplication, the first in list order on a
# tie, weight 0 and overloaded servers skipped, nq takes the first idle
# server), then opens a held connection and checks which address answered.
# The scheduler is switched with -E between rounds, so the kernel's index
# is also rebuilt from live counters.
#
#   client 10.0.1.2 --veth-- director (VIP 10.0.0.100 on lo) --br0--
#       many: 10.0.2.20 .. 10.0.2.219 on one veth, one socat answering
#             each connection with the address it was made to, held open
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vs-lib.bash"

N=200
ktap_plan 6
vs_modules || skip_all "halo_vs does not load"
vs_topo nat || skip_all "cannot build the topology"
netns_add M || skip_all "no namespace"
_vs_link "$M" m0 pm0 || skip_all "no link"
for i in $(seq 0 $((N - 1))); do
	echo "addr add 10.0.2.$((20 + i))/24 dev m0"
done | ip -n "$M" -batch - || skip_all "cannot add addresses"
ip -n "$M" route add default via 10.0.2.1
ip netns exec "$M" timeout 600 socat TCP-LISTEN:80,fork,reuseaddr,backlog=256 \
	SYSTEM:'echo $SOCAT_SOCKADDR; exec cat >/dev/null' &
wait_for 30 tcp_listening "$M" 80 || skip_all "responder did not start"

# Weights 1..5 by position, every 17th server weight 0, 10.0.2.33 with an
# upper threshold of 2 connections (overloaded once it has 2).
T="-t $VIP4:80"
{
	echo "-A $T -s wlc"
	for i in $(seq 0 $((N - 1))); do
		w=$((1 + i * 7 % 5))
		((i % 17 == 3)) && w=0
		x=
		((i == 13)) && x="-x 2"
		echo "-a $T -r 10.0.2.$((20 + i)):80 -m -w $w $x"
	done
} | vsadm -R || skip_all "restore failed"
expect_eq "$N real servers listed" $N "$(vsadm -Ln | grep -c -- '-> [0-9]')"

# expected SCHED: ip_vs's pick from the current listing (list order)
expected() {
	vsadm -Ln --nosort $T | awk -v s="$1" '
	$1 == "->" && $2 ~ /^[0-9]/ {
		split($2, ap, ":"); a = $5; in_ = $6; w = $4
		if (w == 0) next
		if (ap[1] == "10.0.2.33" && a + in_ >= 2) next
		if (s == "lc" || s == "wlc") oh = a * 256 + a + in_
		else oh = a + 1
		if (s == "nq" && a == 0) { best = ap[1]; exit }
		if (s == "lc") { if (best == "" || oh < loh) { best = ap[1]; loh = oh } }
		else if (best == "" || loh * w > oh * lw) { best = ap[1]; loh = oh; lw = w }
	}
	END { print best }'
}

# round SCHED COUNT: COUNT held connections, each checked
K=0
round() {
	local s=$1 n=$2 i want got bad=0
	vsadm -E $T -s "$s" || return 1
	for ((i = 0; i < n; i++)); do
		want=$(expected "$s")
		K=$((K + 1))
		# timeout leads its own process group and takes it along when killed
		ip netns exec "$C" timeout 600 bash -c \
			"sleep 600 | socat - TCP:$VIP4:80,connect-timeout=10" \
			>/tmp/many.$$.$K &
		on_exit "kill $! 2>/dev/null"
		wait_for 30 test -s /tmp/many.$$.$K
		got=$(cat /tmp/many.$$.$K)
		# the connection counts as active once the director saw its ACK
		wait_for 10 bash -c "ip netns exec $D $VSADM -Ln $T | awk '\$2 == \"$got:80\" && \$5 > 0' | grep -q ."
		[[ $got == "$want" ]] || { diag "$s #$i: want $want got $got"; bad=1; }
	done
	return $bad
}
check "wlc: 12 connections where ip_vs's scan sends them" round wlc 12
check "lc: 5 connections as ip_vs" round lc 5
check "sed: 6 connections as ip_vs" round sed 6
check "nq: 5 connections as ip_vs" round nq 5
expect_eq "weight-0 servers got none" 0 \
	"$(vsadm -Ln --nosort $T | awk '$1 == "->" && $2 ~ /^[0-9]/ && $4 == 0 { s += $5 + $6 } END { print s + 0 }')"
ktap_finish
