# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the vs tests (sourced after ../lib.sh; not a test).
#
# vs_topo nat  (NAT: the real servers route their replies via the director)
#
#   client 10.0.1.2/24          director                    rs1..rs3
#   fd00:1::2/64   --veth--  d0 10.0.1.1   br0 10.0.2.1 --veth-- 10.0.2.11..13/24
#                            lo: VIP 10.0.0.100, fd00::100       fd00:2::11..13/64
#                                                                default via 10.0.2.1
#
# vs_topo lan  (DR and tunnel: one L2 network, replies go straight back)
#
#   client 10.0.2.2 --+-- br0 (in director) 10.0.2.1, VIP 10.0.2.100 --+-- rs1..rs3
#   fd00:2::2/64      |   fd00:2::1, VIP6 fd00:2::100                  |  10.0.2.11..13
#                                                      VIP on lo, arp_ignore=1, arp_announce=2
#                                                      VIP6 on lo (no ND answer off lo)
#
# Every real server runs responder.py answering "rsN" on TCP and UDP port 80.

VSDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VIP4=10.0.0.100
VIP6=fd00::100

VSADM=$(cd "$VSDIR/../.." && pwd)/userland/vsadm/halo-vsadm
# vsadm ARGS...: halo-vsadm (ipvsadm syntax) in the director's namespace
vsadm() { ip netns exec "$D" "$VSADM" "$@"; }
# vsctl ARGS...: the python netlink helper, only for what halo-vsadm cannot
# show (raw errnos and extack messages); --batch runs many in one start
vsctl() { ip netns exec "$D" python3 "$VSDIR/hvsctl.py" "$@"; }
# vsclient ARGS...: vsclient.py in the client's namespace
vsclient() { ip netns exec "$C" python3 "$VSDIR/vsclient.py" "$@"; }

# halo_vs itself; the kernel loads each scheduler module (halo_vs_NAME) with
# request_module() from the staged modules tree when a service names it.
vs_modules() {
	modprobe halo_vs
}

_vs_link() { # _vs_link NS IFNAME PEER: veth from NS into the director's br0
	ip link add "$2" netns "$1" type veth peer name "$3" netns "$D" &&
		ip -n "$D" link set "$3" master br0 up &&
		ip -n "$1" link set "$2" up
}

vs_topo() {
	local mode=$1 i rs
	netns_add D && netns_add C && netns_add R1 && netns_add R2 &&
		netns_add R3 || return 1
	RS=("$R1" "$R2" "$R3")
	ip -n "$D" link add br0 type bridge || return 1
	ip -n "$D" link set br0 up
	ip -n "$D" addr add 10.0.2.1/24 dev br0
	ip -n "$D" addr add fd00:2::1/64 dev br0 nodad
	ip netns exec "$D" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1
	if [[ $mode == nat ]]; then
		ip link add c0 netns "$C" type veth peer name d0 netns "$D"
		ip -n "$C" link set c0 up
		ip -n "$D" link set d0 up
		ip -n "$C" addr add 10.0.1.2/24 dev c0
		ip -n "$C" addr add fd00:1::2/64 dev c0 nodad
		ip -n "$D" addr add 10.0.1.1/24 dev d0
		ip -n "$D" addr add fd00:1::1/64 dev d0 nodad
		ip -n "$C" route add default via 10.0.1.1
		ip -n "$C" -6 route add default via fd00:1::1
		ip -n "$D" addr add $VIP4/32 dev lo
		ip -n "$D" addr add $VIP6/128 dev lo
	else
		VIP4=10.0.2.100 VIP6=fd00:2::100
		_vs_link "$C" c0 pc0
		ip -n "$C" addr add 10.0.2.2/24 dev c0
		ip -n "$C" addr add fd00:2::2/64 dev c0 nodad
		ip -n "$D" addr add $VIP4/32 dev br0
		ip -n "$D" addr add $VIP6/128 dev br0 nodad
	fi
	for i in 1 2 3; do
		rs=${RS[i - 1]}
		_vs_link "$rs" r0 pr$i || return 1
		ip -n "$rs" addr add 10.0.2.1$i/24 dev r0
		ip -n "$rs" addr add fd00:2::1$i/64 dev r0 nodad
		ip -n "$rs" route add default via 10.0.2.1
		ip -n "$rs" -6 route add default via fd00:2::1
		if [[ $mode == lan ]]; then
			ip netns exec "$rs" sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
				net.ipv4.conf.all.arp_announce=2 \
				net.ipv4.conf.all.rp_filter=0 \
				net.ipv4.conf.default.rp_filter=0
			ip -n "$rs" addr add $VIP4/32 dev lo
			ip -n "$rs" addr add $VIP6/128 dev lo nodad
		fi
	done
}

# vs_responders [EXTRA_ADDR]: start "rsN" on port 80 of each real server.
vs_responders() {
	local i addrs
	for i in 1 2 3; do
		addrs="10.0.2.1$i fd00:2::1$i ${1:-}"
		ip netns exec "${RS[i - 1]}" timeout 600 python3 \
			"$VSDIR/responder.py" rs$i 80 $addrs &
	done
	for i in 1 2 3; do
		wait_for 90 tcp_listening "${RS[i - 1]}" 80 || return 1
	done
}

# vs_three SVC FWD [SCHED]: a service with rs1, rs2, rs3 added in that order.
vs_three() {
	local svc=$1 fwd=$2 sched=${3:-rr} i
	vsadm -A $svc -s "$sched" || return 1
	for i in 1 2 3; do
		vsadm -a $svc -r 10.0.2.1$i:80 "$fwd" || return 1
	done
}

# dest_field SVC RS FIELD: a real server's FIELD (active, inactive, persist,
# conns, inpkts, outpkts, inbytes, outbytes) from halo-vsadm's listing.
dest_field() {
	local opt col
	case $3 in
	active) opt=; col=5 ;;
	inactive) opt=; col=6 ;;
	persist) opt=--persistent-conn; col=4 ;;
	conns) opt=--stats; col=3 ;;
	inpkts) opt=--stats; col=4 ;;
	outpkts) opt=--stats; col=5 ;;
	inbytes) opt=--stats; col=6 ;;
	outbytes) opt=--stats; col=7 ;;
	*) return 1 ;;
	esac
	vsadm -Ln $1 $opt --exact | awk -v a="$2" -v c=$col '$1 == "->" && $2 == a { print $c }'
}

# svc_stats SVC: "conns inpkts outpkts inbytes outbytes" of the service
svc_stats() {
	vsadm -Ln $1 --stats --exact | awk '$1 == "TCP" || $1 == "UDP" || $1 == "FWM" { print $3, $4, $5, $6, $7 }'
}

# conns: the connection table as `ipvsadm -Lnc` prints it, without headers
conns() { vsadm -Lnc | tail -n +3; }

# lines FILE: the lines of FILE joined by spaces
lines() { tr '\n' ' ' <"$1" | sed 's/ $//'; }
