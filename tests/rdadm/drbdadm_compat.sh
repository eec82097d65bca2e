#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo-rdadm dump against drbd-utils' drbdadm-84 dump of the same drbd.conf
# files: the same text, except for what drbdadm adds beyond the file
# (comments, its cmd-timeout defaults) and its misaligned meta-disk inside
# volumes. The exit codes of bad files and unknown resources agree too
# (except a bad number: drbdadm exits 20 there, halo-rdadm 10 like any
# other configuration error).
# drbdadm dump needs no kernel module. Runs on the host.
. "$(dirname "$0")/../lib.sh"
drbdadm=/lib/drbd/drbdadm-84
[[ -x $drbdadm ]] || skip_all "no $drbdadm (drbd-utils) on this host"
ktap_plan 8
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
export HALO_HOSTNAME=alpha

# drbdadm's dump without what it adds that is not in the file.
drbd_dump() {
	"$drbdadm" -c "$1" dump all | grep -v -e '^#' -e 'cmd-timeout-' |
		sed 's/^\(            meta-disk\)        /\1    /'
}
same() { # same NAME FILE
	local want got
	want=$(drbd_dump "$2" 2>&1)
	got=$(halo-rdadm -c "$2" dump all 2>&1)
	expect_eq "$1" "$want" "$got"
}

cat >"$tmp/a.conf" <<'CONF'
global { disable-ip-verification; usage-count no; }
common {
	net { protocol C; ping-int 3; after-sb-0pri discard-zero-changes; }
	disk { on-io-error detach; c-plan-ahead 20; c-max-rate 100M; c-min-rate 250k; }
	startup { wfc-timeout 10; degr-wfc-timeout 5; }
	handlers { split-brain "/usr/lib/drbd/notify-split-brain.sh root"; fence-peer /bin/true; }
}
resource r0 {
	syncer { rate 40M; verify-alg md5; al-extents 3000; }
	on alpha { device /dev/drbd0; disk /dev/vdb; address 10.0.0.1:7789; meta-disk internal; }
	on beta { device minor 1; disk /dev/vdc; address ipv6 [fd00::2]:7789; meta-disk /dev/vdd[0]; }
}
CONF
same "plain resource, syncer, IPv6, indexed meta-disk, common" "$tmp/a.conf"

cat >"$tmp/b.conf" <<'CONF'
global { disable-ip-verification; }
resource r1 {
	protocol A;
	device /dev/drbd3; disk /dev/vdb; meta-disk internal;
	net { allow-two-primaries yes; shared-secret "a b"; }
	startup { become-primary-on alpha; }
	options { cpu-mask 3; }
	on alpha { address 10.0.0.1:7790; }
	on beta { address 10.0.0.2:7790; }
}
resource r2 {
	volume 0 { device /dev/drbd4; disk /dev/vde; meta-disk /dev/vdf; }
	volume 1 { device /dev/drbd5; disk /dev/vdg; meta-disk internal; }
	on alpha { address 10.0.0.1:7791; }
	on beta { address 10.0.0.2:7791; }
}
CONF
same "resource-level devices, protocol, options, volumes" "$tmp/b.conf"

# exit codes: both say 10 for a bad file, 1 for an unknown resource
rcs() { # rcs FILE ARGS...: "drbdadm-rc halo-rc"
	local f=$1 a b
	shift
	"$drbdadm" -c "$f" "$@" >/dev/null 2>&1
	a=$?
	halo-rdadm -c "$f" "$@" >/dev/null 2>&1
	b=$?
	echo "$a $b"
}
expect_eq "unknown resource: both exit 1" "1 1" "$(rcs "$tmp/a.conf" dump r9)"
sed 's/ping-int 3;/ping-int 3/' "$tmp/a.conf" >"$tmp/c.conf"
expect_eq "syntax error: both exit 10" "10 10" "$(rcs "$tmp/c.conf" dump all)"
sed 's/ping-int 3;/ping-intervall 3;/' "$tmp/a.conf" >"$tmp/c.conf"
expect_eq "unknown keyword: both exit 10" "10 10" "$(rcs "$tmp/c.conf" dump all)"
sed 's|disk /dev/vdc;||' "$tmp/a.conf" >"$tmp/c.conf"
expect_eq "missing disk: both exit 10" "10 10" "$(rcs "$tmp/c.conf" dump all)"
sed 's|7789;|77899;|' "$tmp/a.conf" >"$tmp/c.conf"
expect_eq "port out of range: both exit 10" "10 10" "$(rcs "$tmp/c.conf" dump all)"
expect_eq "configuration file missing: both exit 20" "20 20" "$(rcs "$tmp/none.conf" dump all)"
ktap_finish
