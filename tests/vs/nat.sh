#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# NAT (masquerading) with real TCP, UDP and ICMP traffic, IPv4 and IPv6:
# round-robin order, counters, weight 0, deleting a real server and adding
# it back, ICMP errors translated, the connection table. Topology "nat" in
# vs-lib.bash:
#
#   client --veth-- director (VIP on lo) --br0-- rs1, rs2, rs3
#   10.0.1.2        10.0.1.1 | 10.0.2.1          10.0.2.11..13 (gw 10.0.2.1)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vs-lib.bash"

ktap_plan 19
vs_modules || skip_all "halo_vs does not load"
vs_topo nat || skip_all "cannot build the topology"
vs_responders || skip_all "responders did not start"

T="-t $VIP4:80"
vs_three "$T" -m rr
expect_eq "TCP via NAT, rr order newest first" "rs3 rs2 rs1 rs3 rs2 rs1" \
	"$(vsclient tcp $VIP4 80 6 | tr '\n' ' ' | sed 's/ $//')"
table=$(conns)
check "connection table shows client -> VIP -> rs1" \
	grep -Eq "^TCP [0-9:]+ +[A-Z_]+ +10.0.1.2:[0-9]+ +$VIP4:80 +10.0.2.11:80$" <<<"$table"
expect_eq "rs1 counts 2 connections" 2 "$(dest_field "$T" 10.0.2.11:80 conns)"
expect_eq "closed connections are inactive" "0 2" \
	"$(dest_field "$T" 10.0.2.11:80 active) $(dest_field "$T" 10.0.2.11:80 inactive)"

vsadm -e $T -r 10.0.2.13:80 -m -w 0
out=$(vsclient tcp $VIP4 80 4 | tr '\n' ' ')
check "weight 0: rs3 gets no new connection" \
	bash -c "[[ '$out' != *rs3* && '$out' != *-* ]]"
diag "after weight 0: $out"
# A connection held open to rs2 (its input is a FIFO the test writes to).
fifo=/tmp/nat-fifo.$$
mkfifo $fifo && exec 7<>$fifo
ip netns exec "$C" timeout 120 socat - TCP:$VIP4:80 <$fifo >/tmp/nat-held.$$ &
on_exit "kill $! 2>/dev/null; rm -f $fifo"
wait_for 30 test -s /tmp/nat-held.$$
expect_eq "held connection on rs2" rs2 "$(cat /tmp/nat-held.$$)"
vsadm -d $T -r 10.0.2.12:80
expect_eq "deleted rs2 gets no new connection" "rs1 rs1 rs1" \
	"$(vsclient tcp $VIP4 80 3 | tr '\n' ' ' | sed 's/ $//')"
# As in ip_vs, the deleted server's connection goes on until it ends.
echo ping >&7
check "deleted rs2's held connection still works" \
	wait_for 20 grep -q '^ping$' /tmp/nat-held.$$
check "its entry is still listed" grep -q 'ESTABLISHED .* 10.0.2.12:80$' <<<"$(conns)"
# Added back, rs2 is the same server to ip_vs: its held connection and its
# statistics are its own again.
vsadm -a $T -r 10.0.2.12:80 -m -w 1
expect_eq "rs2 added back: ActiveConn 1 (the held connection), Conns kept" "1 5" \
	"$(dest_field "$T" 10.0.2.12:80 active) $(dest_field "$T" 10.0.2.12:80 conns)"
echo pong >&7
check "... and the held connection still works" wait_for 20 grep -q '^pong$' /tmp/nat-held.$$
exec 7>&-
check "delete TCP service" vsadm -D $T

U="-u $VIP4:80"
vs_three "$U" -m rr
vsadm -Z
expect_eq "UDP via NAT, rr order" "rs3 rs2 rs1" \
	"$(vsclient udp $VIP4 80 3 --size 100 | tr '\n' ' ' | sed 's/ $//')"
# One datagram each way: 20 + 8 + 100 bytes in, 20 + 8 + 4 ("rs2\n") out.
expect_eq "UDP byte and packet counters" "1 128 1 32" \
	"$(for f in inpkts inbytes outpkts outbytes; do dest_field "$U" 10.0.2.12:80 $f; done | tr '\n' ' ' | sed 's/ $//')"
expect_eq "service counters sum the servers" "3 384 96" \
	"$(svc_stats "$U" | awk '{ print $2, $4, $5 }')"

# Nobody listens on port 81: rs1's port unreachable must reach the client
# as an error about VIP:81, which refuses its connected socket.
vsadm -A -u $VIP4:81 -s rr && vsadm -a -u $VIP4:81 -r 10.0.2.11:81 -m
check "ICMP port unreachable translated back to the client" \
	bash -c "$(declare -f vsclient); C=$C VSDIR=$VSDIR; vsclient udp $VIP4 81 1 2>&1 | grep -q 'Connection refused'"

S6="-t [$VIP6]:80"
vsadm -A $S6 -s rr
for i in 1 2 3; do vsadm -a $S6 -r "[fd00:2::1$i]:80" -m; done
expect_eq "IPv6 TCP via NAT, rr order" "rs3 rs2 rs1" \
	"$(vsclient tcp $VIP6 80 3 | tr '\n' ' ' | sed 's/ $//')"
expect_eq "IPv6 UDP service absent: no answer through the VIP" "-" \
	"$(vsclient udp $VIP6 80 1 2>/dev/null)"
check "flush" vsadm -C
ktap_finish
