#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Listings with live connections: the same traffic through ip_vs (driven by
# ipvsadm) and through halo_vs (driven by halo-vsadm), each in its own set of
# namespaces, gives the same -Lnc lines for a held-open TCP connection and a
# UDP flow (expiry times and client ports masked), the same headers, and the
# same -Ln and --stats connection counts, also for a real server deleted
# and added back while its connection is held. The full listings are
# printed for reading; tests/vs/inactive.sh compares closing connections
# and templates.
#
#   c-N (client)            d-N (director)                 s-N (real server)
#   10.60.0.2 --- veth --- 10.60.0.1 (VIP)  10.50.0.1 --- veth --- 10.50.0.2
#                           TCP :80 rr, TCP :81 -p,          TCP 8080 (answers),
#                           TCP :82, UDP :53, NAT (-m)       8081 (holds), UDP 5353
# timeout=400
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vsdiff.bash"
vsdiff_need_ops NEW_SERVICE NEW_DEST GET_SERVICE GET_DEST GET_CONN ||
	skip_all "halo_vs has no HALO_VS_CMD_$VSDIFF_MISSING yet (kernel branch vs)"
ktap_plan 6
modprobe ip_vs

# topology TAG: namespaces c, d, s named after TAG; prints nothing.
topology() {
	local c s d
	netns_add "c$1" && netns_add "d$1" && netns_add "s$1" || return 1
	c=c$1 d=d$1 s=s$1
	c=${!c} d=${!d} s=${!s}
	ip -n "$d" link add vc type veth peer name vcp netns "$c"
	ip -n "$d" link add vs type veth peer name vsp netns "$s"
	ip -n "$d" addr add 10.60.0.1/24 dev vc
	ip -n "$d" addr add 10.50.0.1/24 dev vs
	ip -n "$c" addr add 10.60.0.2/24 dev vcp
	ip -n "$s" addr add 10.50.0.2/24 dev vsp
	ip -n "$d" link set vc up && ip -n "$d" link set vs up
	ip -n "$c" link set vcp up && ip -n "$s" link set vsp up
	ip -n "$c" route add default via 10.60.0.1
	ip -n "$s" route add default via 10.50.0.1
	ip netns exec "$d" sysctl -qw net.ipv4.ip_forward=1
}

# traffic TOOL TAG: rules with TOOL in d-TAG, then connections from c-TAG.
traffic() {
	local tool=$1 c=c$2 d=d$2 s=s$2 cmd
	c=${!c} d=${!d} s=${!s}
	for cmd in "-A -t 10.60.0.1:80 -s rr" \
		"-a -t 10.60.0.1:80 -r 10.50.0.2:8080 -m" \
		"-A -t 10.60.0.1:81 -s rr -p 100" \
		"-a -t 10.60.0.1:81 -r 10.50.0.2:8080 -m" \
		"-A -t 10.60.0.1:82 -s rr" \
		"-a -t 10.60.0.1:82 -r 10.50.0.2:8081 -m" \
		"-A -u 10.60.0.1:53 -s rr" \
		"-a -u 10.60.0.1:53 -r 10.50.0.2:5353 -m"; do
		# shellcheck disable=SC2086
		ip netns exec "$d" "$tool" $cmd || diag "$tool $cmd failed"
	done
	ip netns exec "$s" timeout 120 socat TCP-LISTEN:8080,fork,reuseaddr \
		SYSTEM:'echo hi' >/dev/null 2>&1 &
	ip netns exec "$s" timeout 120 socat TCP-LISTEN:8081,fork,reuseaddr \
		SYSTEM:'sleep 60' >/dev/null 2>&1 &
	ip netns exec "$s" timeout 120 socat UDP-RECVFROM:5353,fork \
		SYSTEM:'echo hu' >/dev/null 2>&1 &
	wait_for 20 tcp_listening "$s" 8080 && wait_for 20 tcp_listening "$s" 8081 ||
		diag "no listener in $s"
	ip netns exec "$c" timeout 15 nc -w 5 10.60.0.1 80 </dev/null >/dev/null
	ip netns exec "$c" timeout 15 nc -w 5 10.60.0.1 81 </dev/null >/dev/null
	echo x | ip netns exec "$c" timeout 5 nc -u -w 2 10.60.0.1 53 >/dev/null
	ip netns exec "$c" timeout 60 bash -c 'sleep 50 | nc 10.60.0.1 82' \
		>/dev/null 2>&1 &
	wait_for 20 bash -c "ip netns exec $d $tool -Lnc | grep -q ESTABLISHED"
	# :82's server deleted and added back while the connection holds: ip_vs
	# takes it back from its trash, connection and counters with it.
	ip netns exec "$d" "$tool" -d -t 10.60.0.1:82 -r 10.50.0.2:8081
	ip netns exec "$d" "$tool" -a -t 10.60.0.1:82 -r 10.50.0.2:8081 -m
	# ip_vs's listed counters are copies its estimator refreshes every 2 s
	# (and not for a server in the trash): wait for one refresh after the
	# re-add, or --stats shows whatever the last tick saw.
	sleep 2.5
}

# snapshot TOOL TAG FILE: the listings, with what may differ masked.
snapshot() {
	local d=d$2
	d=${!d}
	{
		ip netns exec "$d" "$1" -Lnc | sed -E \
			-e 's/^(...) [0-9]{2}:[0-9]{2} /\1 XX:XX /' \
			-e 's/ 10\.60\.0\.2:[1-9][0-9]* +/ 10.60.0.2:PORT     /' | sort
		echo "--- -Ln"
		ip netns exec "$d" "$1" -Ln | tail -n +2
		echo "--- --stats (connections)"
		ip netns exec "$d" "$1" -Ln --stats | tail -n +2 | cut -c1-42
	} >"$3" 2>&1
}

topology R && topology H || skip_all "cannot build the namespaces"
traffic ipvsadm R
snapshot ipvsadm R "$VSDIFF_DIR/real.conns"
traffic "$HALO_TOP/userland/vsadm/halo-vsadm" H
snapshot "$VSDIFF_DIR/halo/ipvsadm" H "$VSDIFF_DIR/halo.conns"

r=$VSDIFF_DIR/real.conns h=$VSDIFF_DIR/halo.conns
diag "ipvsadm:"
sed 's/^/#   /' "$r"
diag "halo-vsadm:"
sed 's/^/#   /' "$h"
held='ESTABLISHED 10\.60\.0\.2:PORT +10\.60\.0\.1:82 '
check "ipvsadm lists the held connection as ESTABLISHED" grep -qE "$held" "$r"
expect_eq "halo-vsadm lists the held connection like ipvsadm" \
	"$(grep -E "$held" "$r")" "$(grep -E "$held" "$h")"
expect_eq "halo-vsadm lists the UDP flow like ipvsadm" \
	"$(grep -E '^UDP ' "$r")" "$(grep -E '^UDP ' "$h")"
expect_eq "-Lnc headers match" \
	"$(grep -E '^(IPVS|pro) ' "$r")" "$(grep -E '^(IPVS|pro) ' "$h")"
expect_eq "-Ln matches (:82's server deleted and added back: ActiveConn 1)" \
	"$(sed -n '/^--- -Ln/,/^--- --stats/p' "$r")" "$(sed -n '/^--- -Ln/,/^--- --stats/p' "$h")"
expect_eq "--stats connection counts match" \
	"$(sed -n '/^--- --stats/,$p' "$r")" "$(sed -n '/^--- --stats/,$p' "$h")"
ktap_finish
