#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# -S/-R round trips in both directions between the real ipvsadm (on ip_vs)
# and halo-vsadm (on halo_vs): a table built with ipvsadm and saved by it
# (numeric and with names) restores into halo_vs and saves back identically,
# and what halo-vsadm saves restores into ip_vs and saves back identically.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vsdiff.bash"
vsdiff_need_ops NEW_SERVICE GET_SERVICE NEW_DEST GET_DEST FLUSH ||
	skip_all "halo_vs has no HALO_VS_CMD_$VSDIFF_MISSING yet (kernel branch vs)"
ktap_plan 7
d=$VSDIFF_DIR
real=/usr/sbin/ipvsadm halo=$d/halo/ipvsadm
modprobe ip_vs && $real -C
# The table: every service and real server kind halo_vs supports.
while IFS= read -r line; do
	$real $line || diag "setup failed: ipvsadm $line"
done <<'EOT'
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 192.168.1.1:8080 -m -w 3
-a -t 10.0.0.1:80 -r 192.168.1.2 -g -w 0
-a -t 10.0.0.1:80 -r 192.168.1.3 -i -w 70000
-a -t 10.0.0.1:80 -r 127.0.0.1:22 -m
-A -t 10.0.0.2:443 -s wrr -p 60 -M 255.255.255.0
-a -t 10.0.0.2:443 -r 192.168.2.1 -g -w 2
-A -u 10.0.0.3:53 -s lc -o
-a -u 10.0.0.3:53 -r 192.168.3.1:5353 -m
-A -t 127.0.0.1:22 -s wlc -p
-A -f 5 -s rr -p 300
-a -f 5 -r 192.168.5.1 -m
-a -f 5 -r 192.168.5.2:80 -g
-A -f 6 -6 -s rr -p 30 -M 64
-A -t [2001:db8::1]:80 -s wlc
-a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 5
-a -t [2001:db8::1]:80 -r 10.1.1.1 -i
-A -t 10.0.0.4:0 -s rr -p 100
-a -t 10.0.0.4:0 -r 192.168.4.1 -m
EOT
$real -Sn >"$d/real.n"
$real -S >"$d/real.names"
check "ipvsadm saved a table to restore" test "$(wc -l <"$d/real.n")" -ge 19
vsdiff_load_halo && $halo -C
$halo -R <"$d/real.n"
expect_eq "halo-vsadm -R of ipvsadm -Sn, then -Sn, gives it back" \
	"$(cat "$d/real.n")" "$($halo -Sn 2>&1)"
expect_eq "halo-vsadm -S (names) equals ipvsadm -S" \
	"$(cat "$d/real.names")" "$($halo -S 2>&1)"
$halo -C
$halo -R <"$d/real.names"
expect_eq "halo-vsadm -R of ipvsadm -S (names) gives the same table" \
	"$(cat "$d/real.n")" "$($halo -Sn 2>&1)"
$halo -Sn >"$d/halo.n"
$real -C
$real -R <"$d/halo.n"
expect_eq "ipvsadm -R of halo-vsadm -Sn gives the same table" \
	"$(cat "$d/halo.n")" "$($real -Sn 2>&1)"
expect_eq "-Ln of both tools agree after the round trip" \
	"$($real -Ln | tail -n +2)" "$($halo -Ln | tail -n +2)"
$real -C
$halo -C
check "both tables flushed" test -z "$($real -Sn)$($halo -Sn)"
ktap_finish
