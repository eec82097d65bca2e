#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Module unload and reload under load, twice: while short TCP connections
# run through two NAT services, a scheduler in use refuses to go; once the
# rules are cleared (connections in flight) the schedulers and halo_vs
# unload with their use counts at 0 and rmmod returns promptly; modprobe
# and halo-vsadm -R from the saved rules bring the balancing back.
# Topology "nat" of ../vs/vs-lib.bash:
#
#   client --veth-- director (VIP 10.0.0.100 on lo) --br0-- rs1, rs2, rs3
#   10.0.1.2        10.0.1.1 | 10.0.2.1                     10.0.2.11..13
#   vs-load conn                                            vs-load serve 80 rsN
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../vs/vs-lib.bash"
. "$(dirname "$0")/faults-lib.bash"

ktap_plan 17
# A clean start: schedulers left loaded by earlier tests would hold halo_vs.
for m in $(lsmod | awk '/^halo_vs_/ { print $1 }'); do rmmod "$m"; done
rmmod halo_vs 2>/dev/null
vs_modules || skip_all "halo_vs does not load"
vs_topo nat || skip_all "cannot build the topology"
load_servers || skip_all "servers did not start"

T="-t $VIP4:80"
vsadm --set 5 5 5
vs_three "$T" -m rr
vsadm -A -t $VIP4:81 -s wlc
for i in 1 2 3; do vsadm -a -t $VIP4:81 -r 10.0.2.1$i:80 -m -w $i; done
saved=/tmp/vsb-unload-rules.$$ out=/tmp/vsb-unload-load.$$
on_exit "rm -f $saved $out"
vsadm -S -n >$saved
diag "saved rules: $(lines $saved)"

# users MODULE: the use count lsmod shows ("" when not loaded)
users() { lsmod | awk -v m="$1" '$1 == m { print $3 }'; }
# rr_conns: Conns of rs1, rs2, rs3 in the port-80 service, one snapshot
rr_conns() {
	vsadm -Ln --stats --exact $T | awk '$1 == "->" { c[$2] = $3 }
		END { print c["10.0.2.11:80"] + 0, c["10.0.2.12:80"] + 0, c["10.0.2.13:80"] + 0 }'
}
# least_conns N: every real server of the port-80 service has over N Conns
least_conns() { rr_conns | awk -v n="$1" '{ exit !($1 > n && $2 > n && $3 > n) }'; }
# svc_conns_over N: the port-80 service has over N Conns
svc_conns_over() { test "$(svc_stats "$T" | cut -d' ' -f1)" -gt "$1"; }

ip netns exec "$C" timeout 600 "$LOAD" conn $VIP4 80 500 4 0.0.0.0 1 >$out &
loadpid=$!
on_exit "kill $loadpid"

for round in 1 2; do
	wait_for 30 svc_conns_over 50
	check "round $round: rmmod halo_vs_rr refused while a service uses it (use count $(users halo_vs_rr))" \
		bash -c '! rmmod halo_vs_rr 2>/dev/null'
	inflight=$(conns | wc -l)
	t0=$(date +%s.%N)
	vsadm -C
	expect_eq "round $round: after -C (with $inflight entries) the schedulers' use counts are 0" "0 0" \
		"$(users halo_vs_rr) $(users halo_vs_wlc)"
	check "round $round: rmmod of both schedulers returns within 60 s" timeout 60 rmmod halo_vs_rr halo_vs_wlc
	expect_eq "round $round: halo_vs's use count is 0" 0 "$(users halo_vs)"
	t1=$(date +%s.%N)
	check "round $round: rmmod halo_vs returns within 60 s" timeout 60 rmmod halo_vs
	t2=$(date +%s.%N)
	check "round $round: modprobe halo_vs, halo-vsadm -R of the saved rules" \
		bash -c "modprobe halo_vs && ip netns exec $D $VSADM -R <$saved"
	t3=$(date +%s.%N)
	ok=1
	wait_for 30 least_conns 10 || ok=0
	c=$(rr_conns)
	diag "round $round: $inflight entries at -C; -C + rmmod schedulers + rmmod halo_vs $(echo "$t2 - $t0" | bc)s (rmmod halo_vs alone $(echo "$t2 - $t1" | bc)s); modprobe + restore $(echo "$t3 - $t2" | bc)s; rr Conns after: $c"
	check "round $round: new connections balanced again over rs1..rs3 (Conns $c)" \
		awk -v ok=$ok -v c="$c" 'BEGIN { n = split(c, a, " "); mn = a[1]; mx = a[1]; for (i = 2; i <= n; i++) { if (a[i] < mn) mn = a[i]; if (a[i] > mx) mx = a[i] } exit !(ok && n == 3 && mn > 10 && mx - mn <= 4) }'
done

kill -TERM $loadpid
wait $loadpid
diag "load through both reloads: $(lines $out) (failures: connections cut or refused while the rules were gone)"
res=$(load_run 3 4)
read -r _ ok _ failed <<<"$res"
diag "after the reloads: $(tr '\n' ' ' <<<"$res")"
expect_eq "after the reloads no client connection fails" 0 "$failed"
check "answers spread evenly over rs1..rs3 (rr)" awk -v ok="$ok" \
	'$1 == "answer" { n++; if ($3 < ok / 3 - 4) bad = 1 } END { exit !(n == 3 && !bad && ok > 30) }' <<<"$res"
check "modules unload at the end" bash -c 'ip netns exec '"$D"' '"$VSADM"' -C && rmmod halo_vs_rr halo_vs_wlc && timeout 60 rmmod halo_vs'
ktap_finish
