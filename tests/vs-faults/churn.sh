#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Real servers added, re-weighted (to 0 too) and removed while a load of
# short TCP connections runs through a NAT service: once a removed or
# weight-0 server's last connection has ended, its own stack accepts no new
# connection; every client connection gets its answer; the counters add up
# and the entries settle in TIME_WAIT. Topology "nat" of ../vs/vs-lib.bash:
#
#   client --veth-- director (VIP 10.0.0.100 on lo) --br0-- rs1, rs2, rs3
#   10.0.1.2        10.0.1.1 | 10.0.2.1                     10.0.2.11..13
#   vs-load conn                                            vs-load serve 80 rsN
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../vs/vs-lib.bash"
. "$(dirname "$0")/faults-lib.bash"

ktap_plan 21
vs_modules || skip_all "halo_vs does not load"
vs_topo nat || skip_all "cannot build the topology"
load_servers || skip_all "servers did not start"

T="-t $VIP4:80"
vsadm --set 5 5 5
vsadm -A $T -s wrr
vsadm -a $T -r 10.0.2.11:80 -m -w 1
vsadm -a $T -r 10.0.2.12:80 -m -w 1

out=/tmp/vsb-churn-load.$$
on_exit "rm -f $out"
ip netns exec "$C" timeout 300 "$LOAD" conn $VIP4 80 240 4 0.0.0.0 1 >$out &
loadpid=$!
on_exit "kill $loadpid"
start=$SECONDS

# grows N: server N accepts new connections within 10 s
above() { test "$(opens "$1")" -gt "$2"; }
grows() {
	wait_for 10 above "$1" "$(opens "$1")"
}

# quiet WHAT N: server N's last connection ends, then for 2 s its stack
# accepts none while the others accept some
quiet() {
	local what=$1 n=$2 p1 p2 others=0 i
	if ! wait_for 15 rs_idle "$n"; then
		ktap_not_ok "$what: rs$n's connections end"
		return
	fi
	p1=$(opens "$n")
	for i in 1 2 3; do ((i == n)) || others=$((others + $(opens $i))); done
	sleep 2
	p2=$(opens "$n")
	for i in 1 2 3; do ((i == n)) || others=$((others - $(opens $i))); done
	if ((p2 == p1 && others < 0)); then
		ktap_ok "$what: rs$n accepted no new connection in 2 s, the others $((-others))"
	else
		ktap_not_ok "$what: rs$n accepted $((p2 - p1)) new connections in 2 s (others $((-others)))"
		diag "entries to rs$n, newest first:"
		conns | grep " 10.0.2.1$n:80\$" | sort -k2 -r | head -n 12 | sed 's/^/#   /'
		diag "rs$n sockets: $(ip netns exec "${RS[n - 1]}" ss -tanH 'sport = :80' | awk '{ print $1 }' | sort | uniq -c | tr '\n' ' ')"
	fi
}

# Two rounds of: add, weight 0, remove, add back with new weights.
vsadm -a $T -r 10.0.2.13:80 -m -w 1
check "round 1: added rs3 gets connections" grows 3
vsadm -e $T -r 10.0.2.12:80 -m -w 0
quiet "round 1: weight 0" 2
c1=$(dest_field "$T" 10.0.2.12:80 conns)
sleep 1
expect_eq "round 1: weight-0 rs2's Conns counter stands still" "$c1" "$(dest_field "$T" 10.0.2.12:80 conns)"
vsadm -d $T -r 10.0.2.11:80
quiet "round 1: removed" 1
check "round 1: removed rs1 is not listed" bash -c "! ip netns exec $D $VSADM -Ln | grep -q 10.0.2.11:80"
vsadm -a $T -r 10.0.2.11:80 -m -w 2
vsadm -e $T -r 10.0.2.12:80 -m -w 1
check "round 1: rs1 added back gets connections" grows 1
check "round 1: rs2 weighted 1 again gets connections" grows 2

vsadm -e $T -r 10.0.2.13:80 -m -w 0
quiet "round 2: weight 0" 3
vsadm -d $T -r 10.0.2.12:80
quiet "round 2: removed" 2
vsadm -d $T -r 10.0.2.11:80
vsadm -e $T -r 10.0.2.13:80 -m -w 5
quiet "round 2: removed" 1
vsadm -a $T -r 10.0.2.11:80 -m -w 1
vsadm -a $T -r 10.0.2.12:80 -m -w 1
check "round 2: rs1 added back gets connections" grows 1
check "round 2: rs2 added back gets connections" grows 2

kill -TERM $loadpid
wait $loadpid
secs=$((SECONDS - start))
read -r _ ok _ failed <$out
diag "load: $ok connections answered, $failed failed in ${secs}s ($(lines $out))"
check "the load made connections throughout (over 200)" test "${ok:-0}" -gt 200
expect_eq "no client connection failed" 0 "${failed:-x}"
expect_eq "every answer came from a real server" "" \
	"$(awk '$1 == "answer" && $2 !~ /^rs[123]$/' $out)"

# Counters over a quiet start: -Z, then 3 s of load at weights 1:2:3.
vsadm -e $T -r 10.0.2.12:80 -m -w 2
vsadm -e $T -r 10.0.2.13:80 -m -w 3
all_idle() { rs_idle 1 && rs_idle 2 && rs_idle 3; }
wait_for 15 all_idle
vsadm -Z
res=$(load_run 3 4)
t0=$SECONDS
diag "entries when the load stopped (state, count, longest expire): $(conns | awk '{ n[$3]++; if ($2 > m[$3]) m[$3] = $2 } END { for (k in n) printf "%s %d %s; ", k, n[k], m[k] }')"
read -r _ ok _ failed <<<"$res"
read -r sconns sin sout _ <<<"$(svc_stats "$T")"
sum=0 pk=ok
for i in 1 2 3; do
	c[i]=$(dest_field "$T" 10.0.2.1$i:80 conns)
	sum=$((sum + c[i]))
	in=$(dest_field "$T" 10.0.2.1$i:80 inpkts)
	o=$(dest_field "$T" 10.0.2.1$i:80 outpkts)
	((c[i] > 0 && in > 0 && o > 0)) || pk="rs$i: conns ${c[i]} inpkts $in outpkts $o"
done
diag "counters: service conns $sconns inpkts $sin outpkts $sout; rs1..3 conns ${c[1]} ${c[2]} ${c[3]}; client ok $ok fail $failed"
expect_eq "service Conns = sum over real servers" "$sconns" "$sum"
expect_eq "every real server's Conns, InPkts, OutPkts nonzero" ok "$pk"
check "client answers = Conns (up to the 4 in flight when it stopped)" \
	test $((sconns - ok)) -ge 0 -a $((sconns - ok)) -le 4 -a "$failed" = 0
check "wrr 1:2:3 within one cycle" awk -v a=${c[1]} -v b=${c[2]} -v d=${c[3]} -v s=$sum \
	'BEGIN { e = 3; exit !((a - s/6)^2 <= e*e && (b - s/3)^2 <= e*e && (d - s/2)^2 <= e*e) }'
check "answers per server match its Conns" awk -v a=${c[1]} -v b=${c[2]} -v d=${c[3]} \
	'$1 == "answer" { n[$2] = $3 } END { exit !(a - n["rs1"] <= 4 && b - n["rs2"] <= 4 && d - n["rs3"] <= 4 && a >= n["rs1"] && b >= n["rs2"] && d >= n["rs3"]) }' <<<"$res"

# The load's entries settle in TIME_WAIT (120 s, not settable with --set;
# tests/vs/inactive.sh covers expiry of the closing states): no entry left
# in another state or to live longer than 120 s, ActiveConn 0 everywhere,
# and the InActConn counters add up to at most the entries listed (entries
# of a server deleted meanwhile count on its old, unlisted instance).
settled() {
	{ vsadm -Lnc | tail -n +3; echo --; vsadm -Ln $T; } | awk '
	$1 == "--" { tab = 1; next }
	!tab { split($2, t, ":"); if ($3 != "TIME_WAIT" || t[1] * 60 + t[2] > 120) exit 1
		n++; next }
	$1 == "->" && $2 ~ /^[0-9]/ { if ($5 != 0) exit 1; in_ += $6 }
	END { exit !(in_ > 0 && in_ <= n) }'
}
check "entries settle: only TIME_WAIT, ActiveConn 0, InActConn within the entries" \
	wait_for 30 settled
diag "$((SECONDS - t0))s after the load stopped: $(conns | awk '{ print $3 }' | sort | uniq -c | tr '\n' ' '); InActConn $(vsadm -Ln $T | awk '$1 == "->" && $2 ~ /^[0-9]/ { s += $6 } END { print s }')"
ktap_finish
