#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A SYN flood with forged sources from the client's namespace towards a NAT
# service: the half-open entries stay within net.halo_vs.max_half_open,
# slab memory stays bounded, an established connection keeps working, a
# new client gets through at once, and the entries expire afterwards.
# Without the limit the same flood grows the table. Topology "nat" of
# ../vs/vs-lib.bash:
#
#   client --veth-- director (VIP 10.0.0.100 on lo) --br0-- rs1, rs2, rs3
#   10.0.1.2        10.0.1.1 | 10.0.2.1                     10.0.2.11..13
#   vs-load syn (sources 198.18.0.0/16, no route back)      vs-load serve 80
#   curl, socat                                             responder.py :81 (rs1)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../vs/vs-lib.bash"
. "$(dirname "$0")/faults-lib.bash"

ktap_plan 15
vs_modules || skip_all "halo_vs does not load"
vs_topo nat || skip_all "cannot build the topology"
load_servers || skip_all "servers did not start"
ip netns exec "$R1" timeout 600 python3 "$VSDIR/responder.py" rs1 81 10.0.2.11 &
wait_for 60 tcp_listening "$R1" 81 || skip_all "responder did not start"
# Forged sources arrive on d0 with no route back: no reverse-path filter.
ip netns exec "$D" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.d0.rp_filter=0

K=/proc/sys/net/halo_vs
kget() { ip netns exec "$D" cat $K/$1; }
# kcmp NAME OP VALUE: compare a /proc/sys/net/halo_vs value (for wait_for)
kcmp() { test "$(kget "$1")" "$2" "$3"; }
kset() { ip netns exec "$D" sh -c "echo $2 >$K/$1"; }
BOUND=1000

expect_eq "max_half_open defaults to 65536" 65536 "$(kget max_half_open)"
check "a negative max_half_open is refused" bash -c "! ip netns exec $D sh -c 'echo -1 >$K/max_half_open' 2>/dev/null"
kset max_half_open $BOUND
expect_eq "max_half_open set to $BOUND" $BOUND "$(kget max_half_open)"

vs_three "-t $VIP4:80" -m rr
vsadm -A -t $VIP4:81 -s rr
vsadm -a -t $VIP4:81 -r 10.0.2.11:81 -m
fifo=/tmp/vsb-syn-fifo.$$ held=/tmp/vsb-syn-held.$$
mkfifo $fifo && exec 7<>$fifo
ip netns exec "$C" timeout 280 socat - TCP:$VIP4:81 <$fifo >$held &
on_exit "kill $! 2>/dev/null; rm -f $fifo $held"
wait_for 30 grep -q rs1 $held
expect_eq "held connection answered by rs1" rs1 "$(cat $held)"

# Slab in use: objects of the entries' cache (shared with any cache merged
# with it) and the unreclaimable slab of the whole guest, in KiB.
slab() {
	local d=/sys/kernel/slab/hvs_conn
	echo "$(cut -d' ' -f1 $d/objects 2>/dev/null || echo 0) $(cat $d/object_size 2>/dev/null || echo 0)" \
		"$(awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo)"
}
read -r objs0 objsize sunr0 <<<"$(slab)"
diag "before the flood: hvs_conn objects $objs0 of $objsize bytes, SUnreclaim $sunr0 KiB"

samples=/tmp/vsb-syn-samples.$$ flood=/tmp/vsb-syn-flood.$$
on_exit "rm -f $samples $flood"
FLOOD=12
ip netns exec "$C" timeout 60 "$LOAD" syn $VIP4 80 198.18.0.0 65536 $FLOOD 3000 >$flood &
fpid=$!
on_exit "kill $fpid"
# The sampler runs inside the director's namespace and reads with shell
# built-ins only: a sample costs no process start (slow under TCG).
ip netns exec "$D" bash -c '
	slabf=/sys/kernel/slab/hvs_conn/objects
	while kill -0 '$fpid' 2>/dev/null; do
		read -r h <'$K'/half_open; read -r c <'$K'/conn_count
		o=0; [[ -r $slabf ]] && read -r o _ <$slabf
		while read -r k v _; do [[ $k == SUnreclaim: ]] && break; done </proc/meminfo
		echo "$h $c $o $v"
		sleep 0.2
	done' >$samples &
spid=$!
t0=$SECONDS
wait_for 30 kcmp half_open -ge $((BOUND * 9 / 10))
diag "half-open entries reached $((BOUND * 9 / 10)) after $((SECONDS - t0))s"

# New clients during the flood: each must get an answer within 5 s.
worst=0 got=""
for i in 1 2 3; do
	out=$(ip netns exec "$C" curl -s -m 10 -w ' %{time_total}' http://$VIP4/ | tr -d '\n')
	got+="${out%% *} "
	t=${out##* }
	awk -v t="$t" -v w="$worst" 'BEGIN { exit !(t > w) }' && worst=$t
done
diag "clients during the flood: $got(slowest ${worst}s)"
check "3 new clients answered by real servers during the flood, each within 5 s" \
	awk -v g="$got" -v w="$worst" 'BEGIN { exit !(g ~ /^rs[123] rs[123] rs[123] $/ && w <= 5) }'
listed=$(vsadm -Lnc | grep -c '^TCP .* SYN_RECV ')
diag "halo-vsadm -Lnc during the flood: $listed SYN_RECV entries"
echo ping >&7
check "the established connection still echoes during the flood" wait_for 20 grep -q ping $held
wait $fpid
wait $spid
read -r _ sent <$flood
maxhalf=$(awk '$1 > m { m = $1 } END { print m + 0 }' $samples)
maxconn=$(awk '$2 > m { m = $2 } END { print m + 0 }' $samples)
maxobjs=$(awk '$3 > m { m = $3 } END { print m + 0 }' $samples)
maxsunr=$(awk '$4 > m { m = $4 } END { print m + 0 }' $samples)
dropped=$(kget half_open_dropped)
half=$(kget half_open)
read -r made _ <<<"$(svc_stats "-t $VIP4:80")"
diag "flood: $sent SYNs sent in ${FLOOD}s, $made entries made; $(wc -l <$samples) samples: half-open max $maxhalf, entries max $maxconn, hvs_conn objects max $maxobjs, SUnreclaim max $maxsunr KiB (+$((maxsunr - sunr0))); dropped early $dropped"
check "the flood made more entries than 3 x the bound ($made)" test "${made:-0}" -gt $((BOUND * 3))
check "half-open entries never above $BOUND (max $maxhalf)" test "$maxhalf" -le $BOUND -a "$maxhalf" -gt $((BOUND / 2))
check "all entries never above $BOUND + 10 (max $maxconn)" test "$maxconn" -le $((BOUND + 10))
check "-Lnc never listed more than $BOUND SYN_RECV entries ($listed)" test "$listed" -le $BOUND
expect_eq "every flood entry is half-open or was dropped early ($half + $dropped)" $((made - 3)) $((half + dropped))
# Dropped entries are freed after an RCU grace period (slow under TCG) and
# the slab allocator keeps some free objects per CPU: allow 4 x the bound,
# still far below the entries the flood made.
check "hvs_conn slab objects stayed under 4 x $BOUND + 500 (max $maxobjs)" test "$maxobjs" -le $((4 * BOUND + 500 + objs0))

t0=$SECONDS
check "after the flood the half-open entries expire (SYN_RECV 60 s)" wait_for 120 kcmp half_open -eq 0
diag "half-open entries gone $((SECONDS - t0))s after the flood"
# The 3 clients' connections closed normally and wait out TIME_WAIT (120 s).
closing=$(vsadm -Lnc | grep -cE '^TCP .* (FIN_WAIT|TIME_WAIT|CLOSE|CLOSE_WAIT|LAST_ACK) ')
check "at most the 3 clients' connections are closing ($closing)" test "$closing" -le 3
expect_eq "only the held connection is left besides them" 1 $(($(kget conn_count) - closing))

# The same flood without a limit, for comparison; -C empties the table.
kset max_half_open 0
ip netns exec "$C" timeout 60 "$LOAD" syn $VIP4 80 198.18.0.0 65536 4 4000 >$flood
read -r _ sent2 <$flood
n=$(kget conn_count)
read -r objs2 _ sunr2 <<<"$(slab)"
diag "no limit: $sent2 SYNs in 4s left $n entries, hvs_conn objects $objs2, SUnreclaim $sunr2 KiB (+$((sunr2 - sunr0)))"
vsadm -C
ktap_finish
