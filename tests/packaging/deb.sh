#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make deb` builds halo-dkms and halo-utils with dpkg-buildpackage in a copy
# of the tree under build/deb (the tree itself stays as it was), each package
# holds what it should (dpkg -c), halo-dkms hands the sources to dkms
# (dependency and maintainer scripts from dh_dkms), halo-utils's units are
# enabled at install, and lintian reports no error or warning.
. "$(dirname "$0")/../lib.sh"
command -v dpkg-buildpackage >/dev/null || skip_all "dpkg-dev is not installed (scripts/deps)"
command -v dh_dkms >/dev/null || skip_all "dh-dkms is not installed (scripts/deps)"
ktap_plan 9
top=$HALO_TOP
out=$top/build/deb
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
dkms_deb=$out/halo-dkms_${ver}_all.deb
utils_deb=$out/halo-utils_${ver}_$(dpkg --print-architecture).deb

before=$(git -C "$top" status --porcelain --ignored=no)
log=$(make -s -C "$top" deb 2>&1)
rc=$?
expect_eq "make deb" 0 "$rc"
((rc == 0)) || tail -n 20 <<<"$log" | sed 's/^/# /'
expect_eq "the tree stays as it was" "$before" "$(git -C "$top" status --porcelain --ignored=no)"

files() { dpkg -c "$1" 2>/dev/null | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|' | sort; }
want_src=$( (cd "$top" && git ls-files -co --exclude-standard Kbuild dkms.conf kernel include) |
	sed "s|^|/usr/src/halo-$ver/|" | sort)
got_src=$(files "$dkms_deb" | grep '^/usr/src/')
expect_eq "halo-dkms: the module sources under /usr/src/halo-$ver" "$want_src" "$got_src"
check "halo-dkms: depends on dkms, registers with dkms at install" bash -c "
	dpkg-deb -f '$dkms_deb' Depends | grep -q '\\bdkms\\b' &&
	dpkg-deb -I '$dkms_deb' postinst | grep -q 'dkms' &&
	dpkg-deb -I '$dkms_deb' prerm | grep -q 'dkms remove'"

want_utils="/etc/modprobe.d/halo.conf
/etc/modules-load.d/halo.conf
/lib/systemd/system/halo-rd.service
/lib/systemd/system/halo-vs.service
/usr/sbin/halo-rdadm
/usr/sbin/halo-rdsetup
/usr/sbin/halo-vsadm
/usr/share/doc/halo-utils/changelog.gz
/usr/share/doc/halo-utils/copyright
/usr/share/doc/halo-utils/examples/halo.conf
/usr/share/man/man5/halo.conf.5.gz
/usr/share/man/man8/halo-rdadm.8.gz
/usr/share/man/man8/halo-rdsetup.8.gz
/usr/share/man/man8/halo-vsadm.8.gz"
expect_eq "halo-utils: tools, units, man pages, module files, example" \
	"$want_utils" "$(files "$utils_deb")"
check "halo-utils: modules-load.d and modprobe.d files are conffiles" bash -c "
	dpkg-deb -I '$utils_deb' conffiles | sort | tr '\n' ' ' |
	grep -qx '/etc/modprobe.d/halo.conf /etc/modules-load.d/halo.conf '"
check "halo-utils: postinst enables both units" bash -c "
	dpkg-deb -I '$utils_deb' postinst | grep -q 'enable.*halo-rd.service' &&
	dpkg-deb -I '$utils_deb' postinst | grep -q 'enable.*halo-vs.service'"
# The example parses: halo-rdadm dump reads it as node alpha.
ex=$(mktemp -d)
on_exit "rm -rf '$ex'"
dpkg-deb -x "$utils_deb" "$ex"
check "halo-utils: the example halo.conf is valid for halo-rdadm" bash -c \
	"HALO_HOSTNAME=alpha '$ex/usr/sbin/halo-rdadm' -c '$ex/usr/share/doc/halo-utils/examples/halo.conf' dump >/dev/null"
expect_eq "lintian: no error or warning" "" "$(grep -E '^[EW]: ' "$out/lintian.log")"
ktap_finish
