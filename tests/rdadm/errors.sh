#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every configuration error names FILE:LINE:COL and what was expected, and
# exits 10 (as drbdadm does); an unknown resource or a resource without an
# `on` section for this host exits 1. Nothing is printed on stdout then: the
# command never runs on a file that did not parse. Runs on the host.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
export HALO_HOSTNAME=alpha
f=$tmp/halo.conf

# A valid resource; cases below edit one thing in it.
good='resource r0 {
	on alpha { device /dev/halo0; disk /dev/vdb; meta-disk internal; address 10.0.0.1:7789; }
	on beta { device /dev/halo0; disk /dev/vdb; meta-disk internal; address 10.0.0.2:7789; }
}'

# bad NAME RC MESSAGE CONFIG [COMMAND...]: the command (default: dump) exits
# RC, prints exactly "halo-rdadm: MESSAGE" on stderr and nothing on stdout.
bad() {
	local name=$1 rc=$2 msg=$3 out err got
	printf '%s\n' "$4" >"$f"
	shift 4
	(($#)) || set -- dump
	out=$(halo-rdadm -c "$f" "$@" 2>"$tmp/err")
	got=$?
	err=$(cat "$tmp/err")
	if [[ $got == "$rc" && $err == "halo-rdadm: $msg" && -z $out ]]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name"
		diag "want exit $rc: halo-rdadm: $msg"
		diag "got exit $got: $err"
		[[ -z $out ]] || diag "stdout: ${out:0:200}"
	fi
}
edit() { printf '%s\n' "$good" | sed "$1"; }

ktap_plan 38
check "the base configuration is valid" halo-rdadm -c <(printf '%s\n' "$good") dump >/dev/null
bad "syntax error: missing ';'" 10 "$f:2:46: expected ';', got 'meta-disk'" \
	"$(edit '2s/vdb;/vdb/')"
bad "syntax error: missing '}' at end of file" 10 "$f:4:1: expected on, volume, device, disk, meta-disk, protocol, options, net, disk, startup, handlers, syncer or '}', got end of file" \
	"$(edit '4d')"
bad "syntax error: stray top-level word" 10 "$f:1:1: expected global, common, resource or include, got 'resorce'" \
	"$(edit '1s/resource/resorce/')"
bad "unknown keyword in a net section" 10 "$f:2:8: unknown keyword 'ping-intervall' in a net section" \
	"$(edit '1a\	net { ping-intervall 3; }')"
bad "unknown keyword in an on section" 10 "$f:2:67: expected device, disk, meta-disk, address, volume or '}', got 'bogus'" \
	"$(edit '2s/internal;/internal; bogus 1;/')"
bad "unknown keyword in common" 10 "$f:1:10: expected options, net, disk, startup, handlers, syncer, protocol or '}', got 'nett'" \
	"common { nett { } }
$good"
bad "bad enum value" 10 "$f:2:21: expected one of pass_on, call-local-io-error, detach for 'on-io-error', got 'panic'" \
	"$(edit '1a\	disk { on-io-error panic; }')"
bad "bad protocol" 10 "$f:2:11: expected one of A, B, C for 'protocol', got 'D'" \
	"$(edit '1a\	protocol D;')"
bad "bad unit" 10 "$f:2:20: expected a number with an optional unit (s, k, M, G) for 'c-max-rate', got '100Q'" \
	"$(edit '1a\	disk { c-max-rate 100Q; }')"
bad "value out of range" 10 "$f:2:20: '100' is out of range for 'c-max-rate' [250..4194304k]" \
	"$(edit '1a\	disk { c-max-rate 100; }')"
bad "option set twice" 10 "$f:2:20: 'ping-int' is set twice (first at line 2)" \
	"$(edit '1a\	net { ping-int 3; ping-int 4; }')"
bad "missing disk" 10 "$f:3:2: in resource r0, on beta: 'disk' is missing" \
	"$(edit '3s|disk /dev/vdb;||')"
bad "missing meta-disk" 10 "$f:2:2: in resource r0, on alpha: 'meta-disk' is missing" \
	"$(edit '2s|meta-disk internal;||')"
bad "missing address" 10 "$f:3:2: in resource r0, on beta: 'address' is missing" \
	"$(edit '3s|address 10.0.0.2:7789;||')"
bad "device whose minor is unknown" 10 "$f:2:2: in resource r0, on alpha: cannot tell the minor of '/dev/mydisk': write 'device /dev/haloN' or 'device /dev/mydisk minor N'" \
	"$(edit '2s|/dev/halo0|/dev/mydisk|')"
bad "bad IPv4 address" 10 "$f:2:75: bad address '10.0.0.300:7789': '10.0.0.300' is not an IPv4 address" \
	"$(edit '2s/10.0.0.1/10.0.0.300/')"
bad "bad port" 10 "$f:2:75: bad address '10.0.0.1:77899': port '77899' is not a number in 1..65535" \
	"$(edit '2s/7789/77899/')"
bad "address without port" 10 "$f:2:75: bad address '10.0.0.1': expected IP:PORT" \
	"$(edit '2s/10.0.0.1:7789/10.0.0.1/')"
bad "bad IPv6 address" 10 "$f:2:80: bad address '[fd00::1::2]:7789': 'fd00::1::2' is not an IPv6 address" \
	"$(edit '2s/10.0.0.1:7789/ipv6 [fd00::1::2]:7789/')"
bad "IPv6 address without ipv6" 10 "$f:2:75: bad address '[fd00::1]:7789': write an IPv6 address as 'ipv6 [ADDRESS]:PORT'" \
	"$(edit '2s/10.0.0.1:7789/[fd00::1]:7789/')"
bad "address used twice" 10 "$f:3:66: address 10.0.0.1:7789 is already used by resource r0, on alpha (line 2)" \
	"$(edit '3s/10.0.0.2/10.0.0.1/')"
bad "unterminated string" 10 "$f:2:24: unterminated string: expected '\"'" \
	"$(edit '1a\	handlers { fence-peer "/bin/x; }')"
bad "one host only" 10 "$f:1:1: in resource r0: expected two 'on HOST' sections, found 1" \
	"$(edit '3d')"
bad "minor used twice on one host" 10 "$f:7:13: in resource r1, on alpha: minor 0 is already used by resource r0" \
	"$good
resource r1 {
	disk /dev/vdc; meta-disk internal;
	on alpha { device /dev/halo0; address 10.0.0.1:7790; }
	on beta { device /dev/halo1; address 10.0.0.2:7790; }
}"
bad "host twice in a resource" 10 "$f:3:5: host 'alpha' appears twice in resource r0" \
	"$(edit '3s/on beta/on alpha/')"
bad "volume twice in a section" 10 "$f:3:2: volume 1 is defined twice in this section" \
	"$(edit '1a\	volume 1 { device /dev/halo1; disk /dev/vdc; meta-disk internal; }\
	volume 1 { device /dev/halo2; }')"
bad "volume sections mixed with a bare device" 10 "$f:1:1: in resource r0: device/disk/meta-disk outside a 'volume' section mixed with 'volume' sections" \
	"$(edit '1a\	device /dev/halo3;\
	volume 1 { device /dev/halo1; disk /dev/vdc; meta-disk internal; }')"
bad "unsupported address family" 10 "$f:2:75: address family 'sdp' is not supported: use ipv4 or ipv6" \
	"$(edit '2s/10.0.0.1:7789/sdp 10.0.0.1:7789/')"
bad "unsupported DRBD feature: floating" 10 "$f:2:2: expected on, volume, device, disk, meta-disk, protocol, options, net, disk, startup, handlers, syncer or '}', got 'floating'" \
	"$(edit '1a\	floating 10.0.0.9:7789 { device /dev/halo9; }')"
bad "meta-disk index out of range" 10 "$f:2:57: expected a meta-disk index as DEVICE[0..255]" \
	"$(edit '2s|meta-disk internal|meta-disk /dev/vdm[256]|')"
printf 'resource \0 {' >"$tmp/nul.conf"
out=$(halo-rdadm -c "$tmp/nul.conf" dump 2>&1)
expect_eq "a NUL byte is an error, not the end of the file" \
	"10 halo-rdadm: $tmp/nul.conf:1:10: unexpected character 0x00" "$? $out"
bad "resync-after an unknown resource" 10 "$f:2:22: in resource r0: resync-after names 'r7', which is not another resource" \
	"$(edit '1a\	disk { resync-after r7; }')"
bad "become-primary-on a host not in the resource" 10 "$f:1:38: in resource r0: become-primary-on names 'gamma', which is neither 'both' nor one of its 'on' hosts" \
	"common { startup { become-primary-on gamma; } }
$good"
bad "a section without a name is not taken for disk" 10 "$f:2:2: expected on, volume, device, disk, meta-disk, protocol, options, net, disk, startup, handlers, syncer or '}', got '{'" \
	"$(edit '1a\	{ al-extents 100; }')"
bad "unknown resource" 1 "'r9' not defined in your config (for this host)." "$good" dump r9
HALO_HOSTNAME=gamma bad "this host not in the file" 1 "resource 'r0' has no 'on gamma' section for this host (the name comes from uname -n or HALO_HOSTNAME)" \
	"$good" sh-dev r0
bad "missing configuration file: exit 20 as drbdadm" 20 "cannot open '$tmp/none.conf': No such file or directory" "$good" \
	-c "$tmp/none.conf" dump
ktap_finish
