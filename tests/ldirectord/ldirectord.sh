#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The real ldirectord (Debian's package) drives halo through halo-vsadm
# installed as ipvsadm (`make install IPVSADM_ALIAS=1`): it adds a real server
# when its check page answers, deletes it when the page goes away (the
# default quiescent=no), adds it back when the page is back, and purges the
# service when it stops; real HTTP requests through the VIP reach only the
# servers it keeps in. The expected tables are what the same scenario gives
# on the in-kernel ip_vs with the real ipvsadm; HALO_LDIRECTORD_REF=1 runs it
# there instead (scripts/vm -- env HALO_LDIRECTORD_REF=1 THIS) to re-check.
#
#   client 10.0.0.2 --- 10.0.0.1 director (VIP 10.0.0.100:80) 10.0.1.1 --- br0
#                         ldirectord, ipvsadm                       |- rs1 10.0.1.11
#                                                                   `- rs2 10.0.1.12
#   rs1, rs2: python3 http.server with index.html (its name) and check.html (OK)
. "$(dirname "$0")/../lib.sh"
ktap_plan 8
kver=$(uname -r)
top=$HALO_TOP
vip=10.0.0.100

command -v ldirectord >/dev/null || skip_all "ldirectord is not installed (scripts/deps)"

tmp=$(mktemp -d)
on_exit rm -rf "$tmp"

netns_add client
netns_add dir
netns_add rs1
netns_add rs2
ip link add c0 netns "$client" type veth peer name d0 netns "$dir"
ip -n "$client" addr add 10.0.0.2/24 dev c0
ip -n "$client" link set c0 up
ip -n "$dir" addr add 10.0.0.1/24 dev d0
ip -n "$dir" addr add $vip/24 dev d0
ip -n "$dir" link set d0 up
ip -n "$dir" link add br0 type bridge
ip -n "$dir" addr add 10.0.1.1/24 dev br0
ip -n "$dir" link set br0 up
ip netns exec "$dir" sysctl -qw net.ipv4.ip_forward=1
for i in 1 2; do
	ns=rs$i
	ip link add "e$i" netns "${!ns}" type veth peer name "p$i" netns "$dir"
	ip -n "$dir" link set "p$i" master br0 up
	ip -n "${!ns}" addr add "10.0.1.1$i/24" dev "e$i"
	ip -n "${!ns}" link set "e$i" up
	ip -n "${!ns}" route add default via 10.0.1.1
	mkdir "$tmp/www$i"
	echo "rs$i" >"$tmp/www$i/index.html"
	echo OK >"$tmp/www$i/check.html"
	ip netns exec "${!ns}" timeout 280 python3 -m http.server -b "10.0.1.1$i" \
		-d "$tmp/www$i" 80 >/dev/null 2>&1 &
done
for i in 1 2; do
	ns=rs$i
	wait_for 90 tcp_listening "${!ns}" 80 || diag "rs$i's HTTP server did not start"
done

cat >"$tmp/halo.cf" <<CF
checktimeout=20
checkinterval=2
autoreload=no
quiescent=no
virtual=$vip:80
	real=10.0.1.11:80 masq 1
	real=10.0.1.12:80 masq 1
	service=http
	scheduler=rr
	protocol=tcp
	checktype=negotiate
	request="check.html"
	receive="OK"
CF

# The virtual service and its real servers as "VIP -> RIP forward weight"
# lines (the connection counters differ between ip_vs and halo_vs).
table() {
	ip netns exec "$dir" timeout 30 ipvsadm -Ln |
		awk '/^TCP/ { v = $2 } /^  -> [0-9]/ { print v, $2, $3, $4 } /^TCP/ && !seen[$2]++ { print v }'
}
has() { [[ $(table) == "$1" ]]; }
ask() {
	local i out=()
	for i in 1 2 3 4; do
		out+=("$(ip netns exec "$client" curl -s --max-time 10 http://$vip/)")
	done
	echo "${out[*]}"
}
both="$vip:80
$vip:80 10.0.1.11:80 Masq 1
$vip:80 10.0.1.12:80 Masq 1"
one="$vip:80
$vip:80 10.0.1.11:80 Masq 1"

# scenario NAME: run ldirectord over the topology, print what it saw
# (progress goes to stderr, the test's log).
scenario() {
	local tpid pid
	# ldirectord gets its TERM by its own PID (not through timeout, which
	# would also signal the process group: a second TERM makes ldirectord
	# exit without purging its services). In -d mode it logs to stderr.
	ip netns exec "$dir" timeout 550 ldirectord -d "$tmp/halo.cf" start \
		>"$tmp/$1.out" 2>&1 &
	tpid=$!
	wait_for 30 pgrep -P "$tpid" >/dev/null
	pid=$(pgrep -P "$tpid")
	diag "$1: $SECONDS s: ldirectord started" >&2
	wait_for 240 has "$both" || {
		diag "$1: ldirectord did not add both" >&2
		tail -n 20 "$tmp/$1.out" | sed 's/^/# out: /' >&2
	}
	diag "$1: $SECONDS s: up" >&2
	echo "up:"; table
	echo "answers: $(ask)"
	rm "$tmp/www2/check.html"
	wait_for 120 has "$one" || diag "$1: ldirectord did not take rs2 out" >&2
	diag "$1: $SECONDS s: rs2 out" >&2
	echo "rs2 check page gone:"; table
	echo "answers: $(ask)"
	echo OK >"$tmp/www2/check.html"
	wait_for 120 has "$both" || diag "$1: ldirectord did not put rs2 back" >&2
	diag "$1: $SECONDS s: rs2 back" >&2
	echo "rs2 check page back:"; table
	[[ -n $pid ]] && kill "$pid"
	wait_for 60 bash -c "! kill -0 $tpid" || { diag "$1: ldirectord did not stop" >&2; kill "$tpid"; }
	wait "$tpid"
	echo "stopped:"; table
	grep -v '^DEBUG' "$tmp/$1.out" | tail -n 30 | sed 's/^/# ldirectord: /' >&2
}

want="up:
$both
rs2 check page gone:
$one
rs2 check page back:
$both
stopped:"
if [[ ${HALO_LDIRECTORD_REF:-} == 1 ]]; then
	modprobe -a ip_vs ip_vs_rr
	got=$(scenario ipvs)
	echo "$got" | sed 's/^/# /'
	expect_eq "ip_vs: the tables" "$want" "$(grep -v -e '^answers:' <<<"$got")"
	exit
fi
modprobe -a veth bridge

# 2. Install halo as ipvsadm. depmod -a over the guest's 9p root reads every
# module of the kernel for minutes; hide them (what the test needs is
# loaded), and put the module index back afterwards.
mkdir "$tmp/modidx"
cp -a /lib/modules/"$kver"/modules.* "$tmp/modidx/"
mount -t tmpfs none /lib/modules/"$kver"/kernel
on_exit "cp -a '$tmp'/modidx/modules.* /lib/modules/$kver/"
on_exit umount /lib/modules/"$kver"/kernel
on_exit make -s -C "$top" uninstall IPVSADM_ALIAS=1 KVER="$kver"
check "make install IPVSADM_ALIAS=1" make -s -C "$top" install IPVSADM_ALIAS=1 KVER="$kver"
check "ipvsadm is halo-vsadm" bash -c "ipvsadm -v | grep -q '^ipvsadm v' && [[ \$(readlink /usr/sbin/ipvsadm) == halo-vsadm ]]"
modprobe halo_vs

# 3. ldirectord on halo_vs.
got=$(scenario halo)
diag "ldirectord on halo:"
echo "$got" | sed 's/^/# /'
expect_eq "ldirectord adds both, deletes rs2, adds it back, purges at stop" "$want" "$(grep -v '^answers:' <<<"$got")"
mapfile -t answers < <(sed -n 's/^answers: //p' <<<"$got")
count() { tr ' ' '\n' <<<"$1" | grep -cx "$2"; }
expect_eq "both checked in: requests alternate over rs1 and rs2" "2 2" \
	"$(count "${answers[0]:-}" rs1) $(count "${answers[0]:-}" rs2)"
expect_eq "rs2 taken out: every request reaches rs1" "4 0" \
	"$(count "${answers[1]:-}" rs1) $(count "${answers[1]:-}" rs2)"
check "ip_vs was never loaded: halo_vs served" bash -c "! grep -q '^ip_vs ' /proc/modules"
check "ldirectord logged adding and deleting real servers" \
	bash -c "grep -q 'Added real server: 10.0.1.12:80' '$tmp/halo.out' &&
		grep -q 'Deleted real server: 10.0.1.12:80' '$tmp/halo.out'"
check "no ipvsadm command failed under ldirectord" bash -c "! grep -q 'system(.*) failed' '$tmp/halo.out'"
ktap_finish
