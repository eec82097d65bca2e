#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The HALO_VS netlink API without traffic: the errnos the uapi header
# promises (with extack messages), strict parsing, permissions, per-netns
# state, SET_SERVICE as a full replacement, timeouts. Two namespaces D and
# B, nothing else. The errno checks go through one batched hvsctl.py run
# (halo-vsadm maps errnos to ipvsadm's messages, so it cannot show them).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vs-lib.bash"

ktap_plan 17
vs_modules || skip_all "halo_vs does not load"
netns_add D && netns_add B || skip_all "no namespaces"
T="-t 10.0.0.1:80"

check "GET_INFO answers version 0.1.0" bash -c \
	"ip netns exec $D $VSADM -Ln | grep -q '^IP Virtual Server version 0.1.0 '"
# HALO_VS_A_SERVICE with an IPv6 family but a 4-byte address.
BAD6=2c000480060001000a0000000600020006000000080003000000000006000400005000000700060072720000
mapfile -t R < <(vsctl --batch <<END
-A $T -s rr
-A $T -s rr
-A -t 10.0.0.1:81 -s nosuch
-D -t 10.0.0.9:80
-a -t 10.0.0.9:80 -r 10.0.2.11:80 -m
-a $T -r 10.0.2.11:80 -m
-a $T -r 10.0.2.11:80 -m
-e $T -r 10.0.2.12:80 -m
-a $T -r 10.0.2.12:80 -m -x 5 -y 10
-A -t 10.0.0.2:0 -s rr
-A -t 10.0.0.3:80 -s rr -o
--raw 2 $BAD6
--raw 2 $(printf '0800%02x00%s' 40 00000000)
END
)
e() { echo "${R[$1]%%:*}"; }
diag "batch: ${R[*]}"
expect_eq "duplicate service: EEXIST" "ok EEXIST" "$(e 0) $(e 1)"
expect_eq "unknown scheduler: ENOENT" ENOENT "$(e 2)"
expect_eq "delete a missing service: ESRCH" ESRCH "$(e 3)"
expect_eq "real server for a missing service: ESRCH" ESRCH "$(e 4)"
expect_eq "duplicate real server: EEXIST" "ok EEXIST" "$(e 5) $(e 6)"
expect_eq "edit a missing real server: ENOENT" ENOENT "$(e 7)"
expect_eq "lower threshold above upper: ERANGE" ERANGE "$(e 8)"
expect_eq "zero port without persistence: EINVAL" EINVAL "$(e 9)"
expect_eq "one-packet scheduling on TCP: EINVAL" EINVAL "$(e 10)"
expect_eq "address length checked, extack names it" \
	"EINVAL: address length does not match family" "${R[11]}"
expect_eq "unknown attribute rejected (strict policy)" EINVAL "$(e 12)"
expect_eq "changes need CAP_NET_ADMIN: EPERM" "hvsctl: EPERM: " \
	"$(ip netns exec "$D" setpriv --reuid=65534 --regid=65534 --clear-groups \
		python3 "$VSDIR/hvsctl.py" -A -t 10.0.0.5:80 -s rr 2>&1)"
check "reading needs no privilege" bash -c \
	"ip netns exec $D setpriv --reuid=65534 --regid=65534 --clear-groups $VSADM -Ln | grep -q '^TCP  10.0.0.1:80 rr'"
expect_eq "another namespace sees no service" "3 0" \
	"$(ip netns exec "$B" "$VSADM" -Ln | wc -l) $(ip netns exec "$B" "$VSADM" -Ln | grep -c '^TCP')"
vsadm -E $T -s wrr -p 30
expect_eq "SET_SERVICE replaces scheduler and persistence" "wrr persistent 30" \
	"$(vsadm -Ln $T | awk '$1 == "TCP" { print $3, $4, $5 }')"
vsadm --set 100 50 30
vsadm --set 0 0 10
expect_eq "timeouts: 0 leaves a value as is" \
	"Timeout (tcp tcpfin udp): 100 50 10" "$(vsadm -L --timeout)"
ktap_finish
