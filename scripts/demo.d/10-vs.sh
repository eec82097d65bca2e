#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Demo: a virtual service spreading real HTTP requests over three real
# servers through halo_vs (NAT), one server taken out and back.
#
#   client 10.0.0.2 --- 10.0.0.1 director (VIP 10.0.0.100:80) 10.0.1.1 --- bridge
#                                                                 |- rs1 10.0.1.11
#                                                                 |- rs2 10.0.1.12
#                                                                 `- rs3 10.0.1.13
set -euo pipefail
step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
ns=demo-$$
answer=$(mktemp)
# A minimal HTTP server's answer: the real server's name.
printf '#!/bin/sh\nprintf "HTTP/1.0 200 OK\\r\\nContent-Length: 4\\r\\n\\r\\n%%s\\n" "$1"\n' >"$answer"
chmod +x "$answer"
cleanup() {
	rm -f "$answer"
	for n in client dir rs1 rs2 rs3; do
		ip netns pids "$ns-$n" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$ns-$n" 2>/dev/null || true
	done
	return 0
}
trap cleanup EXIT

step "A client, a director and three real servers, each in its own network namespace"
for n in client dir rs1 rs2 rs3; do
	ip netns add "$ns-$n"
	ip -n "$ns-$n" link set lo up
done
ip link add c0 netns "$ns-client" type veth peer name d0 netns "$ns-dir"
ip -n "$ns-client" addr add 10.0.0.2/24 dev c0
ip -n "$ns-client" link set c0 up
ip -n "$ns-dir" addr add 10.0.0.1/24 dev d0
ip -n "$ns-dir" addr add 10.0.0.100/24 dev d0
ip -n "$ns-dir" link set d0 up
ip -n "$ns-dir" link add br0 type bridge
ip -n "$ns-dir" addr add 10.0.1.1/24 dev br0
ip -n "$ns-dir" link set br0 up
ip netns exec "$ns-dir" sysctl -qw net.ipv4.ip_forward=1
for i in 1 2 3; do
	ip link add "e$i" netns "$ns-rs$i" type veth peer name "p$i" netns "$ns-dir"
	ip -n "$ns-dir" link set "p$i" master br0 up
	ip -n "$ns-rs$i" addr add "10.0.1.1$i/24" dev "e$i"
	ip -n "$ns-rs$i" link set "e$i" up
	ip -n "$ns-rs$i" route add default via 10.0.1.1
	ip netns exec "$ns-rs$i" timeout 300 socat TCP-LISTEN:80,fork,reuseaddr \
		EXEC:"$answer rs$i" &
done
for i in 1 2 3; do
	until ip netns exec "$ns-rs$i" ss -ltnH 'sport = :80' | grep -q .; do sleep 0.1; done
done
echo "client 10.0.0.2, VIP 10.0.0.100:80, real servers 10.0.1.11-13 answering with their name"

vs() { ip netns exec "$ns-dir" halo-vsadm "$@"; }
ask() {
	local i out=()
	for i in $(seq "$1"); do
		out+=("$(ip netns exec "$ns-client" curl -s --max-time 10 http://10.0.0.100/)")
	done
	echo "answers: ${out[*]}"
}

step "The virtual service: round robin over three real servers, NAT"
run vs -A -t 10.0.0.100:80 -s rr
for i in 1 2 3; do run vs -a -t 10.0.0.100:80 -r "10.0.1.1$i:80" -m; done
run vs -Ln

step "Six HTTP requests from the client"
ask 6

step "rs2 goes out of service (as a health checker would do)"
run vs -d -t 10.0.0.100:80 -r 10.0.1.12:80
ask 6

step "rs2 is back, with weight 2 under weighted round robin"
run vs -E -t 10.0.0.100:80 -s wrr
run vs -a -t 10.0.0.100:80 -r 10.0.1.12:80 -m -w 2
ask 8

step "What halo_vs counted"
run vs -Ln --stats
run vs -C
