#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Direct routing (IPv4 and IPv6) and IP-in-IP tunnelling with real TCP and
# UDP traffic, and one-packet scheduling. Topology "lan" in vs-lib.bash:
# client, director and rs1..rs3 on one bridge; the real servers hold the VIP
# on lo and answer the client directly, so the director never sees a reply:
#
#   client 10.0.2.2 --+-- br0: director 10.0.2.1, VIP 10.0.2.100
#   fd00:2::2         |        fd00:2::1, VIP6 fd00:2::100
#                     +-- rs1..rs3 10.0.2.11..13, fd00:2::11..13,
#                         VIP and VIP6 on lo (arp_ignore=1; no ND off lo)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vs-lib.bash"

ktap_plan 13
vs_modules || skip_all "halo_vs does not load"
vs_topo lan || skip_all "cannot build the topology"
vs_responders "$VIP4 $VIP6" || skip_all "responders did not start"

T="-t $VIP4:80"
vs_three "$T" -g rr
got=$(vsclient tcp $VIP4 80 6 | tr "\n" " " | sed "s/ $//")
[[ $got == *-* ]] && diag "director neighbours: $(ip -n "$D" neigh show dev br0 | tr "\n" ";")"
expect_eq "TCP via direct routing, rr order" "rs3 rs2 rs1 rs3 rs2 rs1" "$got"
expect_eq "DR: packets in counted, replies bypass the director" "yes 0" \
	"$( (($(dest_field "$T" 10.0.2.11:80 inpkts) >= 3)) && echo yes) $(dest_field "$T" 10.0.2.11:80 outpkts)"
vsadm -D $T

U="-u $VIP4:80"
vs_three "$U" -g rr
expect_eq "UDP via direct routing" "rs3 rs2 rs1" \
	"$(vsclient udp $VIP4 80 3 | tr '\n' ' ' | sed 's/ $//')"
expect_eq "without -o one socket stays on one server" "rs3 rs3 rs3" \
	"$(vsclient udp $VIP4 80 3 --one-socket | tr '\n' ' ' | sed 's/ $//')"
vsadm -D $U
vsadm -A $U -s rr -o
for i in 1 2 3; do vsadm -a $U -r 10.0.2.1$i:80 -g; done
expect_eq "one-packet scheduling: each datagram scheduled" "rs3 rs2 rs1" \
	"$(vsclient udp $VIP4 80 3 --one-socket | tr '\n' ' ' | sed 's/ $//')"
expect_eq "one-packet scheduling leaves no UDP entry" 0 \
	"$(conns | grep -c '^UDP')"
vsadm -D $U

# IPv6: with forwarding off in the director, replies that went through it
# would be lost; they must go from each real server straight to the client.
ip netns exec "$D" sysctl -qw net.ipv6.conf.all.forwarding=0
fwd6() { ip netns exec "$D" awk '$1 == "Ip6OutForwDatagrams" { print $2 }' /proc/net/snmp6; }
tx() { ip -n "${RS[0]}" -s -j link show r0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["tx"]["packets"])'; }
S6="-t [$VIP6]:80"
vsadm -A $S6 -s rr
for i in 1 2 3; do vsadm -a $S6 -r "[fd00:2::1$i]:80" -g; done
fwd_before=$(fwd6) tx_before=$(tx)
expect_eq "IPv6 TCP via direct routing, rr order" "rs3 rs2 rs1 rs3 rs2 rs1" \
	"$(vsclient tcp $VIP6 80 6 | tr '\n' ' ' | sed 's/ $//')"
fwd_d=$(($(fwd6) - fwd_before)) tx_d=$(($(tx) - tx_before))
expect_eq "IPv6 DR: director forwarded nothing, saw no reply; rs1 sent" \
	"0 0 yes" "$fwd_d $(dest_field "$S6" "[fd00:2::11]:80" outpkts) $( ((tx_d >= 6)) && echo yes)"
expect_eq "rs1 answers from VIP6 on its own link, no gateway" \
	"fd00:2::2 from $VIP6 dev r0" \
	"$(ip -n "${RS[0]}" -6 route get fd00:2::2 from $VIP6 | grep -o "^fd00:2::2 from $VIP6 dev r0")"
expect_eq "IPv6 DR entries closed by the client: inactive, FIN_WAIT" "0 2 2" \
	"$(dest_field "$S6" "[fd00:2::11]:80" active) $(dest_field "$S6" "[fd00:2::11]:80" inactive) $(conns | grep -c "FIN_WAIT .*\[fd00:2::11\]:80$")"
vsadm -D $S6

# Tunnel: the real servers decapsulate on tunl0 (ipip).
modprobe ipip
for rs in "${RS[@]}"; do
	ip -n "$rs" link set tunl0 up
	ip netns exec "$rs" sysctl -qw net.ipv4.conf.tunl0.rp_filter=0
done
vs_three "$T" -i rr
expect_eq "TCP via IP-in-IP tunnel, rr order" "rs3 rs2 rs1" \
	"$(vsclient tcp $VIP4 80 3 | tr '\n' ' ' | sed 's/ $//')"
check "rs1 received IPIP packets on tunl0" \
	bash -c "(( \$(ip -n ${RS[0]} -s -j link show tunl0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"stats64\"][\"rx\"][\"packets\"])') > 0 ))"
expect_eq "tunnel replies bypass the director" 0 \
	"$(dest_field "$T" 10.0.2.11:80 outpkts)"
ktap_finish
