#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The HALO_VS netlink API without traffic: the errnos the uapi header
# promises (with extack messages), strict parsing, permissions, per-netns
# state, SET_SERVICE as a full replacement, timeouts, multi-part dumps.
# Two namespaces A and B, nothing else.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vs-lib.bash"

ktap_plan 17
vs_modules || skip_all "halo_vs does not load"
netns_add D && netns_add B || skip_all "no namespaces"
# err CMD...: the first word of hvsctl's error (the errno name), or "ok"
err() { local e; e=$(vsctl "$@" 2>&1) && echo ok || sed -n 's/^hvsctl: \([A-Z]*\):.*/\1/p' <<<"$e"; }
T="-t 10.0.0.1:80"

check "GET_INFO answers version 0x000100" bash -c \
	"$(declare -f vsctl); D=$D VSDIR=$VSDIR; vsctl --info | grep -q '^version=0x000100 '"
vsctl -A $T -s rr
expect_eq "duplicate service: EEXIST" EEXIST "$(err -A $T -s rr)"
expect_eq "unknown scheduler: ENOENT" ENOENT "$(err -A -t 10.0.0.1:81 -s nosuch)"
expect_eq "delete a missing service: ESRCH" ESRCH "$(err -D -t 10.0.0.9:80)"
expect_eq "real server for a missing service: ESRCH" ESRCH \
	"$(err -a -t 10.0.0.9:80 -r 10.0.2.11:80 -m)"
vsctl -a $T -r 10.0.2.11:80 -m
expect_eq "duplicate real server: EEXIST" EEXIST "$(err -a $T -r 10.0.2.11:80 -m)"
expect_eq "edit a missing real server: ENOENT" ENOENT "$(err -e $T -r 10.0.2.12:80 -m)"
expect_eq "lower threshold above upper: ERANGE" ERANGE \
	"$(err -a $T -r 10.0.2.12:80 -m -x 5 -y 10)"
expect_eq "zero port without persistence: EINVAL" EINVAL "$(err -A -t 10.0.0.2:0 -s rr)"
expect_eq "one-packet scheduling on TCP: EINVAL" EINVAL "$(err -A -t 10.0.0.3:80 -s rr -o)"
# HALO_VS_A_SERVICE with an IPv6 family but a 4-byte address.
bad=$(vsctl --raw 2 "$(python3 -c 'import struct
a=lambda t,p: struct.pack("HH",4+len(p),t)+p+b"\0"*((4-len(p)%4)%4)
inner=a(1,struct.pack("H",10))+a(2,struct.pack("H",6))+a(3,bytes(4))+a(4,b"\0\x50")+a(6,b"rr\0")
print(a(4|0x8000,inner).hex())')" 2>&1)
expect_eq "address length checked, extack names it" \
	"hvsctl: EINVAL: address length does not match family" "$bad"
expect_eq "unknown attribute rejected (strict policy)" EINVAL \
	"$(err --raw 2 "$(printf '0800%02x00%s' 40 00000000)")"
nobody() { ip netns exec "$D" setpriv --reuid=65534 --regid=65534 --clear-groups python3 "$VSDIR/hvsctl.py" "$@"; }
expect_eq "changes need CAP_NET_ADMIN: EPERM" "hvsctl: EPERM: " \
	"$(nobody -A -t 10.0.0.5:80 -s rr 2>&1)"
check "reading needs no privilege" bash -c \
	"$(declare -f nobody); D=$D VSDIR=$VSDIR; nobody -L | grep -q '^svc TCP 10.0.0.1:80 rr'"
expect_eq "another namespace sees no service" "" \
	"$(ip netns exec "$B" python3 "$VSDIR/hvsctl.py" -L)"
vsctl -E $T -s wrr -p 30
expect_eq "SET_SERVICE replaces scheduler and persistence" "wrr flags=1 timeout=30" \
	"$(vsctl -L $T | head -1 | cut -d' ' -f4-6)"
vsctl --set 100 50 30
vsctl --set 0 0 10
expect_eq "timeouts: 0 leaves a value as is" "100 50 10" "$(vsctl --get)"
ktap_finish
