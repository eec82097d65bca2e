#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Connection entries expire on time (short --set timeouts), counters follow,
# and the module goes away cleanly while services and connections are live.
# Topology "nat" in vs-lib.bash:
#
#   client --veth-- director (VIP on lo) --br0-- rs1, rs2, rs3
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vs-lib.bash"

ktap_plan 9
vs_modules || skip_all "halo_vs does not load"
vs_topo nat || skip_all "cannot build the topology"
vs_responders || skip_all "responders did not start"

# The emulated guest is slow: timeouts of 10-15 s leave room to look at
# the entries before they go.
vsadm --set 15 5 10
vs_three "-u $VIP4:80" -m rr
vsclient udp $VIP4 80 3 >/dev/null
start=$SECONDS
out=$(conns)
expect_eq "three UDP entries, expiring within 10 s" "3 3" \
	"$(grep -c '^UDP' <<<"$out") $(awk '$1 == "UDP" { split($2, t, ":"); s = t[1] * 60 + t[2]; if (s > 0 && s <= 10) n++ } END { print n + 0 }' <<<"$out")"
check "UDP entries expire after the 10 s udp timeout (+slack)" \
	wait_for 30 bash -c "! ip netns exec $D $VSADM -Lnc | grep -q ^UDP"
check "...and not before 5 s" test $((SECONDS - start)) -ge 5
expect_eq "no entry left" "" "$(conns)"

vs_three "-t $VIP4:80" -m rr
vsclient tcp $VIP4 80 1 --hold >/tmp/held.$$ &
on_exit "kill $!"
wait_for 30 test -s /tmp/held.$$
expect_eq "held connection is ESTABLISHED and active" "1 1" \
	"$(conns | grep -c '^TCP .* ESTABLISHED ') $(dest_field "-t $VIP4:80" 10.0.2.13:80 active)"
check "idle ESTABLISHED entry expires after the 15 s tcp timeout" \
	wait_for 60 bash -c "! ip netns exec $D $VSADM -Lnc | grep -q ^TCP"
expect_eq "active count back to 0" 0 "$(dest_field "-t $VIP4:80" 10.0.2.13:80 active)"

# Live services and connections, then the namespace and the modules go.
vsadm --set 900 120 300
vsclient tcp $VIP4 80 3 --hold >/tmp/held2.$$ &
on_exit "kill $!"
wait_for 30 test "$(wc -l </tmp/held2.$$)" -ge 3
check "director namespace with live connections deleted" ip netns del "$D"
check "modules unload" bash -c 'for m in $(lsmod | awk "/^halo_vs_/ {print \$1}"); do rmmod $m || exit 1; done; rmmod halo_vs'
ktap_finish
