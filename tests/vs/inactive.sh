#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Connections that end, through NAT and through direct routing: the same
# sequence runs through ip_vs (driven by ipvsadm) and through halo_vs (driven
# by halo-vsadm), each in its own set of namespaces. closer.py ends one
# connection per port in a different way (client FIN first, server FIN
# first, client RST, server RST, half-closed, still open, persistent), so
# the entries pass through FIN_WAIT, TIME_WAIT, CLOSE, CLOSE_WAIT and
# ESTABLISHED. Both kernels must then list the same entries with the same
# state and expiry (to a tolerance), count the same ActiveConn, InActConn
# and PersistConn, and drop the FIN_WAIT (tcpfin, set with --set) and CLOSE
# entries when their timeouts run out. The resets come in a second phase,
# both clients run at once, so that the entries compared are of an age.
#
#   c (client) 10.60.0.2 --+-- br0 in d (director) 10.60.0.1
#                          |   VIPs 10.60.0.100 (NAT), 10.60.0.101 (DR)
#   g (DR server) 10.60.0.3+   d 10.50.0.1 --veth-- n (NAT server) 10.50.0.2
#     10.60.0.101 on lo                             default via 10.50.0.1
#
# Services on both VIPs: TCP ports 7001..7007, rr, one real server each
# (n:PORT -m for the NAT VIP, g:PORT -g for the DR VIP); port 7006 is
# persistent (-p 60).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vs-lib.bash"

ktap_plan 10
modprobe ip_vs && command -v ipvsadm >/dev/null || skip_all "no ip_vs/ipvsadm"
vs_modules || skip_all "halo_vs does not load"
TOOL_R=ipvsadm TOOL_H=$VSADM
FIN=20 TOL=10

# topology TAG: the namespaces cTAG, dTAG, gTAG, nTAG.
topology() {
	local c d g n
	netns_add "c$1" && netns_add "d$1" && netns_add "g$1" &&
		netns_add "n$1" || return 1
	c=c$1 d=d$1 g=g$1 n=n$1
	c=${!c} d=${!d} g=${!g} n=${!n}
	ip -n "$d" link add br0 type bridge && ip -n "$d" link set br0 up
	ip -n "$d" addr add 10.60.0.1/24 dev br0
	ip -n "$d" addr add 10.60.0.100/32 dev br0
	ip -n "$d" addr add 10.60.0.101/32 dev br0
	ip link add c0 netns "$c" type veth peer name pc netns "$d"
	ip link add g0 netns "$g" type veth peer name pg netns "$d"
	ip -n "$d" link set pc master br0 up
	ip -n "$d" link set pg master br0 up
	ip -n "$c" addr add 10.60.0.2/24 dev c0 && ip -n "$c" link set c0 up
	ip -n "$g" addr add 10.60.0.3/24 dev g0 && ip -n "$g" link set g0 up
	ip -n "$g" addr add 10.60.0.101/32 dev lo
	ip netns exec "$g" sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
		net.ipv4.conf.all.arp_announce=2
	ip link add n0 netns "$n" type veth peer name vn netns "$d"
	ip -n "$d" addr add 10.50.0.1/24 dev vn && ip -n "$d" link set vn up
	ip -n "$n" addr add 10.50.0.2/24 dev n0 && ip -n "$n" link set n0 up
	ip -n "$n" route add default via 10.50.0.1
	ip netns exec "$d" sysctl -qw net.ipv4.ip_forward=1
}

# rules TAG: the services, with the tool of TAG in dTAG (one -R call).
rules() {
	local tool=TOOL_$1 d=d$1 p opt
	tool=${!tool} d=${!d}
	ip netns exec "$d" "$tool" --set 300 $FIN 30 || return 1
	for p in 7001 7002 7003 7004 7005 7006 7007; do
		opt=
		[[ $p == 7006 ]] && opt=" -p 60"
		echo "-A -t 10.60.0.100:$p -s rr$opt"
		echo "-a -t 10.60.0.100:$p -r 10.50.0.2:$p -m"
		echo "-A -t 10.60.0.101:$p -s rr$opt"
		echo "-a -t 10.60.0.101:$p -r 10.60.0.3:$p -g"
	done | ip netns exec "$d" "$tool" -R
}

# servers TAG: closer.py serving in gTAG and nTAG.
servers() {
	local g=g$1 n=n$1 ns
	g=${!g} n=${!n}
	for ns in "$g" "$n"; do
		ip netns exec "$ns" timeout 300 python3 "$VSDIR/closer.py" serve &
	done
	wait_for 60 tcp_listening "$g" 7007 && wait_for 60 tcp_listening "$n" 7007
}

# client TAG: start the client of cTAG (phase 2 waits for $TMPD/go.TAG).
client() {
	local c=c$1
	c=${!c}
	ip netns exec "$c" timeout 300 python3 "$VSDIR/closer.py" client \
		"$TMPD/go.$1" 10.60.0.100 10.60.0.101 >"$TMPD/client.$1" 2>&1 &
}
# reached WORD: both clients printed WORD.
reached() { grep -qx "$1" "$TMPD/client.R" && grep -qx "$1" "$TMPD/client.H"; }

# snapshot NAME: the listings of dR and dH into $TMPD/NAME.{R,H}.{lc,ln,pc}
# (-Lnc, -Ln, -Ln --persistent-conn), each kind of both kernels at once.
snapshot() {
	local t d tool
	for t in R H; do
		d=d$t tool=TOOL_$t
		ip netns exec "${!d}" "${!tool}" -Lnc >"$TMPD/$1.$t.lc"
	done
	for t in R H; do
		d=d$t tool=TOOL_$t
		ip netns exec "${!d}" "${!tool}" -Ln | tail -n +2 >"$TMPD/$1.$t.ln"
	done
	for t in R H; do
		d=d$t tool=TOOL_$t
		ip netns exec "${!d}" "${!tool}" -Ln --persistent-conn |
			tail -n +4 >"$TMPD/$1.$t.pc"
	done
}

# rows FILE: each entry line as "LINE<TAB>SECONDS", the line with its expiry
# column (columns 5-10) masked and the client port replaced, sorted.
rows() {
	grep -E '^(TCP|UDP|IP ) ' "$1" | sed -E 's/ 10\.60\.0\.2:[1-9][0-9]* +/ 10.60.0.2:PORT     /' |
		awk '{ e = substr($0, 5, 6); split(e, t, ":");
		       printf "%sXX:XX %s\t%d\n", substr($0, 1, 4), substr($0, 11), t[1] * 60 + t[2] }' |
		sort
}

# same_entries NAME TOL: the -Lnc entries of ip_vs and halo_vs at NAME are
# the same lines, expiry within TOL seconds (no TOL: expiry not compared).
same_entries() {
	local bad
	bad=$(paste <(rows "$TMPD/$1.R.lc") <(rows "$TMPD/$1.H.lc") |
		awk -F'\t' -v tol="${2:--1}" '
		$1 != $3 || (tol >= 0 && ($2 - $4 > tol || $4 - $2 > tol)) { print }')
	[[ -z $bad ]] && return 0
	diag "entries that differ (ip_vs | halo_vs):"
	sed 's/^/#   /' <<<"$bad"
	return 1
}

show() {
	diag "$1:"
	sed 's/^/#   /' "$2"
}

TMPD=$(mktemp -d /tmp/vs-inactive.XXXXXX)
on_exit rm -rf "$TMPD"
topology R && topology H || skip_all "cannot build the namespaces"
rules R && rules H || skip_all "cannot set up the services"
servers R && servers H || skip_all "servers did not start"
# Both clients at once, so that the entries of both kernels are of an age.
client R && client H
wait_for 120 reached phase1 && snapshot one
touch "$TMPD/go.R" "$TMPD/go.H"
wait_for 120 reached done && snapshot two
t_two=$SECONDS
show "ipvsadm -Lnc (ip_vs) after the FINs" "$TMPD/one.R.lc"
show "halo-vsadm -Lnc (halo_vs) after the FINs" "$TMPD/one.H.lc"
show "ipvsadm -Lnc (ip_vs) after the resets" "$TMPD/two.R.lc"
show "halo-vsadm -Lnc (halo_vs) after the resets" "$TMPD/two.H.lc"
expect_eq "both clients finished" "phase1 done phase1 done" \
	"$(cat "$TMPD/client.R" "$TMPD/client.H" | tr '\n' ' ' | sed 's/ $//')"

grep -E ':700[34] ' "$TMPD/two.R.lc" >"$TMPD/rst.R.lc"
grep -E ':700[34] ' "$TMPD/two.H.lc" >"$TMPD/rst.H.lc"
states=$(awk 'NR > 2 { print $3 }' "$TMPD/one.R.lc" | sort -u | tr '\n' ' ')
diag "ip_vs states: $states"
check "ip_vs lists 12 + 4 entries: FIN_WAIT, TIME_WAIT, ESTABLISHED, ASSURED; CLOSE" \
	bash -c "[[ $(($(wc -l <"$TMPD/one.R.lc") - 2)) == 12 &&
		'$states' == *FIN_WAIT* && '$states' == *TIME_WAIT* &&
		'$states' == *ESTABLISHED* && '$states' == *ASSURED* &&
		$(grep -c ' CLOSE ' "$TMPD/rst.R.lc") == 3 && $(wc -l <"$TMPD/rst.R.lc") == 4 ]]"
check "closed by FIN: halo_vs lists the same entries as ip_vs, expiry within $TOL s" \
	same_entries one $TOL
expect_eq "closed by FIN: ActiveConn, InActConn and PersistConn as on ip_vs" \
	"$(cat "$TMPD/one.R.ln" "$TMPD/one.R.pc")" "$(cat "$TMPD/one.H.ln" "$TMPD/one.H.pc")"
# The FIN_WAIT entries of the first phase may expire meanwhile and the
# CLOSE ones live 10 s: compare the reset connections (ports 7003 and 7004)
# only, and their ActiveConn (InActConn may already have dropped).
resets() { awk '/^TCP/ { keep = $2 ~ /:700[34]$/ } keep' "$1"; }
# active: each line of a -Ln listing cut after its ActiveConn column.
active() { awk '$1 == "->" { print $2, $5; next } { print }'; }
check "reset: halo_vs lists the same entries as ip_vs, expiry within $TOL s" \
	same_entries rst $TOL
expect_eq "reset: ActiveConn as on ip_vs" \
	"$(resets "$TMPD/two.R.ln" | active)" "$(resets "$TMPD/two.H.ln" | active)"
check "halo_vs FIN_WAIT entries expire within tcpfin ($FIN s)" \
	bash -c "awk '\$3 == \"FIN_WAIT\" { split(\$2, t, \":\"); if (t[1] * 60 + t[2] > $FIN) bad = 1; n++ }
		END { exit bad || !n }' '$TMPD/one.H.lc'"

# FIN_WAIT goes after tcpfin, CLOSE after 10 s; the rest stays.
gone() { ! ip netns exec "$1" "$2" -Lnc | grep -qE ' (FIN_WAIT|CLOSE) '; }
check "halo_vs drops its FIN_WAIT and CLOSE entries in time" \
	wait_for 50 gone "$dH" "$TOOL_H"
wait_for 50 gone "$dR" "$TOOL_R"
diag "gone after $((SECONDS - t_two)) s"
snapshot late
show "ipvsadm -Lnc (ip_vs) later" "$TMPD/late.R.lc"
# Under a slow emulator the 60 s templates and 120 s TIME_WAIT may be near
# their end here: compare what is established (tcp timeout 300 s).
grep ' ESTABLISHED ' "$TMPD/late.R.lc" >"$TMPD/est.R.lc"
grep ' ESTABLISHED ' "$TMPD/late.H.lc" >"$TMPD/est.H.lc"
check "later: halo_vs lists the same ESTABLISHED entries as ip_vs" \
	same_entries est
expect_eq "later: the same ActiveConn as ip_vs" \
	"$(active <"$TMPD/late.R.ln")" "$(active <"$TMPD/late.H.ln")"
# Leave halo_vs unloaded, as expire.sh does: module.sh loads it afresh.
ip netns exec "$dH" "$VSADM" -C
unload_halo() {
	local m
	for m in $(lsmod | awk '/^halo_vs_/ {print $1}'); do rmmod "$m" || return 1; done
	rmmod halo_vs
}
wait_for 30 unload_halo || diag "halo_vs stays loaded: $(lsmod | grep halo_vs | tr '\n' ' ')"
ktap_finish
