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

# The emulated guest is slow (each hvsctl call takes seconds): timeouts of
# 10-15 s leave room to look at the entries before they go.
vsctl --set 15 5 10
vs_three "-u $VIP4:80" -m rr
vsclient udp $VIP4 80 3 >/dev/null
start=$SECONDS
out=$(vsctl -c)
expect_eq "three UDP entries, expiring within 10 s" "3 3" \
	"$(grep -c '^UDP' <<<"$out") $(grep '^UDP' <<<"$out" | sed -n 's/.*expires=\([0-9]*\) .*/\1/p' | awk '$1 > 0 && $1 <= 10000' | wc -l)"
check "UDP entries expire after the 10 s udp timeout (+slack)" \
	wait_for 30 bash -c "! ip netns exec $D python3 $VSDIR/hvsctl.py -c | grep -q ^UDP"
check "...and not before 5 s" test $((SECONDS - start)) -ge 5
check "GET_INFO counts no entry left" bash -c \
	"$(declare -f vsctl); D=$D VSDIR=$VSDIR; vsctl --info | grep -q ' conns=0$'"

vs_three "-t $VIP4:80" -m rr
vsclient tcp $VIP4 80 1 --hold >/tmp/held.$$ &
on_exit "kill $!"
wait_for 30 test -s /tmp/held.$$
expect_eq "held connection is ESTABLISHED and active" "1 1" \
	"$(vsctl -c | grep -c '^TCP .* ESTABLISHED') $(dest_field "-t $VIP4:80" 10.0.2.13:80 active)"
check "idle ESTABLISHED entry expires after the 15 s tcp timeout" \
	wait_for 60 bash -c "! ip netns exec $D python3 $VSDIR/hvsctl.py -c | grep -q ^TCP"
expect_eq "active count back to 0" 0 "$(dest_field "-t $VIP4:80" 10.0.2.13:80 active)"

# Live services and connections, then the namespace and the modules go.
vsctl --set 900 120 300
vsclient tcp $VIP4 80 3 --hold >/tmp/held2.$$ &
on_exit "kill $!"
wait_for 30 test "$(wc -l </tmp/held2.$$)" -ge 3
check "director namespace with live connections deleted" ip netns del "$D"
check "modules unload" bash -c 'for m in $(lsmod | awk "/^halo_vs_/ {print \$1}"); do rmmod $m || exit 1; done; rmmod halo_vs'
ktap_finish
